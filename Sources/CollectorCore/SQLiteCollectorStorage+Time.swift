import GRDB
import RatingWire

/// True timestamps on SQLite: anchors per boot, and corrected times of ratings kept up to date.
extension SQLiteCollectorStorage {
    /// Keeps the batch's anchors (per boot and kind, the earliest) and returns the boots whose exact anchor changed.
    static func storeAnchors(_ anchors: BatchTimeAnchors, deviceID: String, _ db: Database) throws -> Set<String> {
        var changed: Set<String> = []
        for anchor in anchors.exact where try keepEarliest(anchor, exact: true, deviceID: deviceID, db) {
            changed.insert(anchor.bootID)
        }
        if let receipt = anchors.receipt { _ = try keepEarliest(receipt, exact: false, deviceID: deviceID, db) }
        return changed
    }

    /// Inserts `anchor`, or moves the held one of its boot and kind to it if it is earlier; true if the row changed.
    private static func keepEarliest(_ anchor: TimeAnchor, exact: Bool, deviceID: String, _ db: Database) throws -> Bool {
        try db.execute(sql: """
            INSERT INTO time_anchors (device_id, boot_id, exact, mono_ns, wall_ms) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (device_id, boot_id, exact) DO UPDATE SET mono_ns = excluded.mono_ns, wall_ms = excluded.wall_ms
            WHERE excluded.mono_ns < time_anchors.mono_ns
            """, arguments: [deviceID, anchor.bootID, exact, Int64(clamping: anchor.monotonicNanos), anchor.wallMillis])
        return db.changesCount > 0
    }

    /// The anchors held for the given boots of a device.
    static func heldAnchors(deviceID: String, boots: Set<String>, _ db: Database) throws -> [TimeAnchor] {
        var anchors: [TimeAnchor] = []
        for boot in boots.sorted() {
            let rows = try Row.fetchAll(db, sql: "SELECT exact, mono_ns, wall_ms FROM time_anchors WHERE device_id = ? AND boot_id = ?",
                                        arguments: [deviceID, boot])
            anchors += rows.map { row in
                let exact: Bool = row["exact"], mono: Int64 = row["mono_ns"]
                return TimeAnchor(bootID: boot, monotonicNanos: UInt64(clamping: mono), wallMillis: row["wall_ms"],
                                  errorBoundMillis: exact ? 0 : nil)
            }
        }
        return anchors
    }

    /// Corrects again the unsynchronised ratings of `boots` (their exact anchor changed); a rating whose
    /// corrected time or quality changes gets a new pull revision, so readers following the cursor see it.
    static func correctAgain(deviceID: String, boots: Set<String>, _ db: Database) throws {
        for boot in boots.sorted() {
            let anchors = try heldAnchors(deviceID: deviceID, boots: [boot], db)
            let rows = try Row.fetchAll(db, sql: """
                SELECT cursor, wall_ms, mono_ns, received_at, corrected_ms, time_quality FROM ratings
                WHERE device_id = ? AND boot_id = ? AND clock_synced = 0
                """, arguments: [deviceID, boot])
            for row in rows {
                let mono: Int64 = row["mono_ns"]
                let time = WireTime(wallMillis: row["wall_ms"], bootID: boot, monotonicNanos: UInt64(clamping: mono), synced: false)
                let corrected = TimeReconstruction.correct(time, anchors: anchors, receivedAtMillis: row["received_at"])
                let held = CorrectedTime(wallMillis: row["corrected_ms"], quality: TimeQuality(rawValue: row["time_quality"]) ?? .bounded)
                guard corrected != held else { continue }
                try db.execute(sql: "UPDATE ratings SET corrected_ms = ?, time_quality = ?, revision = ? WHERE cursor = ?",
                               arguments: [corrected.wallMillis, corrected.quality.rawValue, try nextRevision(db), row["cursor"]])
            }
        }
    }
}
