import RatingWire

/// A device's storage condition, from the newest `storage` device event it uploaded
/// (the terminal keeps one whenever its disk fills up or has room again).
public struct DeviceStorage: Sendable, Equatable {
    /// `ok`, `reserve_in_use` (the disk filled up; presses go on in the reserve's room) or
    /// `full` (presses are not stored); as the device wrote it.
    public var condition: String
    /// Bytes free on the device's store, when it reported.
    public var freeBytes: Int64?
    /// When the device reported it (its wall clock, ms since 1970).
    public var reportedAtMillis: Int64
    /// When the collector stored the report.
    public var receivedAtMillis: Int64

    /// The device event kind this is read from.
    public static let eventKind = "storage"

    /// The condition from a `storage` event's detail; `nil` when the detail names no condition.
    public init?(detail: String, reportedAtMillis: Int64, receivedAtMillis: Int64) {
        guard case .object(let object)? = try? JSONValue(parsing: detail), case .string(let condition)? = object["condition"] else { return nil }
        self.condition = condition
        if case .integer(let free)? = object["free_bytes"] { freeBytes = free } else { freeBytes = nil }
        self.reportedAtMillis = reportedAtMillis
        self.receivedAtMillis = receivedAtMillis
    }

    /// Selects, per device, its newest `storage` event (the highest cursor: a device uploads one store's events in seq order).
    static let newestSQL = """
        SELECT device_id, detail, wall_ms, received_at FROM device_events d
        WHERE kind = 'storage' AND cursor = (SELECT max(cursor) FROM device_events WHERE device_id = d.device_id AND kind = 'storage')
        """
}

/// `storage` of a device in `GET /v1/devices`.
public struct PulledStorage: Codable, Sendable, Equatable {
    public var condition: String
    public var freeBytes: Int64?
    /// ISO 8601 UTC (the device's clock).
    public var reportedAt: String
    public var receivedAt: String

    enum CodingKeys: String, CodingKey {
        case condition, freeBytes = "free_bytes", reportedAt = "reported_at", receivedAt = "received_at"
    }

    public init(_ storage: DeviceStorage) {
        condition = storage.condition
        freeBytes = storage.freeBytes
        reportedAt = ISOTime.string(millis: storage.reportedAtMillis)
        receivedAt = ISOTime.string(millis: storage.receivedAtMillis)
    }
}
