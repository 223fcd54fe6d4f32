import RatingCore

/// What a scenario's run produced.
struct ScenarioOutcome: Sendable {
    var ratings: [StoredRating] = []
    var amendments: [AppliedAmendment] = []
    var unrated: [UnratedService] = []
    var screens: [ShownScreen] = []
    /// Broken rules of the session's contract, at the line of the event that broke them.
    var problems: [(line: Int, message: String)] = []
}

/// Plays a scenario against a `Session`, acting as its owner: a model store (that can be
/// down), a display that keeps every screen, and a timer that wakes the session when asked.
///
/// It also checks the session's contract on every step: a press yields exactly one
/// `.record` or one reason; nothing else yields a `.record`; an amendment names a press the
/// store kept and changes something; a wake-up lies in the future.
struct ScenarioRunner {
    private let scenario: Scenario
    private var session: Session
    private var outcome = ScenarioOutcome()
    private var storeUp = true
    /// This session's presses → their index in `outcome.ratings` (a restart starts afresh).
    private var kept: [PressID: Int] = [:]
    private var wake: MonotonicInstant?
    private var line = 0
    private var steps = 0

    static func run(_ scenario: Scenario) -> ScenarioOutcome {
        var runner = ScenarioRunner(scenario: scenario, session: Session(settings: scenario.settings))
        runner.play()
        return runner.outcome
    }

    private init(scenario: Scenario, session: Session) {
        self.scenario = scenario
        self.session = session
    }

    private mutating func play() {
        let boot = MonotonicInstant(nanoseconds: 0)
        perform(session.start(at: boot), at: boot, producer: .other)
        for timed in scenario.events {
            runWakes(upTo: timed.at)
            line = timed.line
            let now = timed.at
            switch timed.event {
            case .press(let score):
                perform(session.press(score, at: now), at: now, producer: .press)
            case .serviceEnded(let ticket, let staff):
                perform(session.serviceEnded(ticket: ticket, staff: staff, at: now), at: now, producer: .other)
            case .store(let up):
                storeUp = up
            case .restart:
                session = Session(settings: scenario.settings)
                kept = [:]
                wake = nil
                perform(session.start(at: now), at: now, producer: .other)
            case .end:
                return
            }
        }
        runWakes(upTo: nil)
    }

    private mutating func runWakes(upTo limit: MonotonicInstant?) {
        while let due = wake, limit.map({ due <= $0 }) ?? true {
            steps += 1
            guard steps < 10_000 else { return problem("the session keeps asking for wake-ups") }
            wake = nil
            perform(session.tick(at: due), at: due, producer: .other)
        }
    }

    private enum Producer { case press, other }

    private mutating func perform(_ actions: [SessionAction], at now: MonotonicInstant, producer: Producer) {
        let records = actions.filter { if case .record = $0 { true } else { false } }.count
        let reasons = actions.filter { if case .amend(_, .reason) = $0 { true } else { false } }.count
        switch producer {
        case .press where records + reasons != 1:
            problem("a press gave \(records) records and \(reasons) reasons; exactly one of them is the contract")
        case .other where records != 0:
            problem("\(records) records without a press")
        default:
            break
        }
        for action in actions {
            switch action {
            case .record(let request):
                guard storeUp else {
                    perform(session.recordFailed(request, at: now), at: now, producer: .other)
                    continue
                }
                kept[request.id] = outcome.ratings.count
                outcome.ratings.append(StoredRating(score: request.score, flags: request.flags, window: request.window,
                                                    reason: nil, pressedAt: request.pressedAt))
                perform(session.recorded(request, at: now), at: now, producer: .other)
            case .amend(let press, let amendment):
                guard storeUp else { continue }
                apply(amendment, to: press)
            case .recordUnratedService(let unrated):
                if storeUp { outcome.unrated.append(unrated) }
            case .show(let content):
                outcome.screens.append(ShownScreen(at: now, content: content))
            case .wake(let at):
                guard at > now else {
                    problem("a wake-up at \(ScenarioTime.format(at)) is not after now (\(ScenarioTime.format(now)))")
                    continue // followed, it would tick forever
                }
                wake = at
            }
        }
    }

    private mutating func apply(_ amendment: Amendment, to press: PressID) {
        guard let index = kept[press] else { return problem("\(amendment) names press \(press), which the store never kept") }
        switch amendment {
        case .reason(let reason):
            guard outcome.ratings[index].reason == nil else { return problem("a second reason for rating \(index + 1)") }
            outcome.ratings[index].reason = reason
        case .addFlag(let flag):
            guard outcome.ratings[index].flags.insert(flag).inserted else { return problem("rating \(index + 1) already has \(flag.rawValue)") }
        }
        outcome.amendments.append(AppliedAmendment(rating: index + 1, amendment: amendment))
    }

    private mutating func problem(_ message: String) {
        outcome.problems.append((line, message))
    }
}
