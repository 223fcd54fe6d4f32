import PostgresNIO
import RatingCore
import RatingWire

extension PostgresCollectorStorage {
    public func ratingsPage(after cursor: Int64, limit: Int, includeFlagged: Bool, filter: RatingsFilter) async throws -> RatingsScan {
        let logger = self.logger
        return try await reading("read ratings") { connection in
            // One snapshot for the page and its amendments, as SQLite's read transaction gives.
            try await connection.perform("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                // An unset filter field is NULL and matches every row (the planner drops such tests: parameters are known when it plans).
                let rows = try await connection.query("""
                    SELECT * FROM ratings WHERE revision > \(cursor)
                        AND (\(filter.site)::text IS NULL OR site = \(filter.site))
                        AND (\(filter.counter)::text IS NULL OR counter = \(filter.counter))
                        AND (\(filter.staff)::text IS NULL OR staff = \(filter.staff))
                        AND (\(filter.deviceID)::text IS NULL OR device_id = \(filter.deviceID))
                        AND (\(filter.fromMillis)::bigint IS NULL OR corrected_ms >= \(filter.fromMillis))
                        AND (\(filter.untilMillis)::bigint IS NULL OR corrected_ms < \(filter.untilMillis))
                    ORDER BY revision LIMIT \(Int64(limit))
                    """, logger: logger).collect()
                var scan = RatingsScan(ratings: [], withdrawn: [], lastCursor: try rows.last?.makeRandomAccess()["revision"].decode(Int64.self))
                for row in rows {
                    let stored = try await Self.withAmendments(try PostgresRows.storedRating(row.makeRandomAccess()), connection, logger: logger)
                    if includeFlagged || stored.allFlags.isEmpty {
                        scan.ratings.append(stored)
                    } else if stored.rating.flags.isEmpty {
                        scan.withdrawn.append(stored)
                    }
                }
                try await connection.perform("COMMIT", logger: logger)
                return scan
            } catch {
                try? await connection.perform("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    public func unratedServices(after cursor: Int64, limit: Int) async throws -> [StoredUnratedService] {
        try await reading("read unrated services") { connection in
            try await connection.query("SELECT * FROM unrated_services WHERE cursor > \(cursor) ORDER BY cursor LIMIT \(Int64(limit))",
                                       logger: self.logger).collect().map { try PostgresRows.unratedService($0.makeRandomAccess()) }
        }
    }

    public func deviceEvents(after cursor: Int64, limit: Int) async throws -> [StoredDeviceEvent] {
        try await reading("read device events") { connection in
            try await connection.query("SELECT * FROM device_events WHERE cursor > \(cursor) ORDER BY cursor LIMIT \(Int64(limit))",
                                       logger: self.logger).collect().map { try PostgresRows.deviceEvent($0.makeRandomAccess()) }
        }
    }

    public func conflicts(after cursor: Int64, limit: Int) async throws -> [SetAsideRecord] {
        try await reading("read conflicts") { connection in
            try await connection.query("SELECT * FROM conflicts WHERE id > \(cursor) ORDER BY id LIMIT \(Int64(limit))",
                                       logger: self.logger).collect().map { row in
                let row = row.makeRandomAccess()
                let json = try row["received_json"].decode(String.self)
                let kind = try row["kind"].decode(String.self)
                return SetAsideRecord(
                    id: try row["id"].decode(Int64.self), deviceID: try row["device_id"].decode(String.self),
                    storeID: try row["store_id"].decode(String.self), seq: try row["seq"].decode(Int64.self),
                    ratingID: try row["rating_id"].decode(String.self), reason: try row["reason"].decode(String.self), kind: kind,
                    // Written from a WireRating; nil for other kinds, or if someone edited the row by hand.
                    received: kind == RecordKind.rating.rawValue ? try? WireCoding.decode(WireRating.self, from: Array(json.utf8)) : nil,
                    receivedJSON: json, receivedAtMillis: try row["received_at"].decode(Int64.self))
            }
        }
    }

    /// `stored` with the latest reason and the flags of its amendments.
    static func withAmendments(_ stored: StoredRating, _ connection: PostgresConnection, logger: Logger) async throws -> StoredRating {
        var stored = stored
        let rating = stored.rating
        let rows = try await connection.query("""
            SELECT kind, value FROM amendments
            WHERE device_id = \(rating.placement.deviceID) AND store_id = \(rating.storeID) AND rating_seq = \(rating.seq) ORDER BY seq
            """, logger: logger).collect()
        for row in rows {
            let (kind, value) = try row.decode((String, String).self)
            switch AmendmentChange(kind: kind, value: value) {
            case .reason(let reason): stored.reason = reason
            case .flag(let flag): stored.amendedFlags.insert(flag)
            case nil: continue // checked at ingest; a value of a newer build is not guessed at
            }
        }
        return stored
    }
}
