import RatingCore
import RatingWire

/// One amendment of a batch: valid, or the record as received with the reason it cannot be stored.
public enum CheckedAmendment: Sendable, Equatable {
    /// A valid amendment, to be stored once.
    case valid(RatingAmendment)
    /// An amendment the collector sets aside and lists in `rejected_amendments`.
    case invalid(WireAmendment, reason: String)

    /// The amendment's seq as sent.
    public var seq: Int64 {
        switch self {
        case .valid(let amendment): return amendment.seq
        case .invalid(let record, _): return record.seq
        }
    }
}

/// One unrated service of a batch: valid, or the record as received with the reason it cannot be stored.
public enum CheckedUnratedService: Sendable, Equatable {
    /// A valid record, to be stored once.
    case valid(UnratedServiceRecord)
    /// A record the collector sets aside and lists in `rejected_unrated_services`.
    case invalid(WireUnratedService, reason: String)

    /// The record's seq as sent.
    public var seq: Int64 {
        switch self {
        case .valid(let record): return record.seq
        case .invalid(let record, _): return record.seq
        }
    }
}

/// An unrated service as the collector holds it.
public struct StoredUnratedService: Sendable, Equatable {
    /// Increasing position for the pull API (`GET /v1/services`).
    public var cursor: Int64
    /// The device that sent it.
    public var deviceID: String
    public var receivedAtMillis: Int64
    public var record: UnratedServiceRecord

    public init(cursor: Int64, deviceID: String, receivedAtMillis: Int64, record: UnratedServiceRecord) {
        self.cursor = cursor
        self.deviceID = deviceID
        self.receivedAtMillis = receivedAtMillis
        self.record = record
    }
}

/// One page of the ratings scan for the pull API.
public struct RatingsScan: Sendable, Equatable {
    /// The ratings to show, in cursor order.
    public var ratings: [StoredRating]
    /// Ratings left out of a default (flagged excluded) page only because an amendment flagged
    /// them: a reader that got them earlier should drop them.
    public var withdrawn: [StoredRating]
    /// The highest cursor looked at (shown or not); continue after it.
    public var lastCursor: Int64?

    public init(ratings: [StoredRating], withdrawn: [StoredRating], lastCursor: Int64?) {
        self.ratings = ratings
        self.withdrawn = withdrawn
        self.lastCursor = lastCursor
    }
}
