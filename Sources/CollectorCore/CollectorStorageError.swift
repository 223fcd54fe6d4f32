/// Why a ``CollectorStorage`` call failed.
public enum CollectorStorageError: Error, Equatable, CustomStringConvertible {
    /// The database stayed locked by someone else beyond the busy timeout; retrying later may succeed.
    case busy(detail: String)
    /// The database cannot be reached or written (missing, read-only, disk full…).
    case unavailable(detail: String)
    /// The database could not be opened or prepared at start-up.
    case cannotOpen(location: String, detail: String)
    /// `addDevice` with an id that is already registered.
    case deviceExists(String)
    /// A device operation named an id that is not registered.
    case unknownDevice(String)
    /// Anything else the database reported.
    case failed(operation: String, detail: String)

    public var description: String {
        switch self {
        case .busy(let detail):
            return "the database is busy (locked by another connection): \(detail)"
        case .unavailable(let detail):
            return "the database is unavailable: \(detail)"
        case .cannotOpen(let location, let detail) where location.hasPrefix("postgres"):
            return "cannot open the collector database \(location): \(detail) (check that the server runs, listens there and lets this user in)"
        case .cannotOpen(let location, let detail):
            return "cannot open the collector database \(location): \(detail) (check that the folder exists and is writable by the service user)"
        case .deviceExists(let id):
            return "device \(id) is already registered (use --rotate to give it a new secret)"
        case .unknownDevice(let id):
            return "device \(id) is not registered"
        case .failed(let operation, let detail):
            return "database \(operation) failed: \(detail)"
        }
    }
}
