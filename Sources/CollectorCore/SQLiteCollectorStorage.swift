import Foundation
import GRDB
import RatingCore
import RatingWire

/// ``CollectorStorage`` in one SQLite file, through GRDB.
///
/// Every connection runs in WAL mode with `synchronous=FULL`, so a commit is
/// durable when `write` returns. Writers wait up to the busy timeout for a
/// lock held by another connection, then fail with
/// ``CollectorStorageError/busy(detail:)``.
public final class SQLiteCollectorStorage: CollectorStorage {
    /// The SQLite file.
    public let path: String
    let pool: DatabasePool

    /// Opens (or creates) the database at `path` and applies pending migrations.
    ///
    /// - Parameters:
    ///   - path: the SQLite file; its folder is created if missing.
    ///   - busyTimeout: how long a statement waits for a lock held by another connection.
    public init(path: String, busyTimeout: Duration = .seconds(5)) throws(CollectorStorageError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .cannotOpen(location: path, detail: "cannot create folder \(directory): \(error.localizedDescription)")
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration(busyTimeout: busyTimeout))
            try Self.migrator.migrate(pool)
        } catch {
            throw .cannotOpen(location: path, detail: String(describing: error))
        }
    }

    /// The one place that configures every connection.
    static func configuration(busyTimeout: Duration) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout.secondsDouble)
        configuration.prepareDatabase { db in
            // Reader connections of the pool are read-only and cannot change the journal
            // mode; WAL is a property of the file, set by the writer, so they skip it.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            // FULL: with NORMAL a commit may be rolled back by a power cut after we answered 200.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    public func device(id: String) async throws -> DeviceCredentials? {
        let found = try await reading("device lookup") { db -> (hex: String, retired: Bool)? in
            guard let row = try Row.fetchOne(db, sql: "SELECT secret_hex, retired FROM devices WHERE id = ?", arguments: [id]) else { return nil }
            return (row["secret_hex"], row["retired"])
        }
        guard let found else { return nil }
        guard let secret = DeviceSecret(hex: found.hex) else {
            throw CollectorStorageError.failed(operation: "device lookup", detail: "the stored secret of device \(id) is not 64 hex digits")
        }
        return DeviceCredentials(id: id, secret: secret, retired: found.retired)
    }

    public func addDevice(id: String, secret: DeviceSecret, addedAtMillis: Int64) async throws {
        try await writing("add device") { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM devices WHERE id = ?", arguments: [id]) != nil {
                throw CollectorStorageError.deviceExists(id)
            }
            try db.execute(sql: "INSERT INTO devices (id, secret_hex, added_at) VALUES (?, ?, ?)",
                           arguments: [id, secret.hex, addedAtMillis])
        }
    }

    public func rotateDeviceSecret(id: String, secret: DeviceSecret) async throws {
        try await writing("rotate device secret") { db in
            try db.execute(sql: "UPDATE devices SET secret_hex = ?, retired = 0 WHERE id = ?", arguments: [secret.hex, id])
            if db.changesCount == 0 { throw CollectorStorageError.unknownDevice(id) }
        }
    }

    public func retireDevice(id: String) async throws {
        try await writing("retire device") { db in
            try db.execute(sql: "UPDATE devices SET retired = 1 WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw CollectorStorageError.unknownDevice(id) }
        }
    }

    public func storedCounts(deviceID: String, storeID: String) async throws -> StoredCounts {
        try await reading("count stored records") { db in
            func count(_ table: String) throws -> Int {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE device_id = ? AND store_id = ?", arguments: [deviceID, storeID]) ?? 0
            }
            return StoredCounts(ratings: try count("ratings"), amendments: try count("amendments"), unratedServices: try count("unrated_services"),
                                deviceEvents: try count("device_events"))
        }
    }

    public func checkHealth() async throws {
        _ = try await reading("health check") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM devices") }
    }
}
