import GRDB

/// What `rating-terminal status` shows about the store and the uploads.
public struct StoreStatus: Sendable, Equatable, Codable {
    public var storeID: String
    public var path: String
    public var totalKept: Int
    public var unsentCount: Int
    /// Wall time of the oldest unsent rating (ms since 1970), if any.
    public var oldestUnsentWallMillis: Int64?
    public var ackedThrough: Int64
    public var lastSeq: Int64
    public var setAsideCount: Int
    public var lastAttemptWallMillis: Int64?
    public var lastResult: String?
    public var lastHTTPStatus: Int?
    public var lastSuccessWallMillis: Int64?
    /// Follow-up reasons and added flags not yet acknowledged by the collector.
    public var unsentAmendments: Int = 0
    /// Unrated services (counter mode) not yet acknowledged by the collector.
    public var unsentUnratedServices: Int = 0
    /// Device events (self-test reports) not yet acknowledged by the collector.
    public var unsentDeviceEvents: Int = 0
    /// Amendments, unrated services and device events the collector refused (kept on the device).
    public var setAsideRecords: Int = 0
    /// The disk's condition: the reserve, free bytes, full or not.
    public var storage: StorageReport?
}

extension RatingStore {
    /// Remembers the outcome of an upload attempt (shown by `status`).
    public func noteUploadAttempt(at wallMillis: Int64, result: String, httpStatus: Int?, succeeded: Bool) async {
        // A failure to note an attempt must never stop uploads; the next attempt writes again.
        _ = try? await write { db in
            try db.execute(sql: """
                UPDATE upload_state SET last_attempt_wall_ms = ?, last_result = ?, last_http_status = ?,
                    last_success_wall_ms = CASE WHEN ? THEN ? ELSE last_success_wall_ms END
                WHERE id = 1
                """, arguments: [wallMillis, result, httpStatus, succeeded, wallMillis])
        }
    }

    /// The store's state for the status command.
    public func status() async throws -> StoreStatus {
        let storeID = self.storeID
        let path = self.path
        var status = try await database.read { db in
            let state = try Row.fetchOne(db, sql: "SELECT * FROM upload_state WHERE id = 1")
            let acked: Int64 = state?["acked_through"] ?? 0
            return StoreStatus(
                storeID: storeID, path: path,
                totalKept: try Int.fetchOne(db, sql: "SELECT count(*) FROM ratings") ?? 0,
                unsentCount: try Int.fetchOne(db, sql: "SELECT count(*) FROM ratings WHERE seq > ?", arguments: [acked]) ?? 0,
                oldestUnsentWallMillis: try Int64.fetchOne(db, sql: "SELECT wall_ms FROM ratings WHERE seq > ? ORDER BY seq LIMIT 1", arguments: [acked]),
                ackedThrough: acked,
                lastSeq: try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'ratings'") ?? 0,
                setAsideCount: try Int.fetchOne(db, sql: "SELECT count(*) FROM set_aside") ?? 0,
                lastAttemptWallMillis: state?["last_attempt_wall_ms"],
                lastResult: state?["last_result"],
                lastHTTPStatus: state?["last_http_status"],
                lastSuccessWallMillis: state?["last_success_wall_ms"],
                unsentAmendments: try Int.fetchOne(db, sql: "SELECT count(*) FROM amendments WHERE seq > ?",
                                                   arguments: [state?["amendments_acked_through"] ?? Int64(0)]) ?? 0,
                unsentUnratedServices: try Int.fetchOne(db, sql: "SELECT count(*) FROM unrated_services WHERE seq > ?",
                                                        arguments: [state?["unrated_services_acked_through"] ?? Int64(0)]) ?? 0,
                unsentDeviceEvents: try Int.fetchOne(db, sql: "SELECT count(*) FROM device_events WHERE seq > ?",
                                                     arguments: [state?["device_events_acked_through"] ?? Int64(0)]) ?? 0,
                setAsideRecords: try Int.fetchOne(db, sql: "SELECT count(*) FROM set_aside_records") ?? 0)
        }
        status.storage = storage
        return status
    }
}
