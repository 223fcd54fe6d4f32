/// A point on the monotonic clock of one boot, in nanoseconds since boot.
///
/// Timers and intervals use this clock only: it never jumps when NTP sets the wall clock.
public struct MonotonicInstant: Hashable, Comparable, Sendable {
    /// Nanoseconds since boot.
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The instant `duration` later (durations below zero move it earlier, never below boot).
    public static func + (lhs: Self, rhs: Duration) -> Self {
        let delta = rhs.nanosecondsClamped
        if delta >= 0 { return Self(nanoseconds: lhs.nanoseconds &+ UInt64(delta)) }
        let back = UInt64(-delta)
        return Self(nanoseconds: lhs.nanoseconds > back ? lhs.nanoseconds - back : 0)
    }

    /// The time from `earlier` to `self` (zero if `earlier` is later).
    public func since(_ earlier: Self) -> Duration {
        guard nanoseconds > earlier.nanoseconds else { return .zero }
        return .nanoseconds(Int64(clamping: nanoseconds - earlier.nanoseconds))
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to `Int64`.
    public var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return product.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }

    /// The duration in seconds as a floating-point number.
    public var secondsDouble: Double { Double(nanosecondsClamped) / 1e9 }
}

/// When something happened, as the device saw it: the three numbers of DESIGN.md.
///
/// Boards without a battery clock start with a wrong wall clock; with `bootID`
/// and `monotonic` the collector can place the event once the same boot reports
/// a synchronised clock.
public struct DeviceTime: Hashable, Sendable, Codable {
    /// Wall-clock time, milliseconds since 1970-01-01 UTC (possibly wrong if not synchronised).
    public var wallMillis: Int64
    /// The kernel's random id of the current boot.
    public var bootID: String
    /// Monotonic nanoseconds since boot.
    public var monotonicNanos: UInt64
    /// Whether the wall clock was synchronised (NTP) at that moment.
    public var clockSynced: Bool

    public init(wallMillis: Int64, bootID: String, monotonicNanos: UInt64, clockSynced: Bool) {
        self.wallMillis = wallMillis
        self.bootID = bootID
        self.monotonicNanos = monotonicNanos
        self.clockSynced = clockSynced
    }

    /// The monotonic part as an instant.
    public var monotonic: MonotonicInstant { MonotonicInstant(nanoseconds: monotonicNanos) }
}

/// Reads the device's clocks. The real one lives in the terminal app; tests pass a fake.
public protocol DeviceClock: Sendable {
    /// The current time as the device sees it.
    func now() -> DeviceTime
}
