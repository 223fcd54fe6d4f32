/// The per-device upload limit on `POST /v1/batches`: one ``TokenBucket`` per authenticated device.
///
/// The state is per collector instance and in memory. That is acceptable here, unlike for stored
/// data (see the multi-instance rule in DESIGN.md): the limit only sheds load, it decides nothing
/// about what is stored. With several instances behind a balancer a device may get up to that
/// many times its budget, and a restart refills every bucket. The table holds one small entry per
/// device that passed authentication, so it is bounded by the registered devices.
public actor DeviceRateLimiter {
    private let limit: TokenBucket.Limit
    private let now: @Sendable () -> Duration
    private var buckets: [String: TokenBucket] = [:]

    /// - Parameters:
    ///   - limit: each device's budget.
    ///   - now: a monotonic clock as the time since any fixed origin; tests pass their own.
    public init(limit: TokenBucket.Limit, now: @escaping @Sendable () -> Duration = DeviceRateLimiter.monotonicNow()) {
        self.limit = limit
        self.now = now
    }

    /// Takes one batch from `deviceID`'s budget. Call only after the request is authenticated,
    /// so requests that fail authentication never spend a real device's budget.
    public func take(deviceID: String) -> TokenBucket.Decision {
        let instant = now()
        var bucket = buckets[deviceID] ?? TokenBucket(limit: limit, now: instant)
        let decision = bucket.take(now: instant)
        buckets[deviceID] = bucket
        return decision
    }

    /// The continuous clock as the time since this call.
    public static func monotonicNow() -> @Sendable () -> Duration {
        let origin = ContinuousClock.now
        return { origin.duration(to: .now) }
    }
}
