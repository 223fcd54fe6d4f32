import GRDB
import RatingCore

extension RatingStore {
    /// Keeps a press durably and returns it with its seq. Returns only after the commit.
    public func append(_ draft: RatingDraft, placement: Placement, ratingID: String = RatingStore.newRatingID()) async throws -> Rating {
        let seq: Int64
        do {
            seq = try await write { db in
                try Self.insert(draft, ratingID: ratingID, placement: placement, db)
                return db.lastInsertedRowID
            }
        } catch {
            throw StoreError.failed(operation: "append a rating", detail: String(describing: error))
        }
        return Rating(storeID: storeID, seq: seq, id: ratingID, score: draft.score, flags: draft.flags, placement: placement,
                      time: draft.time, service: draft.service)
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

    /// Records the collector's acknowledgement of ratings: every seq up to `through` is accounted for there;
    /// `rejected` were set aside by it and are kept aside here too (never retried, never deleted early).
    /// (An acknowledgement of every kind at once: ``acknowledge(_:storeID:at:)``.)
    public func acknowledge(storeID: String, through: Int64, rejected: [(seq: Int64, reason: String)], at wallMillis: Int64) async throws {
        try await acknowledge(OutboxAcknowledgement(ratingsThrough: through, rejectedRatings: rejected), storeID: storeID, at: wallMillis)
    }

    /// The highest seq the collector has accounted for.
    public func ackedThrough() async throws -> Int64 {
        try await database.read { db in try Int64.fetchOne(db, sql: "SELECT acked_through FROM upload_state WHERE id = 1") ?? 0 }
    }

    /// Deletes acknowledged ratings, amendments, unrated services and device events acknowledged more than `days` days
    /// before `now`. Unsent and set-aside records are never deleted. Returns how many ratings went.
    @discardableResult
    public func pruneAcknowledged(olderThanDays days: Int, now wallMillis: Int64) async throws -> Int {
        let cutoff = wallMillis - Int64(days) * 86_400_000
        return try await write { db in
            try db.execute(sql: """
                DELETE FROM ratings
                WHERE acked_wall_ms IS NOT NULL AND acked_wall_ms < ?
                  AND seq <= (SELECT acked_through FROM upload_state WHERE id = 1)
                  AND seq NOT IN (SELECT seq FROM set_aside)
                """, arguments: [cutoff])
            let ratings = db.changesCount
            try Self.pruneOtherOutboxes(before: cutoff, db)
            return ratings
        }
    }

    /// Deletes acknowledged amendments, unrated services and device events acknowledged before `cutoff`
    /// (ms since 1970); unsent and set-aside ones are kept, and so is the newest device event of each
    /// kind (`status` shows the last self-test however long ago it ran).
    static func pruneOtherOutboxes(before cutoff: Int64, _ db: Database) throws {
        for outbox in Outbox.allCases {
            let keepNewest = outbox == .deviceEvents ? "AND seq NOT IN (SELECT max(seq) FROM device_events GROUP BY kind)" : ""
            try db.execute(sql: """
                DELETE FROM \(outbox.table)
                WHERE acked_wall_ms IS NOT NULL AND acked_wall_ms < ?
                  AND seq <= (SELECT \(outbox.cursor) FROM upload_state WHERE id = 1)
                  AND seq NOT IN (SELECT seq FROM set_aside_records WHERE kind = ?)
                  \(keepNewest)
                """, arguments: [cutoff, outbox.kind])
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
                             monotonicNanos: UInt64(bitPattern: monotonic), clockSynced: row["clock_synced"]),
            service: service(from: row))
    }

    /// The window columns of a `ratings` row; `nil` when the press had no window.
    static func service(from row: Row) -> ServiceRecord? {
        guard let opened = deviceTime(row, prefix: "window_") else { return nil }
        return ServiceRecord(ticket: row["ticket"], staff: row["staff"], openedAt: opened)
    }

    /// The four time columns `PREFIXwall_ms`, `PREFIXboot_id`, `PREFIXmono_ns`, `PREFIXclock_synced`; `nil` if any is NULL.
    static func deviceTime(_ row: Row, prefix: String) -> DeviceTime? {
        guard let wall: Int64 = row[prefix + "wall_ms"], let boot: String = row[prefix + "boot_id"],
              let monotonic: Int64 = row[prefix + "mono_ns"], let synced: Bool = row[prefix + "clock_synced"] else { return nil }
        return DeviceTime(wallMillis: wall, bootID: boot, monotonicNanos: UInt64(bitPattern: monotonic), clockSynced: synced)
    }

    /// Inserts one rating row (the caller's transaction).
    static func insert(_ draft: RatingDraft, ratingID: String, placement: Placement, _ db: Database) throws {
        let window = draft.service?.openedAt
        try db.execute(sql: """
            INSERT INTO ratings (rating_id, score, flags, device_id, site, counter, wall_ms, boot_id, mono_ns, clock_synced,
                                 ticket, staff, window_wall_ms, window_boot_id, window_mono_ns, window_clock_synced)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [ratingID, draft.score.value, RatingFlag.encode(draft.flags), placement.deviceID, placement.site,
                             placement.counter, draft.time.wallMillis, draft.time.bootID, Int64(bitPattern: draft.time.monotonicNanos),
                             draft.time.clockSynced, draft.service?.ticket, draft.service?.staff, window?.wallMillis, window?.bootID,
                             window.map { Int64(bitPattern: $0.monotonicNanos) }, window?.clockSynced])
    }
}

extension RatingStore {
    /// Keeps many ratings in one transaction (imports and benchmarks; the button path uses `append`).
    public func appendAll(_ drafts: [RatingDraft], placement: Placement) async throws -> ClosedRange<Int64>? {
        guard !drafts.isEmpty else { return nil }
        do {
            return try await write { db in
                var first: Int64?
                for draft in drafts {
                    try Self.insert(draft, ratingID: Self.newRatingID(), placement: placement, db)
                    if first == nil { first = db.lastInsertedRowID }
                }
                return (first ?? db.lastInsertedRowID)...db.lastInsertedRowID
            }
        } catch {
            throw StoreError.failed(operation: "append ratings", detail: String(describing: error))
        }
    }
}
