/// What the collector alerts on and where it sends alerts. Defaults follow issue #7.
public struct AlertSettings: Sendable, Equatable {
    /// Per counter: too many low scores in a short window.
    public var badRatings: BadRatingsRule
    /// Per device: no upload for a while during opening hours.
    public var silentTerminal: SilentTerminalRule
    /// Per store: a missing rating seq that does not arrive.
    public var seqGap: SeqGapRule
    /// Where alerts are POSTed (http or https); `nil` sends none (they are still listed in the API).
    public var webhookURL: String?
    /// How long one webhook POST may take.
    public var webhookTimeout: Duration
    /// The wait after the first failed delivery; it doubles after each further failure.
    public var retryBase: Duration
    /// The longest wait between two deliveries of one alert; retries never stop.
    public var retryCap: Duration
    /// How often the periodic evaluator looks for silent terminals and aged gaps.
    public var evaluationInterval: Duration
    /// How often the delivery loop looks for webhook deliveries that are due.
    public var deliveryPollInterval: Duration

    public init(badRatings: BadRatingsRule = BadRatingsRule(), silentTerminal: SilentTerminalRule = SilentTerminalRule(),
                seqGap: SeqGapRule = SeqGapRule(), webhookURL: String? = nil, webhookTimeout: Duration = .seconds(10),
                retryBase: Duration = .seconds(10), retryCap: Duration = .seconds(1800),
                evaluationInterval: Duration = .seconds(60), deliveryPollInterval: Duration = .seconds(5)) {
        self.badRatings = badRatings
        self.silentTerminal = silentTerminal
        self.seqGap = seqGap
        self.webhookURL = webhookURL
        self.webhookTimeout = webhookTimeout
        self.retryBase = retryBase
        self.retryCap = retryCap
        self.evaluationInterval = evaluationInterval
        self.deliveryPollInterval = deliveryPollInterval
    }

    /// The wait before the next delivery after `failures` failed attempts (1 → the base): doubling, capped.
    public func retryDelayMillis(afterFailures failures: Int) -> Int64 {
        let base = max(1, retryBase.millis), cap = max(base, retryCap.millis)
        var delay = base
        for _ in 1..<max(1, failures) {
            delay *= 2
            if delay >= cap { return cap }
        }
        return min(delay, cap)
    }
}

extension Duration {
    /// Whole milliseconds (rounded down).
    var millis: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

