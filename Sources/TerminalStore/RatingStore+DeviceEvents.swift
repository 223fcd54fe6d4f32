import Foundation
import GRDB
import RatingCore

extension RatingStore {
    /// Keeps a report the device makes about itself (a self-test) durably, in its own transaction,
    /// and returns it with its own seq. `detail` is kept verbatim.
    ///
    /// Throws ``StoreError/refused(what:reason:)`` when the kind is not lower-case snake_case of
    /// 1…40 characters or the detail is not a JSON object of at most 16 KiB: the collector would
    /// only set such an event aside, so the reporter hears of it now instead.
    public func recordDeviceEvent(_ event: DeviceEvent) async throws -> DeviceEventRecord {
        if let problem = Self.problem(event) { throw StoreError.refused(what: "device event", reason: problem) }
        let time = event.time
        let seq: Int64
        do {
            seq = try await write { db in
                try db.execute(sql: """
                    INSERT INTO device_events (kind, detail, wall_ms, boot_id, mono_ns, clock_synced) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [event.kind, event.detail, time.wallMillis, time.bootID, Int64(bitPattern: time.monotonicNanos),
                                     time.clockSynced])
                return db.lastInsertedRowID
            }
        } catch {
            throw StoreError.failed(operation: "record a device event", detail: String(describing: error))
        }
        return DeviceEventRecord(storeID: storeID, seq: seq, event: event)
    }

    /// Up to `limit` device events the collector has not acknowledged, in seq order.
    public func unsentDeviceEvents(limit: Int) async throws -> [DeviceEventRecord] {
        try await deviceEvents("read unsent device events", sql: """
            SELECT * FROM device_events
            WHERE seq > (SELECT device_events_acked_through FROM upload_state WHERE id = 1)
            ORDER BY seq LIMIT ?
            """, arguments: [limit])
    }

    /// The newest device event of `kind` still on the device (sent or not), or `nil` if there is none.
    ///
    /// Acknowledged events go after the retention period like every other record, so an old
    /// report may be gone from the device while the collector still holds it.
    public func latestDeviceEvent(kind: String) async throws -> DeviceEventRecord? {
        try await deviceEvents("read the latest \(kind) event", sql: """
            SELECT * FROM device_events WHERE kind = ? ORDER BY seq DESC LIMIT 1
            """, arguments: [kind]).first
    }

    private func deviceEvents(_ operation: String, sql: String, arguments: StatementArguments) async throws -> [DeviceEventRecord] {
        let storeID = self.storeID
        do {
            return try await database.read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { Self.deviceEvent(from: $0, storeID: storeID) }
            }
        } catch {
            throw StoreError.failed(operation: operation, detail: String(describing: error))
        }
    }

    /// A `device_events` row; `nil` if it cannot be read.
    static func deviceEvent(from row: Row, storeID: String) -> DeviceEventRecord? {
        guard let time = deviceTime(row, prefix: "") else { return nil }
        return DeviceEventRecord(storeID: storeID, seq: row["seq"], event: DeviceEvent(kind: row["kind"], detail: row["detail"], time: time))
    }

    /// Why `event` cannot be kept, or `nil`.
    static func problem(_ event: DeviceEvent) -> String? {
        if let problem = DeviceEvent.problem(kind: event.kind) { return problem }
        guard event.detail.utf8.count <= DeviceEvent.maxDetailBytes else {
            return "detail is \(event.detail.utf8.count) bytes; at most \(DeviceEvent.maxDetailBytes) are kept"
        }
        guard (try? JSONSerialization.jsonObject(with: Data(event.detail.utf8))) is [String: Any] else {
            return "detail must be a JSON object ({…}), as text"
        }
        return nil
    }
}
