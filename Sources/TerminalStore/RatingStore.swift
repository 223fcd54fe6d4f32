import Foundation
import GRDB
import RatingCore

/// The terminal's outbox: every rating, kept durably on the SD card until the
/// collector has acknowledged it and the retention period has passed.
///
/// One SQLite file (WAL, `synchronous=FULL` on every connection). `append`
/// returns only after the rating's own transaction has committed, so a crash
/// or power cut after that loses nothing.
public final class RatingStore: Sendable {
    /// The SQLite file.
    public let path: String
    /// This store's random id, created with the file.
    public let storeID: String
    let database: DatabaseQueue
    /// The reserve file's keeper; `nil` when this opener keeps no reserve (`status`, `export`).
    let keeper: ReserveKeeper?

    /// Opens (or creates) the store at `path`, migrating it and checking it with `PRAGMA quick_check`.
    ///
    /// With a `reserve` (the daemon), the reserve file is made beside the store when there is room,
    /// and a write that finds the disk full gives it back and is tried once more (``storageChanges``).
    /// `adoptingStoreID`: the id a new file takes instead of a random one (a salvage store keeps the damaged store's id).
    public init(path: String, reserve: StorageReserve? = nil, adoptingStoreID: String? = nil,
                now: @Sendable () -> Int64 = RatingStore.wallMillisNow) throws {
        self.path = path
        keeper = reserve.map(ReserveKeeper.init)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError.cannotOpen(path: path, detail: "cannot create folder \(directory): \(error.localizedDescription)")
            }
        }
        // Opening may need room (the -shm file, a new store's first pages): on a full disk the
        // reserve is given back and the opening tried once more.
        let keeper = self.keeper
        (database, storeID) = try Self.retryingWhenFull(keeper, path: path) { try Self.open(path: path, adopting: adoptingStoreID, now: now) }
    }

    /// Opens, checks and migrates the file; returns it with its store id.
    private static func open(path: String, adopting: String?, now: @Sendable () -> Int64) throws -> (DatabaseQueue, String) {
        let database: DatabaseQueue
        do {
            database = try DatabaseQueue(path: path, configuration: Self.configuration())
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw StoreError.damaged(path: path, detail: String(describing: error))
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw error
        } catch {
            throw StoreError.cannotOpen(path: path, detail: String(describing: error))
        }
        do {
            let check = try database.read { try String.fetchAll($0, sql: "PRAGMA quick_check") }
            guard check == ["ok"] else { throw StoreError.damaged(path: path, detail: check.joined(separator: "; ")) }
            try Self.migrator.migrate(database)
            return (database, try database.write { db in try Self.ensureStoreID(db, adopting: adopting, now: now()) })
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw error
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw StoreError.damaged(path: path, detail: String(describing: error))
        } catch {
            throw StoreError.cannotOpen(path: path, detail: String(describing: error))
        }
    }

    /// The one place that configures every connection: WAL and `synchronous=FULL`
    /// (`NORMAL` may roll back a committed row after a power cut, and its seq would be reused).
    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    private static func ensureStoreID(_ db: Database, adopting: String?, now: Int64) throws -> String {
        if let existing = try String.fetchOne(db, sql: "SELECT store_id FROM store_info WHERE id = 1") {
            return existing
        }
        let id = adopting ?? UUID().uuidString.lowercased()
        try db.execute(sql: "INSERT INTO store_info (id, store_id, created_wall_ms) VALUES (1, ?, ?)", arguments: [id, now])
        return id
    }

    /// The current wall clock in milliseconds since 1970.
    public static func wallMillisNow() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}

/// Why the store could not do what was asked.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or created.
    case cannotOpen(path: String, detail: String)
    /// `PRAGMA quick_check` found damage.
    case damaged(path: String, detail: String)
    /// A write or read failed.
    case failed(operation: String, detail: String)
    /// An acknowledgement named a store that is not this one.
    case wrongStore(expected: String, got: String)
    /// A record was not kept because it is not valid (the caller's mistake, not the disk's).
    case refused(what: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let detail):
            return "cannot open the rating store \(path): \(detail) (check that the folder exists and is writable by the service user)"
        case .damaged(let path, let detail):
            return "the rating store \(path) is damaged: \(detail) (rating-terminal run moves it aside, never deletes it, starts a new store and uploads its readable records later)"
        case .failed(let operation, let detail):
            return "rating store: \(operation) failed: \(detail)"
        case .wrongStore(let expected, let got):
            return "acknowledgement for store \(got), but this store is \(expected)"
        case .refused(let what, let reason):
            return "rating store: a \(what) was not kept: \(reason)"
        }
    }
}
