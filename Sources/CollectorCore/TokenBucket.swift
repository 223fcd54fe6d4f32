/// A token bucket, the pure core of the per-device upload limit: it holds up to `burst` tokens,
/// refills at `batchesPerSecond`, and each batch takes one.
///
/// Time comes in as a monotonic instant (a `Duration` since any fixed origin), so tests drive it
/// with plain values; ``DeviceRateLimiter`` feeds it the real clock.
public struct TokenBucket: Sendable, Equatable {
    /// How many batches a device may send: `burst` at once, then `batchesPerSecond` sustained.
    public struct Limit: Sendable, Equatable {
        /// Sustained rate; more than 0.
        public var batchesPerSecond: Double
        /// Batches that may arrive back to back after a quiet spell; at least 1.
        public var burst: Int

        public init(batchesPerSecond: Double, burst: Int) {
            self.batchesPerSecond = batchesPerSecond
            self.burst = burst
        }

        /// Why these values cannot work, or `nil`.
        public var problem: String? {
            guard batchesPerSecond > 0, batchesPerSecond.isFinite else { return "the rate must be more than 0 batches per second" }
            guard burst >= 1 else { return "the burst must be at least 1 batch" }
            return nil
        }
    }

    /// The answer for one batch.
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused; a token is due in this many whole seconds (at least 1), the `Retry-After` value.
        case refused(retryAfterSeconds: Int)
    }

    public let limit: Limit
    /// Tokens held at `updated`, from 0 to `burst`.
    public private(set) var tokens: Double
    private var updated: Duration

    /// A full bucket at `now`.
    public init(limit: Limit, now: Duration) {
        self.limit = limit
        tokens = Double(limit.burst)
        updated = now
    }

    /// Takes a token for one batch arriving at `now`, or says when to come back.
    public mutating func take(now: Duration) -> Decision {
        refill(now: now)
        if tokens >= 1 {
            tokens -= 1
            return .allowed
        }
        let wait = (1 - tokens) / limit.batchesPerSecond
        // Rounded up, so a device that waits exactly this long finds a token.
        return .refused(retryAfterSeconds: max(1, Int(wait.rounded(.up))))
    }

    private mutating func refill(now: Duration) {
        // A clock that steps back (it should not: the limiter uses a monotonic one) adds nothing.
        guard now > updated else { return }
        let elapsed = Double((now - updated).components.seconds) + Double((now - updated).components.attoseconds) / 1e18
        tokens = min(Double(limit.burst), tokens + elapsed * limit.batchesPerSecond)
        updated = now
    }
}
