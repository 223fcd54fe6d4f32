/// Which database the collector uses, as given by `--db`.
///
/// Accepted forms: `sqlite:PATH` (also `sqlite://PATH`). `postgres://…` is
/// recognised but not supported yet.
public enum StorageLocation: Sendable, Equatable, CustomStringConvertible {
    /// One SQLite file.
    case sqlite(path: String)

    /// The accepted forms, for messages.
    public static let acceptedForms = "sqlite:PATH (postgres://… is not supported yet)"

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
            throw StorageLocationError("--db \(text): PostgreSQL is not supported yet; use sqlite:PATH")
        } else {
            throw StorageLocationError("--db \(text) is not a database this collector knows; use \(Self.acceptedForms)")
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        }
    }

    /// Opens the storage, applying pending migrations.
    public func open(busyTimeout: Duration = .seconds(5)) throws(CollectorStorageError) -> any CollectorStorage {
        switch self {
        case .sqlite(let path): return try SQLiteCollectorStorage(path: path, busyTimeout: busyTimeout)
        }
    }
}

/// Why a `--db` value was not accepted.
public struct StorageLocationError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
