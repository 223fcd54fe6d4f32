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
    /// The batch's records in the order sent (strictly increasing seq).
    public var records: [CheckedRecord]

    public init(deviceID: String, storeID: String, sentAt: WireTime, queueDepth: Int, records: [CheckedRecord]) {
        self.deviceID = deviceID
        self.storeID = storeID
        self.sentAt = sentAt
        self.queueDepth = queueDepth
        self.records = records
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

/// A rating as the collector holds it.
public struct StoredRating: Sendable, Equatable {
    /// The collector's own increasing position of this rating, for the pull API.
    public var cursor: Int64
    /// When the collector stored it, milliseconds since 1970 (collector clock).
    public var receivedAtMillis: Int64
    /// The rating as the device sent it (its `placement.deviceID` is the device).
    public var rating: Rating

    public init(cursor: Int64, receivedAtMillis: Int64, rating: Rating) {
        self.cursor = cursor
        self.receivedAtMillis = receivedAtMillis
        self.rating = rating
    }
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
    /// The record exactly as received (`nil` only if the stored copy cannot be read back).
    public var received: WireRating?
    public var receivedAtMillis: Int64

    public init(id: Int64, deviceID: String, storeID: String, seq: Int64, ratingID: String, reason: String, received: WireRating?, receivedAtMillis: Int64) {
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
