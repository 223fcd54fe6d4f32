import RatingWire

/// A rating the default view of `GET /v1/ratings` no longer shows: an amendment flagged it.
public struct WithdrawnRating: Codable, Sendable, Equatable {
    public var cursor: String
    public var deviceID: String
    public var storeID: String
    public var seq: Int64
    public var id: String
    /// Its flags now (own and amended), sorted.
    public var flags: [String]

    enum CodingKeys: String, CodingKey { case cursor, deviceID = "device_id", storeID = "store_id", seq, id, flags }

    /// The withdrawn form of a stored rating.
    public init(_ stored: StoredRating) {
        cursor = String(stored.cursor)
        deviceID = stored.rating.placement.deviceID
        storeID = stored.rating.storeID
        seq = stored.rating.seq
        id = stored.rating.id
        flags = stored.allFlags.map(\.rawValue).sorted()
    }
}

/// One service without a rating in `GET /v1/services`.
public struct PulledUnratedService: Codable, Sendable, Equatable {
    public var cursor: String
    public var deviceID: String
    public var storeID: String
    public var seq: Int64
    public var ticket: String?
    public var staff: String?
    /// When the service ended and the rating window opened.
    public var openedAt: WireTime
    /// When the window closed without a counted press.
    public var closedAt: WireTime
    /// When the collector stored it: ISO 8601 UTC with milliseconds.
    public var receivedAt: String

    enum CodingKeys: String, CodingKey {
        case cursor, deviceID = "device_id", storeID = "store_id", seq, ticket, staff
        case openedAt = "opened_at", closedAt = "closed_at", receivedAt = "received_at"
    }

    /// The pull form of a stored unrated service.
    public init(_ stored: StoredUnratedService) {
        cursor = String(stored.cursor)
        deviceID = stored.deviceID
        storeID = stored.record.storeID
        seq = stored.record.seq
        ticket = stored.record.service.ticket
        staff = stored.record.service.staff
        openedAt = WireTime(stored.record.service.openedAt)
        closedAt = WireTime(stored.record.closedAt)
        receivedAt = ISOTime.string(millis: stored.receivedAtMillis)
    }
}

/// A page of `GET /v1/services`.
public struct ServicesPage: Codable, Sendable, Equatable {
    public var unratedServices: [PulledUnratedService]
    /// The last returned cursor, or the one asked for when nothing is new: ask `after` it next.
    public var nextCursor: String

    enum CodingKeys: String, CodingKey { case unratedServices = "unrated_services", nextCursor = "next_cursor" }

    public init(unratedServices: [PulledUnratedService], nextCursor: String) {
        self.unratedServices = unratedServices
        self.nextCursor = nextCursor
    }
}
