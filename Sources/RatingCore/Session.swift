/// The terminal's session: what a press means, what the display says, and when.
///
/// A pure state machine: every input is a method taking the current monotonic
/// time, and each returns the actions to perform (`SessionAction`). It never reads
/// a clock and never does I/O. Inputs:
/// - `start(at:)` once, then any of
/// - `press(_:at:)` — a button, at its event time;
/// - `serviceEnded(ticket:staff:at:)` — the clerk finished a service (counter mode);
/// - `recorded(_:at:)` / `recordFailed(_:at:)` — the store's answer to a `.record`;
/// - `tick(at:)` — the wake-up the session asked for.
///
/// Timers are checked on every input, so a late `tick` changes nothing: a press at
/// or after a deadline sees the deadline as passed. The thank-you, and the follow-up
/// question after a low score, are only shown after the store reported the press
/// durable (`recorded`), so a customer is never thanked for a lost press.
public struct Session: Sendable {
    /// What the display is busy with.
    public enum State: Hashable, Sendable {
        /// The idle screen: the prompt, or in counter mode with no window waiting for a rating, a greeting.
        case idle
        /// The thank-you for `score` is shown until `until`.
        case thanking(score: Score, until: MonotonicInstant)
        /// The store failed; a problem screen is shown until `until`.
        case storeProblem(until: MonotonicInstant)
        /// "Why?" after a low score: the next press is the reason.
        case followUp(FollowUp)
    }

    /// How presses are judged and timed.
    public let settings: SessionSettings
    /// What the display is busy with now.
    public internal(set) var state: State = .idle
    /// Kiosk mode: the last press that was counted (not flagged `repeat`).
    public internal(set) var lastCounted: MonotonicInstant?
    /// Counter mode: the rating window open now, if any.
    public internal(set) var openWindow: RatingWindow?
    var burst: BurstTracker
    /// The id the next press gets.
    var nextPress = 1
    /// Presses numbered below this came before the last `serviceEnded`: their store
    /// answers must not replace the new customer's prompt.
    var firstPressOfService = 1
    /// What the display shows now, as far as the session told it.
    var shown: ScreenContent?
    /// The wake-up the owner was last asked for.
    var scheduled: MonotonicInstant?

    /// A session that knows nothing yet: no window, no earlier press. Call `start(at:)` first.
    public init(settings: SessionSettings) {
        self.settings = settings
        self.burst = BurstTracker(presses: settings.burstPresses, within: settings.burstWindow)
    }

    /// The terminal starts (also after a restart: a new session knows nothing of the old one).
    public mutating func start(at now: MonotonicInstant) -> [SessionAction] {
        state = .idle
        shown = nil
        scheduled = nil
        return finish(advance(to: now), at: now)
    }

    /// Time passed: end whatever has expired, scroll the follow-up.
    public mutating func tick(at now: MonotonicInstant) -> [SessionAction] {
        scheduled = nil // the owner's timer fired (or was early): ask again for the next one
        return finish(advance(to: now), at: now)
    }

    /// Ends what expired by `now`: a rating window (recorded when it got no rating) and a timed screen.
    mutating func advance(to now: MonotonicInstant) -> [SessionAction] {
        var actions: [SessionAction] = []
        if let unrated = expireWindow(at: now) {
            actions.append(.recordUnratedService(unrated))
        }
        switch state {
        case .idle:
            break
        case .thanking(_, let until), .storeProblem(let until):
            if now >= until { state = .idle }
        case .followUp(let question):
            if now >= question.until { state = .idle } // timed out: no reason
        }
        return actions
    }

    /// Adds the display change and the next wake-up, each only when it differs from the last one asked for.
    ///
    /// After a `.record` the display is left as it is: the store's answer (`recorded` or
    /// `recordFailed`) decides what comes next, and a screen asked for behind the record
    /// would replace the thank-you the answer already drew.
    mutating func finish(_ actions: [SessionAction], at now: MonotonicInstant) -> [SessionAction] {
        var actions = actions
        let content = screen(at: now)
        let storing = actions.contains { if case .record = $0 { true } else { false } }
        if content != shown && !storing {
            shown = content
            actions.append(.show(content))
        }
        let next = nextDeadline(after: now)
        if let next, next != scheduled {
            actions.append(.wake(at: next))
        }
        scheduled = next
        return actions
    }

    /// What the display should show at `now`.
    func screen(at now: MonotonicInstant) -> ScreenContent {
        switch state {
        case .idle:
            return idleScreen
        case .thanking(let score, _):
            return .thanks(score)
        case .storeProblem:
            return .storeProblem
        case .followUp(let question):
            return .followUp(page: question.page(at: now, every: settings.followUpPage))
        }
    }

    /// The prompt invites a press only where one would count: always in kiosk mode,
    /// in counter mode only while a window waits for its rating.
    var idleScreen: ScreenContent {
        switch settings.mode {
        case .kiosk: return .idle
        case .counter: return openWindow.map { $0.countedPress == nil } == true ? .idle : .welcome
        }
    }

    /// The earliest instant after `now` at which something changes by itself.
    func nextDeadline(after now: MonotonicInstant) -> MonotonicInstant? {
        var deadlines: [MonotonicInstant] = []
        if let open = openWindow { deadlines.append(open.closesAt) }
        switch state {
        case .idle:
            break
        case .thanking(_, let until), .storeProblem(let until):
            deadlines.append(until)
        case .followUp(let question):
            deadlines.append(question.until)
            if let page = question.nextPage(after: now, every: settings.followUpPage) { deadlines.append(page) }
        }
        return deadlines.min()
    }
}
