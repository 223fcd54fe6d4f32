/// Full-jitter exponential backoff that never gives up: the n-th consecutive
/// failure waits a uniformly random time in `0...min(cap, base × 2ⁿ)`.
/// Defaults: base 1 s, cap 5 min (DESIGN.md).
public struct Backoff: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration
    /// Consecutive failures so far.
    public private(set) var failures: Int = 0

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(300)) {
        self.base = base
        self.cap = cap
    }

    /// The ceiling for the next delay: `min(cap, base × 2^failures)`, without overflow at any count.
    public var currentCeiling: Duration {
        let baseNanos = max(1, base.nanosecondsClampedForBackoff)
        let capNanos = max(baseNanos, cap.nanosecondsClampedForBackoff)
        // 2^62 already exceeds any cap, so the exponent saturates there.
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

    /// After a success the next failure starts from `base` again.
    public mutating func reset() { failures = 0 }
}

extension Duration {
    var nanosecondsClampedForBackoff: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? 0 : .max }
        return max(0, product.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue)
    }
}
