import GRDB
import RatingCore
import RatingWire

extension SQLiteCollectorStorage {
    public func ingest(_ batch: CheckedBatch, receivedAtMillis: Int64) async throws -> UploadReply {
        let sentAtJSON: String
        do {
            sentAtJSON = String(decoding: try WireCoding.encode(batch.sentAt), as: UTF8.self)
        } catch {
            throw CollectorStorageError.failed(operation: "ingest", detail: "cannot encode sent_at: \(error)")
        }
        return try await writing("ingest") { db in
            var rejected: [RejectedRecord] = []
            for record in batch.records {
                switch record {
                case .valid(let rating):
                    guard let reason = try Self.storeOnce(rating, receivedAt: receivedAtMillis, db) else { continue }
                    try Self.setAside(WireRating(rating), deviceID: batch.deviceID, storeID: batch.storeID,
                                      reason: reason, receivedAt: receivedAtMillis, db)
                    rejected.append(RejectedRecord(seq: rating.seq, reason: reason))
                case .invalid(let wire, let reason):
                    try Self.setAside(wire, deviceID: batch.deviceID, storeID: batch.storeID,
                                      reason: reason, receivedAt: receivedAtMillis, db)
                    rejected.append(RejectedRecord(seq: wire.seq, reason: reason))
                }
            }
            try db.execute(
                sql: "UPDATE devices SET last_upload_at = ?, last_queue_depth = ?, last_sent_at = ? WHERE id = ?",
                arguments: [receivedAtMillis, batch.queueDepth, sentAtJSON, batch.deviceID])
            let acked = try Self.advanceWatermark(deviceID: batch.deviceID, storeID: batch.storeID, db)
            return UploadReply(storeID: batch.storeID, ackedThrough: acked, rejected: rejected)
        }
    }

    /// Inserts `rating` unless its key or id is already held; returns why it clashes, or `nil` if stored or an identical duplicate.
    static func storeOnce(_ rating: Rating, receivedAt: Int64, _ db: Database) throws -> String? {
        let deviceID = rating.placement.deviceID
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM ratings WHERE device_id = ? AND store_id = ? AND seq = ?",
                                      arguments: [deviceID, rating.storeID, rating.seq]) {
            let held = try storedRating(from: row).rating
            return held == rating ? nil : "conflict: seq \(rating.seq) of store \(rating.storeID) already holds a different rating"
        }
        if let row = try Row.fetchOne(db, sql: "SELECT device_id, store_id, seq FROM ratings WHERE rating_id = ?", arguments: [rating.id]) {
            let (heldDevice, heldStore, heldSeq): (String, String, Int64) = (row["device_id"], row["store_id"], row["seq"])
            return "conflict: rating id \(rating.id) is already stored as seq \(heldSeq) of store \(heldStore) (device \(heldDevice))"
        }
        try db.execute(sql: """
            INSERT INTO ratings (device_id, store_id, seq, rating_id, score, flags, site, counter,
                                 wall_ms, boot_id, mono_ns, clock_synced, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [deviceID, rating.storeID, rating.seq, rating.id, rating.score.value,
                             RatingFlag.encode(rating.flags), rating.placement.site, rating.placement.counter,
                             rating.time.wallMillis, rating.time.bootID,
                             // BatchIngest sets aside records whose mono_ns does not fit, so this never clamps.
                             Int64(clamping: rating.time.monotonicNanos),
                             rating.time.clockSynced, receivedAt])
        return nil
    }

    /// Keeps a record that is not stored as a rating; a replay of the same record adds nothing.
    static func setAside(_ record: WireRating, deviceID: String, storeID: String, reason: String, receivedAt: Int64, _ db: Database) throws {
        let json = String(decoding: try WireCoding.encode(record), as: UTF8.self)
        try db.execute(sql: """
            INSERT OR IGNORE INTO conflicts (device_id, store_id, seq, rating_id, received_json, reason, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [deviceID, storeID, record.seq, record.id, json, reason, receivedAt])
    }

    /// Advances the store's `acked_through` to the highest seq N such that every seq
    /// 1…N is stored or set aside, and returns it.
    ///
    /// Starts from the previous watermark and walks both tables' seq indexes in
    /// order, stopping at the first gap, so a batch costs what it added, not the backlog.
    static func advanceWatermark(deviceID: String, storeID: String, _ db: Database) throws -> Int64 {
        let previous = try Int64.fetchOne(db, sql: "SELECT acked_through FROM stores WHERE device_id = ? AND store_id = ?",
                                          arguments: [deviceID, storeID]) ?? 0
        let arguments: StatementArguments = [deviceID, storeID, previous]
        let stored = try Int64.fetchCursor(db, sql: "SELECT seq FROM ratings WHERE device_id = ? AND store_id = ? AND seq > ? ORDER BY seq",
                                           arguments: arguments)
        let setAside = try Int64.fetchCursor(db, sql: "SELECT seq FROM conflicts WHERE device_id = ? AND store_id = ? AND seq > ? ORDER BY seq",
                                             arguments: arguments)
        var next = previous + 1
        var nextStored = try stored.next()
        var nextSetAside = try setAside.next()
        while true {
            while let seq = nextStored, seq < next { nextStored = try stored.next() }
            while let seq = nextSetAside, seq < next { nextSetAside = try setAside.next() }
            guard nextStored == next || nextSetAside == next else { break }
            next += 1
        }
        let acked = next - 1
        try db.execute(sql: """
            INSERT INTO stores (device_id, store_id, acked_through) VALUES (?, ?, ?)
            ON CONFLICT (device_id, store_id) DO UPDATE SET acked_through = excluded.acked_through
            """, arguments: [deviceID, storeID, acked])
        return acked
    }
}
