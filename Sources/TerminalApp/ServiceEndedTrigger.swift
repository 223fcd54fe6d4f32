import RatingCore

/// The clerk ended a service, as told by a queue-management system through the local API
/// (`POST /v1/service-ended`); in counter mode it opens a rating window.
public struct ServiceEndedTrigger: Sendable, Equatable {
    /// The queue ticket of the customer just served, e.g. "A017"; stored with the window's rating.
    public var ticket: String?
    /// The clerk's id, e.g. "nv07"; stored with the window's rating.
    public var staff: String?
    /// When the call arrived (monotonic clock).
    public var at: MonotonicInstant

    public init(ticket: String?, staff: String?, at: MonotonicInstant) {
        self.ticket = ticket
        self.staff = staff
        self.at = at
    }
}
