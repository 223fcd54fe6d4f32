import RatingWire

/// One device event (a self-test report) in `GET /v1/device-events`.
public struct PulledDeviceEvent: Codable, Sendable, Equatable {
    public var cursor: String
    public var deviceID: String
    public var storeID: String
    public var seq: Int64
    /// `selftest` today.
    public var kind: String
    /// The device's report: a JSON object, embedded as JSON (not as a string).
    public var detail: JSONValue
    /// When the device made the report.
    public var time: WireTime
    /// When the collector stored it: ISO 8601 UTC with milliseconds.
    public var receivedAt: String

    enum CodingKeys: String, CodingKey {
        case cursor, deviceID = "device_id", storeID = "store_id", seq, kind, detail, time, receivedAt = "received_at"
    }

    /// The pull form of a stored device event.
    public init(_ stored: StoredDeviceEvent) {
        let event = stored.record.event
        cursor = String(stored.cursor)
        deviceID = stored.deviceID
        storeID = stored.record.storeID
        seq = stored.record.seq
        kind = event.kind
        // Stored only after it parsed as an object; a row edited by hand is shown as the text it holds.
        detail = (try? JSONValue(parsing: event.detail)) ?? .string(event.detail)
        time = WireTime(event.time)
        receivedAt = ISOTime.string(millis: stored.receivedAtMillis)
    }
}

/// A page of `GET /v1/device-events`.
public struct DeviceEventsPage: Codable, Sendable, Equatable {
    public var deviceEvents: [PulledDeviceEvent]
    /// The last returned cursor, or the one asked for when nothing is new: ask `after` it next.
    public var nextCursor: String

    enum CodingKeys: String, CodingKey { case deviceEvents = "device_events", nextCursor = "next_cursor" }

    public init(deviceEvents: [PulledDeviceEvent], nextCursor: String) {
        self.deviceEvents = deviceEvents
        self.nextCursor = nextCursor
    }
}
