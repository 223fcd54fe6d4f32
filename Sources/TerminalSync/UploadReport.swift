import RatingCore

/// The outcome of one upload attempt, for `rating-terminal status` and progress displays.
public struct UploadReport: Sendable, Equatable {
    /// When the attempt ended, as the device saw it.
    public var time: DeviceTime
    /// A one-line summary ("acknowledged through 42", "HTTP 503: database busy", "curl_easy_perform … refused").
    public var summary: String
    /// The answer's status, `nil` when no answer arrived.
    public var httpStatus: Int?
    /// Whether the collector acknowledged the batch.
    public var succeeded: Bool
    /// What went wrong, when something did (413 and 415 adapt the next attempt and carry none).
    public var problem: UploadProblem?
    /// The highest seq the collector has accounted for, after a success.
    public var ackedThrough: Int64?
    /// Unsent ratings left after this attempt, as far as the uploader knows.
    public var remaining: Int
    /// How many ratings the attempt carried.
    public var ratings: Int
    /// The request's bytes on the wire, as the transport counted them.
    public var bytesSent: Int

    public init(time: DeviceTime, summary: String, httpStatus: Int?, succeeded: Bool, problem: UploadProblem? = nil,
                ackedThrough: Int64? = nil, remaining: Int, ratings: Int, bytesSent: Int = 0) {
        self.time = time
        self.summary = summary
        self.httpStatus = httpStatus
        self.succeeded = succeeded
        self.problem = problem
        self.ackedThrough = ackedThrough
        self.remaining = remaining
        self.ratings = ratings
        self.bytesSent = bytesSent
    }
}
