import Foundation
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
            return try await leasing { connection in
                try await connection.withTransaction(logger: self.logger) { connection in
                    try await connection.perform("SET LOCAL lock_timeout = \(unescaped: String(lockTimeoutMillis))", logger: self.logger)
                    return try await body(connection)
                }
            }
        } catch {
            throw Self.storageError(error, operation: operation)
        }
    }

    /// Runs `body` on a pooled connection (each statement sees what was committed when it started).
    func reading<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T)
        async throws(CollectorStorageError) -> T {
        do {
            return try await leasing(body)
        } catch {
            throw Self.storageError(error, operation: operation)
        }
    }

    /// Runs `body` on a pooled connection; fails as unavailable if none is leased within ``connectWait``.
    ///
    /// Why: while the database refuses connections the pool keeps retrying and holds requests
    /// for about a minute before failing them; a terminal should get its 503 sooner. Only the
    /// wait for a connection is bounded: once `body` runs, it is never cancelled half-way.
    private func leasing<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let leased = LeaseFlag()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await self.client.withConnection { connection in
                    leased.set()
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: self.connectWait)
                return nil
            }
            do {
                while let next = try await group.next() {
                    if let value = next {
                        group.cancelAll()
                        return value
                    }
                    if !leased.isSet {
                        group.cancelAll()
                        throw CollectorStorageError.unavailable(detail: "no connection to the database within \(self.connectWait)")
                    }
                }
            } catch {
                group.cancelAll()
                throw error
            }
            throw CollectorStorageError.failed(operation: "lease a connection", detail: "the lease ended without a result")
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

/// Whether a connection was leased, set from the pool's task and read from the waiting one.
///
/// A class around NSLock rather than `Mutex`: `Mutex` needs macOS 15, the package supports macOS 14.
private final class LeaseFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var leased = false

    func set() { lock.withLock { leased = true } }
    var isSet: Bool { lock.withLock { leased } }
}
