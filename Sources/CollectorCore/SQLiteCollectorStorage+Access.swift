import GRDB

extension SQLiteCollectorStorage {
    /// Runs `body` in a write transaction, mapping database errors to ``CollectorStorageError``.
    func writing<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(CollectorStorageError) -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw Self.storageError(error, operation: operation)
        }
    }

    /// Runs `body` in a read transaction, mapping database errors to ``CollectorStorageError``.
    func reading<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(CollectorStorageError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.storageError(error, operation: operation)
        }
    }

    /// Sorts a thrown error into busy (retry later), unavailable, or failed.
    static func storageError(_ error: any Error, operation: String) -> CollectorStorageError {
        if let error = error as? CollectorStorageError { return error }
        guard let error = error as? DatabaseError else {
            return .failed(operation: operation, detail: String(describing: error))
        }
        let detail = "\(operation): \(error.message ?? "\(error.resultCode)")"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .busy(detail: detail)
        case .SQLITE_CANTOPEN, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_PERM:
            return .unavailable(detail: detail)
        default:
            return .failed(operation: operation, detail: String(describing: error))
        }
    }
}
