import RatingCore
import RatingWire

/// Where the uploader takes ratings from and reports back to (the SQLite store, in the terminal).
public protocol UploadQueue: Sendable {
    /// Up to `limit` unsent ratings of the current store in seq order, the store id, and how many are unsent in all.
    func nextBatch(limit: Int) async throws -> PendingBatch
    /// The collector accounted for every seq up to `through` of `storeID`; `rejected` were set aside by it.
    func acknowledge(storeID: String, through: Int64, rejected: [RejectedRecord]) async throws
    /// Remember the outcome of an attempt, for `rating-terminal status`.
    func noteAttempt(_ report: UploadReport) async
}

/// Ratings waiting to be uploaded.
public struct PendingBatch: Sendable, Equatable {
    public var storeID: String
    /// At most the asked-for number of unsent ratings, in seq order.
    public var ratings: [Rating]
    /// How many ratings of the store are unsent in all (these included).
    public var unsentCount: Int

    public init(storeID: String, ratings: [Rating], unsentCount: Int) {
        self.storeID = storeID
        self.ratings = ratings
        self.unsentCount = unsentCount
    }
}
