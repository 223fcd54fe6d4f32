import RatingCore
import TerminalHardware
import TerminalSync

/// The guided hardware self-test on the terminal's own buttons and display: each button in
/// turn (a wrong one says which button and line it is), the clerk's button, each LED, the
/// Vietnamese letters, the collector and the clock. Returns the checks; the caller prints,
/// stores and shows the verdict.
public struct SelfTest: Sendable {
    /// What the self-test talks to.
    public struct Parts: Sendable {
        public var keypad: any Keypad
        public var display: any Display
        public var composer: ScreenComposer
        /// The configured line of each button (`[buttons] lines`), for "that was button 3 (GPIO13)"; empty without GPIO.
        public var buttonLines: [String]
        public var hasLEDs: Bool
        public var hasStaffButton: Bool
        public var probeCollector: @Sendable () async -> CollectorProbe.Outcome
        public var clockSynced: @Sendable () -> Bool
        /// Progress for the person at the terminal (printed).
        public var say: @Sendable (String) -> Void

        public init(keypad: any Keypad, display: any Display, composer: ScreenComposer, buttonLines: [String], hasLEDs: Bool,
                    hasStaffButton: Bool, probeCollector: @escaping @Sendable () async -> CollectorProbe.Outcome,
                    clockSynced: @escaping @Sendable () -> Bool, say: @escaping @Sendable (String) -> Void) {
            self.keypad = keypad
            self.display = display
            self.composer = composer
            self.buttonLines = buttonLines
            self.hasLEDs = hasLEDs
            self.hasStaffButton = hasStaffButton
            self.probeCollector = probeCollector
            self.clockSynced = clockSynced
            self.say = say
        }
    }

    public var parts: Parts
    /// How long one step waits for a press.
    public var stepTimeout: Duration
    /// How long an LED stays lit, a letters page or a "that was button N" shows.
    public var pause: Duration

    public init(parts: Parts, stepTimeout: Duration = .seconds(30), pause: Duration = .seconds(2)) {
        self.parts = parts
        self.stepTimeout = stepTimeout
        self.pause = pause
    }

    /// Runs every step in order and returns the checks. A `q` (quit) skips the steps left.
    public func run() async -> [SelfTestCheck] {
        let events = TimedKeypadEvents.reading(parts.keypad.events)
        var run = SelfTestRun(test: self, events: events)
        for score in Score.all {
            guard await run.continues() else { break }
            await run.button(score)
        }
        if await run.continues() { await run.staffButton() }
        if await run.continues() { await run.leds() }
        if await run.continues() { await run.letters() }
        await run.collectorAndClock()
        let checks = [run.displayCheck()] + run.checks
        await run.show(.result(failures: checks.filter { $0.outcome == .fail }.count))
        return checks
    }
}
