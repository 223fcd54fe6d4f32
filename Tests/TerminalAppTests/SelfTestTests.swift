import Foundation
import RatingCore
import TerminalApp
import TerminalHardware
import TerminalSync
import Testing

/// The guided self-test's steps, with a scripted keypad and a display that keeps every frame.
struct SelfTestTests {
    /// The frames the self-test showed, as text.
    actor FrameLog: Display {
        nonisolated let size = GridSize(columns: 20, rows: 2)
        private(set) var lines: [String] = []
        func show(_ frame: Frame) async throws { lines.append(frame.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " / ")) }
        func close() async {}
    }

    func selfTest(_ keypad: ScriptedKeypad, _ display: FrameLog, leds: Bool = true, staff: Bool = false, collectorOK: Bool = true,
                  synced: Bool = true, timeout: Duration = .seconds(5)) -> SelfTest {
        let parts = SelfTest.Parts(
            keypad: keypad, display: display, composer: ScreenComposer(size: display.size, language: .en),
            buttonLines: ["GPIO5", "GPIO6", "GPIO13", "GPIO19", "GPIO26"], hasLEDs: leds, hasStaffButton: staff,
            probeCollector: { CollectorProbe.Outcome(ok: collectorOK, detail: collectorOK ? "accepted" : "HTTP 401: bad signature") },
            clockSynced: { synced }, say: { _ in })
        return SelfTest(parts: parts, stepTimeout: timeout, pause: .zero)
    }

    func outcomes(_ checks: [SelfTestCheck]) -> [String] { checks.map { "\($0.name): \($0.outcome.rawValue)" } }

    @Test func rightButtonsAndYesAnswersPassEveryCheck() async throws {
        let keypad = ScriptedKeypad(), display = FrameLog()
        // Presses queue up: the self-test reads them in order as each step asks.
        for value in [1, 2, 3, 4, 5, 5, 5] { keypad.press(value) }
        let checks = await selfTest(keypad, display).run()
        #expect(outcomes(checks) == ["display: pass", "button 1: pass", "button 2: pass", "button 3: pass", "button 4: pass", "button 5: pass",
                                     "staff: skipped", "leds: pass", "letters: pass", "collector: pass", "clock: pass"])
        #expect(keypad.feedback == [1, 2, 3, 4, 5, nil], "each LED lit in turn, then all off")
        let shown = await display.lines
        #expect(shown.first == "Self-test / Press button 1")
        #expect(shown.contains("ă â đ ê ô ơ ư / a a d e o o u") && shown.contains("á à ả ã ạ / a a a a a"))
        #expect(shown.last == "Self-test: PASS / All good")
    }

    @Test func aWrongButtonSaysWhichButtonAndLineItIs() async throws {
        let keypad = ScriptedKeypad(), display = FrameLog()
        for value in [3, 1, 2, 3, 4, 5, 5, 5] { keypad.press(value) }
        let checks = await selfTest(keypad, display).run()
        #expect(checks[1] == SelfTestCheck("button 1", .pass, "pressed; first pressed: button 3 (GPIO13)"))
        #expect(await display.lines.contains("That was 3 (GPIO13) / Press button 1"))
    }

    @Test func aButtonNeverPressedFailsNamingWhatWasPressedInstead() async throws {
        let keypad = ScriptedKeypad(), display = FrameLog()
        keypad.press(2)
        keypad.end()
        let checks = await selfTest(keypad, display, leds: false, timeout: .milliseconds(200)).run()
        #expect(checks[1].outcome == .fail)
        #expect(checks[1].detail == "the input ended; pressed instead: button 2 (GPIO6) (check the wiring against [buttons] lines)")
        #expect(outcomes(checks).suffix(2) == ["collector: pass", "clock: pass"], "the collector and clock are checked whatever the buttons did")
        #expect(await display.lines.last == "Self-test: FAILED / 6 failed")
    }

    @Test func aNoAboutTheLEDsAndAnUnreachableCollectorAndUnsyncedClockFail() async throws {
        let keypad = ScriptedKeypad(), display = FrameLog()
        for value in [1, 2, 3, 4, 5, 1, 5] { keypad.press(value) }
        let checks = await selfTest(keypad, display, collectorOK: false, synced: false).run()
        let failed = checks.filter { $0.outcome == .fail }
        #expect(failed.map(\.name) == ["leds", "collector", "clock"])
        #expect(failed[1].detail == "HTTP 401: bad signature")
        #expect(failed[2].detail.contains("timedatectl"))
    }

    @Test func theStaffButtonIsAskedForInCounterModeAndQuitSkipsTheRest() async throws {
        let keypad = ScriptedKeypad(), display = FrameLog()
        for value in 1...5 { keypad.press(value) }
        keypad.send(.serviceEnded(at: MonotonicClock.now()))
        keypad.send(.quit)
        let checks = await selfTest(keypad, display, staff: true).run()
        #expect(outcomes(checks) == ["display: pass", "button 1: pass", "button 2: pass", "button 3: pass", "button 4: pass", "button 5: pass",
                                     "staff: pass", "leds: skipped", "collector: pass", "clock: pass"])
        #expect(await display.lines.contains("Staff button / (service ended)"))
    }

    @Test func theReportIsOneJSONObjectWithItsVerdict() throws {
        let report = SelfTestReport(deviceID: "T-1", storeID: "s", finishedWallMillis: 5,
                                    checks: [SelfTestCheck("clock", .fail, "not synchronised")])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(object["passed"] as? Bool == false && object["device_id"] as? String == "T-1")
        #expect(report.text.hasSuffix("self-test FAILED: 1 of 1 checks"))
    }
}
