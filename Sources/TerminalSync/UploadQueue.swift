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
    public var ratings: [Rating]
    public var unsentCount: Int

    public init(storeID: String, ratings: [Rating], unsentCount: Int) {
        self.storeID = storeID
        self.ratings = ratings
        self.unsentCount = unsentCount
    }
}

/// The outcome of one upload attempt.
public struct UploadReport: Sendable, Equatable {
    /// A one-line summary ("acknowledged through 42", "HTTP 503: database busy", "connection refused").
    public var summary: String
    public var httpStatus: Int?
    public var succeeded: Bool
    /// How many ratings the attempt carried.
    public var ratings: Int
    /// The request's bytes on the wire, as the transport counted them.
    public var bytesSent: Int

    public init(summary: String, httpStatus: Int?, succeeded: Bool, ratings: Int, bytesSent: Int) {
        self.summary = summary
        self.httpStatus = httpStatus
        self.succeeded = succeeded
        self.ratings = ratings
        self.bytesSent = bytesSent
    }
}
