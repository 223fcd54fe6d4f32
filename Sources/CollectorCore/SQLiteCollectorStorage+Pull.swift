import GRDB
import RatingCore
import RatingWire

extension SQLiteCollectorStorage {
    public func ratings(after cursor: Int64, limit: Int) async throws -> [StoredRating] {
        try await reading("read ratings") { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM ratings WHERE cursor > ? ORDER BY cursor LIMIT ?",
                                           arguments: [cursor, limit])
            return try Array(rows.map { try Self.storedRating(from: $0) })
        }
    }

    public func conflicts(after cursor: Int64, limit: Int) async throws -> [SetAsideRecord] {
        try await reading("read conflicts") { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM conflicts WHERE id > ? ORDER BY id LIMIT ?",
                                           arguments: [cursor, limit])
            return try Array(rows.map { row in
                let json: String = row["received_json"]
                return SetAsideRecord(
                    id: row["id"], deviceID: row["device_id"], storeID: row["store_id"], seq: row["seq"],
                    ratingID: row["rating_id"], reason: row["reason"],
                    // Written by setAside from a WireRating; nil only if someone edited the row by hand.
                    received: try? WireCoding.decode(WireRating.self, from: Array(json.utf8)),
                    receivedAtMillis: row["received_at"])
            })
        }
    }

    /// A `ratings` row as a ``StoredRating``.
    static func storedRating(from row: Row) throws -> StoredRating {
        let seq: Int64 = row["seq"]
        let scoreValue: Int = row["score"]
        guard let score = Score(scoreValue) else {
            throw CollectorStorageError.failed(operation: "read rating", detail: "stored seq \(seq) has score \(scoreValue)")
        }
        let monotonic: Int64 = row["mono_ns"]
        let rating = Rating(
            storeID: row["store_id"], seq: seq, id: row["rating_id"], score: score,
            flags: RatingFlag.decode(row["flags"]).flags,
            placement: Placement(deviceID: row["device_id"], site: row["site"], counter: row["counter"]),
            time: DeviceTime(wallMillis: row["wall_ms"], bootID: row["boot_id"],
                             monotonicNanos: UInt64(clamping: monotonic), clockSynced: row["clock_synced"]))
        return StoredRating(cursor: row["cursor"], receivedAtMillis: row["received_at"], rating: rating)
    }
}
