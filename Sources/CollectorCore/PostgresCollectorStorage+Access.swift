import PostgresNIO

extension PostgresCollectorStorage {
    /// Runs `body` in one transaction on a pooled connection, mapping errors to ``CollectorStorageError``.
    ///
    /// The transaction's `lock_timeout` is the busy timeout: a row or key held by another
    /// instance's transaction is waited for that long, then the call fails as busy (503).
    func writing<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T)
        async throws(CollectorStorageError) -> T {
        // lock_timeout 0 would mean "wait forever"; a busy timeout of 0 means "do not wait".
        let lockTimeoutMillis = max(1, busyTimeoutMillis)
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await connection.perform("SET LOCAL lock_timeout = \(unescaped: String(lockTimeoutMillis))", logger: self.logger)
                return try await body(connection)
            }
        } catch {
            throw Self.storageError(error, operation: operation)
        }
    }

    /// Runs `body` on a pooled connection (each statement sees what was committed when it started).
    func reading<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T)
        async throws(CollectorStorageError) -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw Self.storageError(error, operation: operation)
        }
    }

    /// Sorts a thrown error into busy (retry later), unavailable, or failed.
    static func storageError(_ error: any Error, operation: String) -> CollectorStorageError {
        if let error = error as? CollectorStorageError { return error }
        if let transaction = error as? PostgresTransactionError {
            // The first error that happened says what went wrong; a failed rollback after it adds nothing.
            guard let cause = transaction.beginError ?? transaction.closureError ?? transaction.commitError ?? transaction.rollbackError else {
                return .failed(operation: operation, detail: "transaction failed without a cause")
            }
            return storageError(cause, operation: operation)
        }
        let detail = "\(operation): \(Self.detail(of: error))"
        guard let error = error as? PSQLError else {
            // The pool's "circuit breaker tripped" (no connection could be made for a minute) is a
            // ConnectionPoolError from the underscored _ConnectionPoolModule, which this target does not
            // import; its type name is the one stable handle on it.
            if String(describing: type(of: error)) == "ConnectionPoolError" { return .unavailable(detail: detail) }
            return .failed(operation: operation, detail: Self.detail(of: error))
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            // 40001 serialization failure, 40P01 deadlock, 55P03 lock not available (lock_timeout).
            if ["40001", "40P01", "55P03"].contains(state) { return .busy(detail: detail) }
            // 08 connection exception, 53 insufficient resources (disk full, too many connections),
            // 57P01-57P03 the server is shutting down or starting, 3D000 no such database, 25006 read-only.
            if state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P") || ["3D000", "25006"].contains(state) {
                return .unavailable(detail: detail)
            }
            return .failed(operation: operation, detail: Self.detail(of: error))
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown:
            return .unavailable(detail: detail)
        default:
            return .failed(operation: operation, detail: Self.detail(of: error))
        }
    }

    /// What an error says, for messages: the server's SQLSTATE and message, or the underlying socket error.
    ///
    /// PSQLError's `description` is deliberately generic (it might reach end users); its server
    /// fields and underlying error are what an operator needs, and carry no secrets.
    static func detail(of error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let info = error.serverInfo {
            return "\(info[.message] ?? "server error") (SQLSTATE \(info[.sqlState] ?? "?"))"
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}

extension PostgresConnection {
    /// Runs a statement whose rows, if any, are not needed, and waits for its end.
    ///
    /// Why not a bare `query`: it returns as soon as rows start to stream, and an error that comes
    /// later (a lock timeout in `SELECT … FOR UPDATE`) would surface only while reading them; left
    /// unread, the next statement fails instead with "current transaction is aborted".
    func perform(_ statement: PostgresQuery, logger: Logger) async throws {
        _ = try await query(statement, logger: logger).collect()
    }
}
