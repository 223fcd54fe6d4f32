/// Full-jitter exponential backoff that never gives up: after the n-th consecutive
/// failure (n from 0) the wait is uniformly random in `0...min(cap, base × 2ⁿ)`.
/// Defaults: base 1 s, cap 5 min (DESIGN.md). The random source is passed in,
/// so tests can pin it.
public struct Backoff: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration
    /// Consecutive failures so far; saturates at `Int.max`, never wraps.
    public private(set) var failures: Int = 0

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(300)) {
        self.base = base
        self.cap = cap
    }

    /// The ceiling for the next delay: `min(cap, base × 2^failures)`, without overflow at any count.
    public var currentCeiling: Duration {
        let baseNanos = max(1, base.nanosecondsClampedForBackoff)
        let capNanos = max(baseNanos, cap.nanosecondsClampedForBackoff)
        // 2^62 ns is already 146 years, past any cap, so the exponent saturates there.
        let exponent = min(failures, 62)
        let (scaled, overflow) = baseNanos.multipliedReportingOverflow(by: Int64(1) << exponent)
        return .nanoseconds(overflow ? capNanos : min(scaled, capNanos))
    }

    /// Records a failure and returns how long to wait before the next attempt.
    public mutating func nextDelay(using random: inout some RandomNumberGenerator) -> Duration {
        let ceiling = currentCeiling.nanosecondsClampedForBackoff
        if failures < Int.max { failures += 1 }
        return .nanoseconds(Int64.random(in: 0...ceiling, using: &random))
    }

    /// Records a failure the server answered with `Retry-After`, and returns the wait:
    /// `max(retryAfter, jittered backoff)`.
    ///
    /// Why the larger of the two: `Retry-After` is the server's floor and is always
    /// honoured, while the backoff keeps growing underneath it, so a collector that
    /// keeps answering `Retry-After: 0` (or a small value) still gets the usual
    /// exponential spread from thousands of terminals instead of a tight retry loop.
    public mutating func nextDelay(honouring retryAfter: Duration?, using random: inout some RandomNumberGenerator) -> Duration {
        max(retryAfter ?? .zero, nextDelay(using: &random))
    }

    /// After a success the next failure starts from `base` again.
    public mutating func reset() { failures = 0 }
}

extension Duration {
    /// Whole nanoseconds, clamped to `0...Int64.max`.
    var nanosecondsClampedForBackoff: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? 0 : .max }
        let (sum, sumOverflow) = product.addingReportingOverflow(attoseconds / 1_000_000_000)
        if sumOverflow { return seconds < 0 ? 0 : .max }
        return max(0, sum)
    }
}
