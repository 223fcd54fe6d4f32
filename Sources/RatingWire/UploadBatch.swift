/// Version 1 of the upload format (DESIGN.md, "Upload protocol").
///
/// JSON keys are snake_case and spelled out in `CodingKeys`, so renaming a
/// Swift property never changes the wire. Evolve both sides in one change.
public enum WireFormat {
    /// The version this build writes and reads.
    public static let version = 1
    /// At most this many records (of all kinds together) in one batch.
    public static let maxRatingsPerBatch = 500
    /// The path batches are posted to.
    public static let batchesPath = "/v1/batches"
}

/// Time as the device saw it, on the wire.
public struct WireTime: Codable, Hashable, Sendable {
    public var wallMillis: Int64
    public var bootID: String
    public var monotonicNanos: UInt64
    public var synced: Bool

    enum CodingKeys: String, CodingKey {
        case wallMillis = "wall_ms", bootID = "boot_id", monotonicNanos = "mono_ns", synced
    }

    public init(wallMillis: Int64, bootID: String, monotonicNanos: UInt64, synced: Bool) {
        self.wallMillis = wallMillis
        self.bootID = bootID
        self.monotonicNanos = monotonicNanos
        self.synced = synced
    }
}

/// One rating on the wire.
public struct WireRating: Codable, Hashable, Sendable {
    public var seq: Int64
    /// The rating's own random id.
    public var id: String
    public var score: Int
    /// Flag names, sorted ("repeat").
    public var flags: [String]
    public var site: String
    public var counter: String
    public var time: WireTime
    /// Counter mode: the rating window the press fell in; absent when none was open (and in older batches).
    public var window: WireWindow?

    public init(seq: Int64, id: String, score: Int, flags: [String], site: String, counter: String, time: WireTime,
                window: WireWindow? = nil) {
        self.seq = seq
        self.id = id
        self.score = score
        self.flags = flags
        self.site = site
        self.counter = counter
        self.time = time
        self.window = window
    }
}

/// The body of `POST /v1/batches`: up to 500 records of one store: ratings, amendments,
/// unrated services and device events, each kind in its own seq order.
///
/// `amendments`, `unrated_services` and `device_events` were added to version 1 without a version change:
/// they are left out of the JSON when empty, and a batch without them decodes as empty.
public struct UploadBatch: Codable, Hashable, Sendable {
    public var version: Int
    public var deviceID: String
    public var storeID: String
    /// The device's clocks sampled just before sending.
    public var sentAt: WireTime
    /// How many records the device still had unsent (this batch included).
    public var queueDepth: Int
    public var ratings: [WireRating]
    /// Later changes to ratings of this store (a reason, a burst flag), in their own seq order.
    public var amendments: [WireAmendment]
    /// Rating windows that closed without a counted press, in their own seq order.
    public var unratedServices: [WireUnratedService]
    /// Reports the device made about itself (self-tests), in their own seq order.
    public var deviceEvents: [WireDeviceEvent]

    enum CodingKeys: String, CodingKey {
        case version, deviceID = "device_id", storeID = "store_id", sentAt = "sent_at"
        case queueDepth = "queue_depth", ratings, amendments, unratedServices = "unrated_services", deviceEvents = "device_events"
    }

    public init(version: Int = WireFormat.version, deviceID: String, storeID: String, sentAt: WireTime, queueDepth: Int, ratings: [WireRating],
                amendments: [WireAmendment] = [], unratedServices: [WireUnratedService] = [], deviceEvents: [WireDeviceEvent] = []) {
        self.version = version
        self.deviceID = deviceID
        self.storeID = storeID
        self.sentAt = sentAt
        self.queueDepth = queueDepth
        self.ratings = ratings
        self.amendments = amendments
        self.unratedServices = unratedServices
        self.deviceEvents = deviceEvents
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        deviceID = try container.decode(String.self, forKey: .deviceID)
        storeID = try container.decode(String.self, forKey: .storeID)
        sentAt = try container.decode(WireTime.self, forKey: .sentAt)
        queueDepth = try container.decode(Int.self, forKey: .queueDepth)
        ratings = try container.decode([WireRating].self, forKey: .ratings)
        amendments = try container.decodeIfPresent([WireAmendment].self, forKey: .amendments) ?? []
        unratedServices = try container.decodeIfPresent([WireUnratedService].self, forKey: .unratedServices) ?? []
        deviceEvents = try container.decodeIfPresent([WireDeviceEvent].self, forKey: .deviceEvents) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(deviceID, forKey: .deviceID)
        try container.encode(storeID, forKey: .storeID)
        try container.encode(sentAt, forKey: .sentAt)
        try container.encode(queueDepth, forKey: .queueDepth)
        try container.encode(ratings, forKey: .ratings)
        if !amendments.isEmpty { try container.encode(amendments, forKey: .amendments) }
        if !unratedServices.isEmpty { try container.encode(unratedServices, forKey: .unratedServices) }
        if !deviceEvents.isEmpty { try container.encode(deviceEvents, forKey: .deviceEvents) }
    }

    /// How many records of all kinds the batch carries.
    public var recordCount: Int { ratings.count + amendments.count + unratedServices.count + deviceEvents.count }
}

