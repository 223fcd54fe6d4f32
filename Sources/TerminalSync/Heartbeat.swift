/// When an idle terminal sends an empty batch, so the collector hears from it (pure; monotonic time).
///
/// Any batch counts as contact; with nothing to send, a heartbeat is due once `interval` has passed
/// since the last batch sent (or at once, if none was sent since start). A failed heartbeat is not
/// retried before the next interval: the uploader's backoff is for records, not for "I am here".
public struct Heartbeat: Sendable, Equatable {
    /// `nil`: never send heartbeats.
    public var interval: Duration?
    private var lastSentNanos: UInt64?

    public init(interval: Duration?) {
        self.interval = interval
    }

    /// Whether an empty batch should be sent now (monotonic nanoseconds).
    public func isDue(atNanos now: UInt64) -> Bool {
        guard let interval else { return false }
        guard let last = lastSentNanos else { return true }
        let (seconds, attoseconds) = interval.components
        let intervalNanos = UInt64(clamping: seconds) &* 1_000_000_000 &+ UInt64(clamping: attoseconds / 1_000_000_000)
        return now >= last && now - last >= intervalNanos
    }

    /// A batch (with records or empty) was sent at `now`.
    public mutating func sent(atNanos now: UInt64) {
        lastSentNanos = now
    }
}
