import RatingCore
import RatingWire

/// Where the uploader takes records from and reports back to (the SQLite store, in the terminal).
public protocol UploadQueue: Sendable {
    /// Up to `limit` unsent records of the current store (ratings first, then amendments, then unrated
    /// services, then device events; each kind in seq order), the store id, and how many records are unsent in all.
    func nextBatch(limit: Int) async throws -> PendingBatch
    /// The collector's answer for `reply.storeID`: each kind's acknowledged-through cursor and the records it set aside.
    func acknowledge(_ reply: UploadReply) async throws
    /// Remember the outcome of an attempt, for `rating-terminal status`.
    func noteAttempt(_ report: UploadReport) async
}

/// Records waiting to be uploaded.
public struct PendingBatch: Sendable, Equatable {
    public var storeID: String
    /// Unsent ratings, in seq order.
    public var ratings: [Rating]
    /// Unsent amendments, in their own seq order.
    public var amendments: [RatingAmendment]
    /// Unsent unrated services, in their own seq order.
    public var unratedServices: [UnratedServiceRecord]
    /// Unsent device events (self-test reports), in their own seq order.
    public var deviceEvents: [DeviceEventRecord]
    /// How many records of the store are unsent in all (these included).
    public var unsentCount: Int

    public init(storeID: String, ratings: [Rating], amendments: [RatingAmendment] = [], unratedServices: [UnratedServiceRecord] = [],
                deviceEvents: [DeviceEventRecord] = [], unsentCount: Int) {
        self.storeID = storeID
        self.ratings = ratings
        self.amendments = amendments
        self.unratedServices = unratedServices
        self.deviceEvents = deviceEvents
        self.unsentCount = unsentCount
    }

    /// Records of all kinds in this batch.
    public var recordCount: Int { ratings.count + amendments.count + unratedServices.count + deviceEvents.count }

    /// Whether there is nothing to send.
    public var isEmpty: Bool { recordCount == 0 }

    /// How many of this batch's records `reply` accounts for.
    public func accounted(by reply: UploadReply) -> Int {
        ratings.count { $0.seq <= reply.ackedThrough }
            + amendments.count { $0.seq <= (reply.amendmentsAckedThrough ?? 0) }
            + unratedServices.count { $0.seq <= (reply.unratedServicesAckedThrough ?? 0) }
            + deviceEvents.count { $0.seq <= (reply.deviceEventsAckedThrough ?? 0) }
    }
}
