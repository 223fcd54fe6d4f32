import RatingCore
import RatingWire

/// A batch that passed the batch-level checks, each record with its verdict.
public struct CheckedBatch: Sendable, Equatable {
    /// The authenticated device (equal to the batch's `device_id`).
    public var deviceID: String
    public var storeID: String
    /// The device's clocks sampled just before sending.
    public var sentAt: WireTime
    public var queueDepth: Int
    /// The batch's ratings in the order sent (strictly increasing seq).
    public var records: [CheckedRecord]
    /// The batch's amendments in the order sent (strictly increasing seq).
    public var amendments: [CheckedAmendment]
    /// The batch's unrated services in the order sent (strictly increasing seq).
    public var unratedServices: [CheckedUnratedService]
    /// The batch's device events in the order sent (strictly increasing seq).
    public var deviceEvents: [CheckedDeviceEvent]
    /// Loaded from an export file, not uploaded: the device's last-upload state is left as it is.
    public var isImport = false

    public init(deviceID: String, storeID: String, sentAt: WireTime, queueDepth: Int, records: [CheckedRecord],
                amendments: [CheckedAmendment] = [], unratedServices: [CheckedUnratedService] = [], deviceEvents: [CheckedDeviceEvent] = []) {
        self.deviceID = deviceID
        self.storeID = storeID
        self.sentAt = sentAt
        self.queueDepth = queueDepth
        self.records = records
        self.amendments = amendments
        self.unratedServices = unratedServices
        self.deviceEvents = deviceEvents
    }
}

/// One record of a batch: a valid rating, or the record as received with the reason it cannot be stored.
public enum CheckedRecord: Sendable, Equatable {
    /// A valid rating, to be stored once.
    case valid(Rating)
    /// A record the collector sets aside (never stored as a rating) and lists in `rejected`.
    case invalid(WireRating, reason: String)

    /// The record's seq as sent.
    public var seq: Int64 {
        switch self {
        case .valid(let rating): return rating.seq
        case .invalid(let record, _): return record.seq
        }
    }
}

/// A rating as the collector holds it, with what its amendments add.
public struct StoredRating: Sendable, Equatable {
    /// The rating's position in the pull API: increasing, and moved to a new, higher value
    /// each time an amendment of the rating is stored (so a pull sees the change).
    public var cursor: Int64
    /// When the collector stored it, milliseconds since 1970 (collector clock).
    public var receivedAtMillis: Int64
    /// The rating as the device sent it (its `placement.deviceID` is the device).
    public var rating: Rating
    /// The reason of its latest reason amendment, if any.
    public var reason: FollowUpReason?
    /// Flags added by amendments (e.g. `burst`), apart from the rating's own.
    public var amendedFlags: Set<RatingFlag>
    /// When it happened by the collector's reconstruction, and how far that can be trusted.
    public var correctedTime: CorrectedTime

    /// Without `correctedTime`: the device's wall time if its clock was synchronised, else bounded by the receipt.
    public init(cursor: Int64, receivedAtMillis: Int64, rating: Rating, reason: FollowUpReason? = nil, amendedFlags: Set<RatingFlag> = [],
                correctedTime: CorrectedTime? = nil) {
        self.cursor = cursor
        self.receivedAtMillis = receivedAtMillis
        self.rating = rating
        self.reason = reason
        self.amendedFlags = amendedFlags
        self.correctedTime = correctedTime ?? (rating.time.clockSynced
            ? CorrectedTime(wallMillis: rating.time.wallMillis, quality: .synced)
            : CorrectedTime(wallMillis: receivedAtMillis, quality: .bounded))
    }

    /// The rating's own flags and the amended ones.
    public var allFlags: Set<RatingFlag> { rating.flags.union(amendedFlags) }
}

/// A record set aside instead of stored: invalid, or clashing with what the collector already holds.
public struct SetAsideRecord: Sendable, Equatable {
    /// Increasing id, for paging.
    public var id: Int64
    public var deviceID: String
    public var storeID: String
    public var seq: Int64
    public var ratingID: String
    public var reason: String
    /// The kind of record: `rating`, `amendment`, `unrated_service` or `device_event` (each kind has its own seq).
    public var kind: String
    /// A rating exactly as received (`nil` for other kinds, or if the stored copy cannot be read back).
    public var received: WireRating?
    /// The record exactly as received, as JSON (any kind).
    public var receivedJSON: String
    public var receivedAtMillis: Int64

    public init(id: Int64, deviceID: String, storeID: String, seq: Int64, ratingID: String, reason: String, kind: String = "rating",
                received: WireRating?, receivedJSON: String = "", receivedAtMillis: Int64) {
        self.kind = kind
        self.receivedJSON = receivedJSON
        self.id = id
        self.deviceID = deviceID
        self.storeID = storeID
        self.seq = seq
        self.ratingID = ratingID
        self.reason = reason
        self.received = received
        self.receivedAtMillis = receivedAtMillis
    }
}
