import GRDB
import RatingCore
import RatingWire

extension SQLiteCollectorStorage {
    public func ratingsPage(after cursor: Int64, limit: Int, includeFlagged: Bool, filter: RatingsFilter) async throws -> RatingsScan {
        try await reading("read ratings") { db in
            // An unset filter field is NULL and matches every row.
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM ratings WHERE revision > ?1
                    AND (?2 IS NULL OR site = ?2) AND (?3 IS NULL OR counter = ?3) AND (?4 IS NULL OR staff = ?4)
                    AND (?5 IS NULL OR device_id = ?5) AND (?6 IS NULL OR corrected_ms >= ?6) AND (?7 IS NULL OR corrected_ms < ?7)
                ORDER BY revision LIMIT ?8
                """, arguments: [cursor, filter.site, filter.counter, filter.staff, filter.deviceID, filter.fromMillis, filter.untilMillis, limit])
            var scan = RatingsScan(ratings: [], withdrawn: [], lastCursor: rows.last?["revision"])
            for row in rows {
                let stored = try Self.withAmendments(try Self.storedRating(from: row), db)
                if includeFlagged || stored.allFlags.isEmpty {
                    scan.ratings.append(stored)
                } else if stored.rating.flags.isEmpty {
                    scan.withdrawn.append(stored)
                }
            }
            return scan
        }
    }

    public func unratedServices(after cursor: Int64, limit: Int) async throws -> [StoredUnratedService] {
        try await reading("read unrated services") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM unrated_services WHERE cursor > ? ORDER BY cursor LIMIT ?",
                                        arguments: [cursor, limit])
            return rows.map(Self.storedUnratedService(from:))
        }
    }

    public func deviceEvents(after cursor: Int64, limit: Int) async throws -> [StoredDeviceEvent] {
        try await reading("read device events") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM device_events WHERE cursor > ? ORDER BY cursor LIMIT ?",
                                        arguments: [cursor, limit])
            return rows.map(Self.storedDeviceEvent(from:))
        }
    }

    public func conflicts(after cursor: Int64, limit: Int) async throws -> [SetAsideRecord] {
        try await reading("read conflicts") { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM conflicts WHERE id > ? ORDER BY id LIMIT ?",
                                           arguments: [cursor, limit])
            return try Array(rows.map { row in
                let json: String = row["received_json"]
                let kind: String = row["kind"]
                return SetAsideRecord(
                    id: row["id"], deviceID: row["device_id"], storeID: row["store_id"], seq: row["seq"],
                    ratingID: row["rating_id"], reason: row["reason"], kind: kind,
                    // Written by setAside from a WireRating; nil for other kinds, or if someone edited the row by hand.
                    received: kind == RecordKind.rating.rawValue ? try? WireCoding.decode(WireRating.self, from: Array(json.utf8)) : nil,
                    receivedJSON: json, receivedAtMillis: row["received_at"])
            })
        }
    }

    /// `stored` with the latest reason and the flags of its amendments.
    static func withAmendments(_ stored: StoredRating, _ db: Database) throws -> StoredRating {
        var stored = stored
        let rating = stored.rating
        let rows = try Row.fetchAll(db, sql: """
            SELECT kind, value FROM amendments WHERE device_id = ? AND store_id = ? AND rating_seq = ? ORDER BY seq
            """, arguments: [rating.placement.deviceID, rating.storeID, rating.seq])
        for row in rows {
            switch AmendmentChange(kind: row["kind"], value: row["value"]) {
            case .reason(let reason): stored.reason = reason
            case .flag(let flag): stored.amendedFlags.insert(flag)
            case nil: continue // checked at ingest; a value of a newer build is not guessed at
            }
        }
        return stored
    }

    /// A `ratings` row as a ``StoredRating`` (without its amendments); its cursor is the pull revision.
    static func storedRating(from row: Row) throws -> StoredRating {
        let seq: Int64 = row["seq"]
        let scoreValue: Int = row["score"]
        guard let score = Score(scoreValue) else {
            throw CollectorStorageError.failed(operation: "read rating", detail: "stored seq \(seq) has score \(scoreValue)")
        }
        let monotonic: Int64 = row["mono_ns"]
        let service = deviceTime(row, prefix: "window_").map { ServiceRecord(ticket: row["ticket"], staff: row["staff"], openedAt: $0) }
        let rating = Rating(
            storeID: row["store_id"], seq: seq, id: row["rating_id"], score: score,
            flags: RatingFlag.decode(row["flags"]).flags,
            placement: Placement(deviceID: row["device_id"], site: row["site"], counter: row["counter"]),
            time: DeviceTime(wallMillis: row["wall_ms"], bootID: row["boot_id"],
                             monotonicNanos: UInt64(clamping: monotonic), clockSynced: row["clock_synced"]),
            service: service)
        let quality: String = row["time_quality"]
        return StoredRating(cursor: row["revision"], receivedAtMillis: row["received_at"], rating: rating,
                            correctedTime: CorrectedTime(wallMillis: row["corrected_ms"], quality: TimeQuality(rawValue: quality) ?? .bounded))
    }
}
