import GRDB
import RatingCore

extension RatingStore {
    /// Keeps a press durably and returns it with its seq. Returns only after the commit.
    public func append(_ draft: RatingDraft, placement: Placement, ratingID: String = RatingStore.newRatingID()) async throws -> Rating {
        let flags = RatingFlag.encode(draft.flags)
        let time = draft.time
        let seq: Int64
        do {
            seq = try await database.write { db in
                try db.execute(sql: """
                    INSERT INTO ratings (rating_id, score, flags, device_id, site, counter, wall_ms, boot_id, mono_ns, clock_synced)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [ratingID, draft.score.value, flags, placement.deviceID, placement.site, placement.counter,
                                     time.wallMillis, time.bootID, Int64(bitPattern: time.monotonicNanos), time.clockSynced])
                return db.lastInsertedRowID
            }
        } catch {
            throw StoreError.failed(operation: "append a rating", detail: String(describing: error))
        }
        return Rating(storeID: storeID, seq: seq, id: ratingID, score: draft.score, flags: draft.flags, placement: placement, time: time)
    }

    /// Up to `limit` ratings the collector has not acknowledged, in seq order.
    public func unsent(limit: Int) async throws -> [Rating] {
        let storeID = self.storeID
        do {
            return try await database.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM ratings
                    WHERE seq > (SELECT acked_through FROM upload_state WHERE id = 1)
                    ORDER BY seq LIMIT ?
                    """, arguments: [limit])
                return rows.compactMap { Self.rating(from: $0, storeID: storeID) }
            }
        } catch {
            throw StoreError.failed(operation: "read unsent ratings", detail: String(describing: error))
        }
    }

    /// How many ratings the collector has not acknowledged.
    public func unsentCount() async throws -> Int {
        do {
            return try await database.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM ratings WHERE seq > (SELECT acked_through FROM upload_state WHERE id = 1)
                    """) ?? 0
            }
        } catch {
            throw StoreError.failed(operation: "count unsent ratings", detail: String(describing: error))
        }
    }

    /// Records the collector's acknowledgement: every seq up to `through` is accounted for there;
    /// `rejected` were set aside by it and are kept aside here too (never retried, never deleted early).
    public func acknowledge(storeID: String, through: Int64, rejected: [(seq: Int64, reason: String)], at wallMillis: Int64) async throws {
        guard storeID == self.storeID else { throw StoreError.wrongStore(expected: self.storeID, got: storeID) }
        do {
            try await database.write { db in
                try db.execute(sql: "UPDATE upload_state SET acked_through = max(acked_through, ?) WHERE id = 1", arguments: [through])
                try db.execute(sql: "UPDATE ratings SET acked_wall_ms = ? WHERE seq <= ? AND acked_wall_ms IS NULL",
                               arguments: [wallMillis, through])
                for record in rejected {
                    try db.execute(sql: "INSERT OR REPLACE INTO set_aside (seq, reason, set_aside_wall_ms) VALUES (?, ?, ?)",
                                   arguments: [record.seq, record.reason, wallMillis])
                }
            }
        } catch {
            throw StoreError.failed(operation: "record an acknowledgement", detail: String(describing: error))
        }
    }

    /// The highest seq the collector has accounted for.
    public func ackedThrough() async throws -> Int64 {
        try await database.read { db in try Int64.fetchOne(db, sql: "SELECT acked_through FROM upload_state WHERE id = 1") ?? 0 }
    }

    /// Deletes acknowledged ratings acknowledged more than `days` days before `now`. Unsent ratings and
    /// set-aside ones are never deleted. Returns how many rows went.
    @discardableResult
    public func pruneAcknowledged(olderThanDays days: Int, now wallMillis: Int64) async throws -> Int {
        let cutoff = wallMillis - Int64(days) * 86_400_000
        return try await database.write { db in
            try db.execute(sql: """
                DELETE FROM ratings
                WHERE acked_wall_ms IS NOT NULL AND acked_wall_ms < ?
                  AND seq <= (SELECT acked_through FROM upload_state WHERE id = 1)
                  AND seq NOT IN (SELECT seq FROM set_aside)
                """, arguments: [cutoff])
            return db.changesCount
        }
    }

    /// A new random rating id.
    public static func newRatingID() -> String { UUIDString.random() }

    static func rating(from row: Row, storeID: String) -> Rating? {
        guard let score = Score(row["score"] as Int) else { return nil }
        let monotonic: Int64 = row["mono_ns"]
        return Rating(
            storeID: storeID, seq: row["seq"], id: row["rating_id"], score: score,
            flags: RatingFlag.decode(row["flags"] as String).flags,
            placement: Placement(deviceID: row["device_id"], site: row["site"], counter: row["counter"]),
            time: DeviceTime(wallMillis: row["wall_ms"], bootID: row["boot_id"],
                             monotonicNanos: UInt64(bitPattern: monotonic), clockSynced: row["clock_synced"]))
    }
}

extension RatingStore {
    /// Keeps many ratings in one transaction (imports and benchmarks; the button path uses `append`).
    public func appendAll(_ drafts: [RatingDraft], placement: Placement) async throws -> ClosedRange<Int64>? {
        guard !drafts.isEmpty else { return nil }
        do {
            return try await database.write { db in
                var first: Int64?
                for draft in drafts {
                    try db.execute(sql: """
                        INSERT INTO ratings (rating_id, score, flags, device_id, site, counter, wall_ms, boot_id, mono_ns, clock_synced)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [Self.newRatingID(), draft.score.value, RatingFlag.encode(draft.flags), placement.deviceID,
                                         placement.site, placement.counter, draft.time.wallMillis, draft.time.bootID,
                                         Int64(bitPattern: draft.time.monotonicNanos), draft.time.clockSynced])
                    if first == nil { first = db.lastInsertedRowID }
                }
                return (first ?? db.lastInsertedRowID)...db.lastInsertedRowID
            }
        } catch {
            throw StoreError.failed(operation: "append ratings", detail: String(describing: error))
        }
    }
}
