/// Timing of the session, from the config file's `[session]` section.
public struct SessionSettings: Hashable, Sendable {
    /// How long the thank-you stays on the display (`thanks_s`).
    public var thanks: Duration
    /// Kiosk mode: a press this soon after the last counted press is flagged `repeat` (`response_interval_s`).
    public var responseInterval: Duration

    public init(thanks: Duration = .seconds(3), responseInterval: Duration = .seconds(5)) {
        self.thanks = thanks
        self.responseInterval = responseInterval
    }
}

/// What the session asks its owner to do, in order.
public enum SessionAction: Hashable, Sendable {
    /// Store this press durably, then report back with `Session.recorded` or `Session.recordFailed`.
    case record(RecordRequest)
    /// Draw this content on the display.
    case show(ScreenContent)
    /// Call `Session.tick` at this instant (replaces any earlier wake-up).
    case wake(at: MonotonicInstant)
}

/// A press the session wants stored.
public struct RecordRequest: Hashable, Sendable {
    public var score: Score
    public var flags: Set<RatingFlag>
    /// When the press happened (the keypad's event time).
    public var pressedAt: MonotonicInstant

    public init(score: Score, flags: Set<RatingFlag>, pressedAt: MonotonicInstant) {
        self.score = score
        self.flags = flags
        self.pressedAt = pressedAt
    }
}

/// The terminal's session: idle → (press, stored) → thanks for `thanks` → idle.
///
/// A pure state machine: every input is a method taking the current monotonic
/// time, and each returns the actions to perform. It never reads a clock and
/// never does I/O. The thank-you is only shown after the store reported the
/// press durable (`recorded`), so a customer is never thanked for a lost press.
public struct Session: Sendable {
    /// Where the session is.
    public enum State: Hashable, Sendable {
        case idle
        /// The thank-you for `score` is shown until `until`.
        case thanking(score: Score, until: MonotonicInstant)
        /// The store failed; a problem screen is shown until `until`.
        case storeProblem(until: MonotonicInstant)
    }

    public private(set) var state: State = .idle
    /// The last press that was counted (not flagged `repeat`).
    public private(set) var lastCounted: MonotonicInstant?
    public let settings: SessionSettings

    public init(settings: SessionSettings) {
        self.settings = settings
    }

    /// The terminal starts: draw the idle prompt.
    public mutating func start(at now: MonotonicInstant) -> [SessionAction] {
        state = .idle
        return [.show(.idle)]
    }

    /// A button was pressed. Every press is recorded; one within the response
    /// interval of the last counted press is flagged `repeat` and not counted.
    public mutating func press(_ score: Score, at now: MonotonicInstant) -> [SessionAction] {
        var flags = Set<RatingFlag>()
        if let last = lastCounted, now < last + settings.responseInterval {
            flags.insert(.repeat)
        } else {
            lastCounted = now
        }
        return [.record(RecordRequest(score: score, flags: flags, pressedAt: now))]
    }

    /// The store committed the press: thank the customer.
    public mutating func recorded(_ request: RecordRequest, at now: MonotonicInstant) -> [SessionAction] {
        let until = now + settings.thanks
        state = .thanking(score: request.score, until: until)
        return [.show(.thanks(request.score)), .wake(at: until)]
    }

    /// The store could not keep the press: say so instead of thanking.
    public mutating func recordFailed(_ request: RecordRequest, at now: MonotonicInstant) -> [SessionAction] {
        let until = now + settings.thanks
        state = .storeProblem(until: until)
        return [.show(.storeProblem), .wake(at: until)]
    }

    /// Time passed: return to idle when the current screen has expired.
    public mutating func tick(at now: MonotonicInstant) -> [SessionAction] {
        switch state {
        case .idle:
            return []
        case .thanking(_, let until), .storeProblem(let until):
            guard now >= until else { return [.wake(at: until)] }
            state = .idle
            return [.show(.idle)]
        }
    }
}
