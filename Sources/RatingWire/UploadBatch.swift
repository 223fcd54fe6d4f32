/// Version 1 of the upload format (DESIGN.md, "Upload protocol").
///
/// JSON keys are snake_case and spelled out in `CodingKeys`, so renaming a
/// Swift property never changes the wire. Evolve both sides in one change.
public enum WireFormat {
    /// The version this build writes and reads.
    public static let version = 1
    /// At most this many records in one batch.
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

    public init(seq: Int64, id: String, score: Int, flags: [String], site: String, counter: String, time: WireTime) {
        self.seq = seq
        self.id = id
        self.score = score
        self.flags = flags
        self.site = site
        self.counter = counter
        self.time = time
    }
}

/// The body of `POST /v1/batches`: up to 500 ratings of one store, in seq order.
public struct UploadBatch: Codable, Hashable, Sendable {
    public var version: Int
    public var deviceID: String
    public var storeID: String
    /// The device's clocks sampled just before sending.
    public var sentAt: WireTime
    /// How many ratings the device still had unsent (this batch included).
    public var queueDepth: Int
    public var ratings: [WireRating]

    enum CodingKeys: String, CodingKey {
        case version, deviceID = "device_id", storeID = "store_id", sentAt = "sent_at"
        case queueDepth = "queue_depth", ratings
    }

    public init(version: Int = WireFormat.version, deviceID: String, storeID: String, sentAt: WireTime, queueDepth: Int, ratings: [WireRating]) {
        self.version = version
        self.deviceID = deviceID
        self.storeID = storeID
        self.sentAt = sentAt
        self.queueDepth = queueDepth
        self.ratings = ratings
    }
}

/// A record the collector will not store as sent; the device sets it aside and does not retry it.
public struct RejectedRecord: Codable, Hashable, Sendable {
    public var seq: Int64
    public var reason: String

    public init(seq: Int64, reason: String) {
        self.seq = seq
        self.reason = reason
    }
}

/// The collector's `200` answer, sent only after its commit is durable.
public struct UploadReply: Codable, Hashable, Sendable {
    public var storeID: String
    /// Every seq up to this one is accounted for at the collector (stored, or set aside and listed in `rejected`).
    public var ackedThrough: Int64
    public var rejected: [RejectedRecord]

    enum CodingKeys: String, CodingKey {
        case storeID = "store_id", ackedThrough = "acked_through", rejected
    }

    public init(storeID: String, ackedThrough: Int64, rejected: [RejectedRecord]) {
        self.storeID = storeID
        self.ackedThrough = ackedThrough
        self.rejected = rejected
    }
}

/// The body of every 4xx/5xx answer: a reason a person can act on.
public struct ErrorReply: Codable, Hashable, Sendable {
    public var error: String

    public init(error: String) { self.error = error }
}
