import EventTimer
import Logging
import RatingCore
import TerminalHardware
import TerminalStore

/// The button path: keypad → session → durable store → display.
///
/// Inputs (presses, the session's own timer) are handled one at a time, in
/// order. A press is committed to the store before its thank-you is drawn.
/// The uploader is only told that something new is there (`onStored`, `onOutboxChanged`
/// for reasons, flags and unrated services), so a
/// slow network never delays a press.
public actor PressLoop {
    /// How the loop ended.
    public enum Ending: Sendable, Equatable {
        /// The operator pressed `q`.
        case quit
        /// The keypad's input ended (EOF on stdin) or the task was cancelled.
        case inputEnded
        /// The keypad failed (a GPIO chip vanished); the message names the device and what to check.
        case keypadFailed(String)
    }

    /// Timings of one press, for benchmarks and logs (monotonic clock).
    public struct PressTimings: Sendable {
        public var pressedAt: MonotonicInstant
        public var committedAt: MonotonicInstant
        public var thanksShownAt: MonotonicInstant
        public var rating: Rating
    }

    private enum Input: Sendable {
        case key(KeypadEvent)
        case keypadEnded
        case tick
        case serviceEnded(ServiceEndedTrigger)
    }

    private var session: Session
    private let composer: ScreenComposer
    private let store: RatingStore
    private let display: any Display
    private let clock: any DeviceClock
    private let placement: Placement
    private let logger: Logger
    private let onStored: @Sendable (Rating) -> Void
    private let onTimings: (@Sendable (PressTimings) -> Void)?
    private var wakeTask: Task<Void, Never>?
    private var lastFrame: Frame?
    private var keypad: (any Keypad)?
    /// The store's seq of this session's presses, so an amendment is stored against its rating.
    /// A new session (after a restart) starts empty: an amendment of an earlier press is then not kept.
    private var recentSeqs: [PressID: Int64] = [:]
    /// When the input being handled now arrived (`nil` between inputs): the watchdog's health.
    private var handlingSince: MonotonicInstant?
    private let onOutboxChanged: @Sendable () -> Void

    public init(settings: SessionSettings, composer: ScreenComposer, store: RatingStore, display: any Display,
                clock: any DeviceClock, placement: Placement, logger: Logger,
                onStored: @escaping @Sendable (Rating) -> Void = { _ in },
                onOutboxChanged: @escaping @Sendable () -> Void = {},
                onTimings: (@Sendable (PressTimings) -> Void)? = nil) {
        self.session = Session(settings: settings)
        self.composer = composer
        self.store = store
        self.display = display
        self.clock = clock
        self.placement = placement
        self.logger = logger
        self.onStored = onStored
        self.onOutboxChanged = onOutboxChanged
        self.onTimings = onTimings
    }

    /// Runs until the operator quits, the keypad's input ends, or the task is cancelled.
    /// `triggers`: service-ended calls of the local API (counter mode), handled in order with the presses.
    public func run(keypad: any Keypad, triggers: AsyncStream<ServiceEndedTrigger>? = nil) async -> Ending {
        self.keypad = keypad
        let (inputs, continuation) = AsyncStream<Input>.makeStream()
        let forwarder = Task {
            for await event in keypad.events { continuation.yield(.key(event)) }
            continuation.yield(.keypadEnded)
        }
        let triggerForwarder = Task {
            guard let triggers else { return }
            for await trigger in triggers { continuation.yield(.serviceEnded(trigger)) }
        }
        defer {
            triggerForwarder.cancel()
            forwarder.cancel()
            wakeTask?.cancel()
            continuation.finish()
        }
        await perform(session.start(at: clock.now().monotonic), continuation: continuation)
        for await input in inputs {
            handlingSince = clock.now().monotonic
            defer { handlingSince = nil }
            switch input {
            case .key(.press(let score, let at)):
                await perform(session.press(score, at: at), continuation: continuation)
            case .key(.serviceEnded(let at)):
                await perform(session.serviceEnded(ticket: nil, staff: nil, at: at), continuation: continuation)
            case .serviceEnded(let trigger):
                await perform(session.serviceEnded(ticket: trigger.ticket, staff: trigger.staff, at: trigger.at), continuation: continuation)
            case .key(.quit):
                return .quit
            case .key(.unrecognised(let text)):
                logger.notice("ignored keypad input that is not a button 1-5", metadata: ["input": "\(text)"])
            case .key(.failed(let reason)):
                return .keypadFailed(reason)
            case .keypadEnded:
                return .inputEnded
            case .tick:
                await perform(session.tick(at: clock.now().monotonic), continuation: continuation)
            }
        }
        return .inputEnded
    }

    private func perform(_ actions: [SessionAction], continuation: AsyncStream<Input>.Continuation) async {
        for action in actions {
            switch action {
            case .record(let request):
                await record(request, continuation: continuation)
            case .show(let content):
                await show(composer.compose(content))
                confirmOnKeypad(content)
            case .wake(let at):
                schedule(at, continuation: continuation)
            case .amend(let press, let amendment):
                // Durable before the next action (the session's next screen); a failure is logged, never fatal.
                await OutboxAdditions(store: store, logger: logger).amend(press, seq: recentSeqs[press], amendment, at: clock.now())
                onOutboxChanged()
            case .recordUnratedService(let unrated):
                await OutboxAdditions(store: store, logger: logger).recordUnrated(unrated, now: clock.now())
                onOutboxChanged()
            }
        }
    }

    private func record(_ request: RecordRequest, continuation: AsyncStream<Input>.Continuation) async {
        let now = clock.now()
        // Place the press (and its window's opening) at event time: the wall clock stepped back by the time since.
        let draft = RatingDraft(score: request.score, flags: request.flags, time: now.placing(request.pressedAt),
                                service: request.window.map { ServiceRecord(window: $0, now: now) })
        do {
            let rating = try await store.append(draft, placement: placement)
            let committedAt = clock.now().monotonic
            remember(request.id, seq: rating.seq)
            onStored(rating)
            await perform(session.recorded(request, at: committedAt), continuation: continuation)
            onTimings?(PressTimings(pressedAt: request.pressedAt, committedAt: committedAt,
                                    thanksShownAt: clock.now().monotonic, rating: rating))
        } catch {
            logger.error("a press could not be stored; the customer was not thanked", metadata: ["error": "\(error)", "score": "\(request.score)"])
            await perform(session.recordFailed(request, at: clock.now().monotonic), continuation: continuation)
        }
    }

    /// Whether the loop is responsive: not stuck on one input (a press, a tick, a trigger) for
    /// `stuckAfter` or longer. Answered on the loop itself, so a loop blocked for good never
    /// answers (the watchdog then stops pinging).
    public func isHealthy(stuckAfter: Duration) -> Bool {
        guard let handlingSince else { return true }
        return clock.now().monotonic.since(handlingSince) < stuckAfter
    }

    private func remember(_ press: PressID, seq: Int64) {
        recentSeqs[press] = seq
        // Bounded so months of uptime cannot grow it: amendments name presses of the last seconds or
        // minutes (the follow-up, a burst group), far fewer than the newest 2048 kept here.
        if recentSeqs.count > 4096 { recentSeqs = recentSeqs.filter { $0.key.value > press.value - 2048 } }
    }

    private func show(_ frame: Frame) async {
        guard frame != lastFrame else { return }
        do {
            try await display.show(frame)
            lastFrame = frame
        } catch {
            logger.error("the display did not take a frame", metadata: ["error": "\(error)"])
        }
    }

    /// Lights the pressed button's LED during its thank-you, and turns it off after.
    private func confirmOnKeypad(_ content: ScreenContent) {
        let pressed: Score? = if case .thanks(let score) = content { score } else { nil }
        do {
            try keypad?.showFeedback(pressed: pressed)
        } catch {
            logger.warning("the button light did not change", metadata: ["error": "\(error)"])
        }
    }

    private func schedule(_ instant: MonotonicInstant, continuation: AsyncStream<Input>.Continuation) {
        wakeTask?.cancel()
        let delay = instant.since(clock.now().monotonic)
        wakeTask = Task {
            do { try await EventTimer.shared.sleep(for: delay) } catch { return }
            continuation.yield(.tick)
        }
    }
}
