import RatingCore
import TerminalHardware

/// One run of the self-test: the checks so far, and whether the technician quit.
struct SelfTestRun {
    let test: SelfTest
    let events: TimedKeypadEvents
    var checks: [SelfTestCheck] = []
    private var quit = false
    /// The first error the display gave, if any.
    private var displayError: String?
    private var parts: SelfTest.Parts { test.parts }
    private var seconds: String { "\(test.stepTimeout.components.seconds) s" }

    init(test: SelfTest, events: TimedKeypadEvents) {
        self.test = test
        self.events = events
    }

    /// Whether to go on (not after a quit; later steps are recorded as skipped).
    mutating func continues() async -> Bool { !quit }

    mutating func button(_ wanted: Score) async {
        let name = "button \(wanted.value)"
        await show(.pressButton(wanted), say: "press button \(wanted.value)\(line(wanted).map { " (\($0))" } ?? "")")
        var wrong: [String] = []
        while true {
            switch await events.next(within: test.stepTimeout) {
            case .press(let pressed, _) where pressed == wanted:
                let note = wrong.isEmpty ? "" : "; first pressed: \(wrong.joined(separator: ", "))"
                checks.append(SelfTestCheck(name, .pass, "pressed\(note)"))
                return
            case .press(let pressed, _):
                let label = line(pressed).map { "button \(pressed.value) (\($0))" } ?? "button \(pressed.value)"
                wrong.append(label)
                await show(.wrongButton(pressed: pressed, line: line(pressed) ?? "", wanted: wanted),
                           say: "that was \(label); press button \(wanted.value)")
            case .quit:
                return skipRest(from: name)
            case .failed(let reason):
                checks.append(SelfTestCheck(name, .fail, reason))
                return skipRest(from: "buttons")
            case .serviceEnded, .unrecognised:
                continue
            case nil:
                let seen = wrong.isEmpty ? "" : "; pressed instead: \(wrong.joined(separator: ", ")) (check the wiring against [buttons] lines)"
                let why = await events.isExhausted ? "the input ended" : "no press within \(seconds)"
                checks.append(SelfTestCheck(name, .fail, why + seen))
                return
            }
        }
    }

    mutating func staffButton() async {
        guard parts.hasStaffButton else {
            checks.append(SelfTestCheck("staff", .skipped, "no [buttons] staff_line configured"))
            return
        }
        await show(.staffButton, say: "press the staff (service finished) button")
        while true {
            switch await events.next(within: test.stepTimeout) {
            case .serviceEnded:
                checks.append(SelfTestCheck("staff", .pass, "pressed"))
                return
            case .press, .unrecognised: continue
            case .quit: return skipRest(from: "staff")
            case .failed(let reason): checks.append(SelfTestCheck("staff", .fail, reason)); return
            case nil: checks.append(SelfTestCheck("staff", .fail, "no press of the staff button within \(seconds)")); return
            }
        }
    }

    mutating func leds() async {
        guard parts.hasLEDs else {
            checks.append(SelfTestCheck("leds", .skipped, "no [buttons] leds configured"))
            return
        }
        for score in Score.all {
            do {
                try parts.keypad.showFeedback(pressed: score)
            } catch {
                checks.append(SelfTestCheck("leds", .fail, "LED \(score.value): \(error)"))
                try? parts.keypad.showFeedback(pressed: nil)
                return
            }
            await show(.led(score), say: "LED \(score.value) is lit")
            try? await Task.sleep(for: test.pause)
        }
        try? parts.keypad.showFeedback(pressed: nil)
        await ask("leds", .ledsQuestion, question: "were the LEDs lit one by one, 1 to 5? press 5 = yes, 1 = no",
                  no: "the technician saw the LEDs in the wrong order or not lit: check [buttons] leds and their wiring")
    }

    mutating func letters() async {
        for page in 0..<2 {
            await show(.letters(page: page), say: "the display shows Vietnamese letters (page \(page + 1) of 2)")
            try? await Task.sleep(for: test.pause)
        }
        await ask("letters", .lettersQuestion, question: "did the letters show with their accents? press 5 = yes, 1 = no",
                  no: "the technician saw wrong letters: check [display] size and vietnamese (\"fold\" for displays without custom characters)")
    }

    mutating func collectorAndClock() async {
        await show(.checkingCollector, say: "checking the collector")
        let outcome = await parts.probeCollector()
        checks.append(SelfTestCheck("collector", outcome.ok ? .pass : .fail, outcome.detail))
        let synced = parts.clockSynced()
        checks.append(SelfTestCheck("clock", synced ? .pass : .fail, synced
            ? "synchronised"
            : "not synchronised: check `timedatectl status` (systemd-timesyncd or chrony running), the network and UDP port 123"))
    }

    /// Asks a yes/no question answered with button 5 (yes) or 1 (no).
    private mutating func ask(_ name: String, _ screen: SelfTestScreen, question: String, no: String) async {
        await show(screen, say: question)
        while true {
            switch await events.next(within: test.stepTimeout) {
            case .press(let score, _) where score.value == 5: checks.append(SelfTestCheck(name, .pass, "confirmed by the technician")); return
            case .press(let score, _) where score.value == 1: checks.append(SelfTestCheck(name, .fail, no)); return
            case .press, .serviceEnded, .unrecognised: continue
            case .quit: return skipRest(from: name)
            case .failed(let reason): checks.append(SelfTestCheck(name, .fail, reason)); return
            case nil: checks.append(SelfTestCheck(name, .fail, "no answer within \(seconds)")); return
            }
        }
    }

    private mutating func skipRest(from step: String) {
        quit = true
        checks.append(SelfTestCheck(step, .skipped, "stopped by the technician (q) or the buttons; the steps after it were not run"))
    }

    private func line(_ score: Score) -> String? {
        let index = score.value - 1
        return parts.buttonLines.indices.contains(index) ? parts.buttonLines[index] : nil
    }

    /// Shows a screen and says what it asks. A display error is noted (``displayCheck()``) and the
    /// steps go on, so the rest is still tested from the printed prompts.
    mutating func show(_ screen: SelfTestScreen, say text: String? = nil) async {
        if let text { parts.say(text) }
        do {
            try await parts.display.show(parts.composer.compose(.selfTest(screen)))
        } catch {
            displayError = displayError ?? String(describing: error)
        }
    }

    /// The display's check: every screen was handed to the device, or the first error.
    func displayCheck() -> SelfTestCheck {
        guard let displayError else { return SelfTestCheck("display", .pass, "every screen was sent to the display") }
        return SelfTestCheck("display", .fail, displayError)
    }
}
