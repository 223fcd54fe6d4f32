import PostgresNIO
import RatingCore

/// Reads the collector's PostgreSQL rows (`SELECT *`) back into the models, as the SQLite rows are.
enum PostgresRows {
    /// A `ratings` row as a ``StoredRating`` (without its amendments); its cursor is the pull revision.
    static func storedRating(_ row: PostgresRandomAccessRow) throws -> StoredRating {
        let seq = try row["seq"].decode(Int64.self)
        let scoreValue = try row["score"].decode(Int64.self)
        guard let score = Score(Int(scoreValue)) else {
            throw CollectorStorageError.failed(operation: "read rating", detail: "stored seq \(seq) has score \(scoreValue)")
        }
        let service = try deviceTime(row, prefix: "window_").map {
            ServiceRecord(ticket: try row["ticket"].decode(String?.self), staff: try row["staff"].decode(String?.self), openedAt: $0)
        }
        let rating = Rating(
            storeID: try row["store_id"].decode(String.self), seq: seq, id: try row["rating_id"].decode(String.self), score: score,
            flags: RatingFlag.decode(try row["flags"].decode(String.self)).flags,
            placement: Placement(deviceID: try row["device_id"].decode(String.self), site: try row["site"].decode(String.self),
                                 counter: try row["counter"].decode(String.self)),
            time: try deviceTime(row, prefix: "") ?? missingTime,
            service: service)
        let corrected = CorrectedTime(wallMillis: try row["corrected_ms"].decode(Int64.self),
                                      quality: TimeQuality(rawValue: try row["time_quality"].decode(String.self)) ?? .bounded)
        return StoredRating(cursor: try row["revision"].decode(Int64.self), receivedAtMillis: try row["received_at"].decode(Int64.self),
                            rating: rating, correctedTime: corrected)
    }

    /// An `amendments` row; a kind or value this build does not know reads as `nil`.
    static func amendment(_ row: PostgresRandomAccessRow, storeID: String) throws -> RatingAmendment? {
        guard let change = AmendmentChange(kind: try row["kind"].decode(String.self), value: try row["value"].decode(String.self)),
              let time = try deviceTime(row, prefix: "") else { return nil }
        return RatingAmendment(storeID: storeID, seq: try row["seq"].decode(Int64.self), ratingSeq: try row["rating_seq"].decode(Int64.self),
                               change: change, time: time)
    }

    /// An `unrated_services` row.
    static func unratedService(_ row: PostgresRandomAccessRow) throws -> StoredUnratedService {
        let service = ServiceRecord(ticket: try row["ticket"].decode(String?.self), staff: try row["staff"].decode(String?.self),
                                    openedAt: try deviceTime(row, prefix: "opened_") ?? missingTime)
        let record = UnratedServiceRecord(storeID: try row["store_id"].decode(String.self), seq: try row["seq"].decode(Int64.self),
                                          service: service, closedAt: try deviceTime(row, prefix: "closed_") ?? missingTime)
        return StoredUnratedService(cursor: try row["cursor"].decode(Int64.self), deviceID: try row["device_id"].decode(String.self),
                                    receivedAtMillis: try row["received_at"].decode(Int64.self), record: record)
    }

    /// A `device_events` row.
    static func deviceEvent(_ row: PostgresRandomAccessRow) throws -> StoredDeviceEvent {
        let event = DeviceEvent(kind: try row["kind"].decode(String.self), detail: try row["detail"].decode(String.self),
                                time: try deviceTime(row, prefix: "") ?? missingTime)
        let record = DeviceEventRecord(storeID: try row["store_id"].decode(String.self), seq: try row["seq"].decode(Int64.self), event: event)
        return StoredDeviceEvent(cursor: try row["cursor"].decode(Int64.self), deviceID: try row["device_id"].decode(String.self),
                                 receivedAtMillis: try row["received_at"].decode(Int64.self), record: record)
    }

    /// Stands in for time columns that are NULL (the schema forbids it; a row edited by hand).
    static let missingTime = DeviceTime(wallMillis: 0, bootID: "", monotonicNanos: 0, clockSynced: false)

    /// The four time columns `PREFIXwall_ms`, `PREFIXboot_id`, `PREFIXmono_ns`, `PREFIXclock_synced`; `nil` if any is NULL.
    static func deviceTime(_ row: PostgresRandomAccessRow, prefix: String) throws -> DeviceTime? {
        guard let wall = try row[prefix + "wall_ms"].decode(Int64?.self), let boot = try row[prefix + "boot_id"].decode(String?.self),
              let monotonic = try row[prefix + "mono_ns"].decode(Int64?.self),
              let synced = try row[prefix + "clock_synced"].decode(Bool?.self) else { return nil }
        return DeviceTime(wallMillis: wall, bootID: boot, monotonicNanos: UInt64(clamping: monotonic), clockSynced: synced)
    }
}
