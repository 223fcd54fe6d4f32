import Logging

/// Which database the collector uses, as given by `--db`.
///
/// Accepted forms: `sqlite:PATH` (also `sqlite://PATH`) and
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DBNAME` (also `postgresql://`).
public enum StorageLocation: Sendable, Equatable, CustomStringConvertible {
    /// One SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL database, which several collector instances may share.
    case postgres(PostgresLocation)

    /// The accepted forms, for messages.
    public static let acceptedForms = "sqlite:PATH or postgres://USER@HOST[:PORT]/DBNAME"

    /// Parses a `--db` value.
    public init(parsing text: String) throws(StorageLocationError) {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            // sqlite:///var/lib/x.sqlite is the URL spelling of /var/lib/x.sqlite.
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw StorageLocationError("--db \(text) names no file; use \(Self.acceptedForms)")
            }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard let location = PostgresLocation(url: text) else {
                throw StorageLocationError("--db \(text) is not a PostgreSQL URL this collector reads; use postgres://USER[:PASSWORD]@HOST[:PORT]/DBNAME")
            }
            self = .postgres(location)
        } else {
            throw StorageLocationError("--db \(text) is not a database this collector knows; use \(Self.acceptedForms)")
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let location): return location.description
        }
    }

    /// Opens the storage (applying pending migrations), runs `body` with it, then closes it.
    ///
    /// A closure rather than a returned value because PostgreSQL's connection pool works only
    /// while its `run()` runs: it runs beside `body` and is cancelled when `body` returns.
    ///
    /// - Parameter busyTimeout: how long a write waits for a lock held by another connection.
    public func withStorage<T: Sendable>(busyTimeout: Duration = .seconds(5), logger: Logger = Logger(label: "rating-collector.storage"),
                                         _ body: (any CollectorStorage) async throws -> T) async throws -> T {
        switch self {
        case .sqlite(let path):
            return try await body(try SQLiteCollectorStorage(path: path, busyTimeout: busyTimeout))
        case .postgres(let location):
            let storage = try await PostgresCollectorStorage.open(location, busyTimeout: busyTimeout, logger: logger)
            return try await storage.whileRunning { try await body(storage) }
        }
    }
}

/// Why a `--db` value was not accepted.
public struct StorageLocationError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
