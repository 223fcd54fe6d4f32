import RatingCore
import RatingWire

/// A record with a seq of its own kind (per store): the key the collector stores it under.
public protocol SeqNumbered: Sendable, Equatable {
    var seq: Int64 { get }
}

extension RatingAmendment: SeqNumbered {}
extension UnratedServiceRecord: SeqNumbered {}
extension DeviceEventRecord: SeqNumbered {}
extension WireAmendment: SeqNumbered {}
extension WireUnratedService: SeqNumbered {}
extension WireDeviceEvent: SeqNumbered {}

/// One record of a batch besides ratings (an amendment, an unrated service, a device event):
/// valid, or the record as received with the reason it cannot be stored.
public enum CheckedAddition<Record: SeqNumbered, Wire: SeqNumbered>: Sendable, Equatable {
    /// A valid record, to be stored once.
    case valid(Record)
    /// A record the collector sets aside and lists in the reply's `rejected_…` list of its kind.
    case invalid(Wire, reason: String)

    /// The record's seq as sent.
    public var seq: Int64 {
        switch self {
        case .valid(let record): return record.seq
        case .invalid(let record, _): return record.seq
        }
    }
}

/// One amendment of a batch, checked.
public typealias CheckedAmendment = CheckedAddition<RatingAmendment, WireAmendment>
/// One unrated service of a batch, checked.
public typealias CheckedUnratedService = CheckedAddition<UnratedServiceRecord, WireUnratedService>
/// One device event of a batch, checked (a valid event's detail is compact JSON with sorted keys).
public typealias CheckedDeviceEvent = CheckedAddition<DeviceEventRecord, WireDeviceEvent>

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

/// A device event as the collector holds it.
public struct StoredDeviceEvent: Sendable, Equatable {
    /// Increasing position for the pull API (`GET /v1/device-events`).
    public var cursor: Int64
    /// The device that sent it.
    public var deviceID: String
    public var receivedAtMillis: Int64
    /// The event; its detail is a JSON object as compact text with sorted keys.
    public var record: DeviceEventRecord

    public init(cursor: Int64, deviceID: String, receivedAtMillis: Int64, record: DeviceEventRecord) {
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
