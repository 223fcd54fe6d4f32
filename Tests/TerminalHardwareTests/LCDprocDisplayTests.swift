import Foundation
import RatingCore
import TerminalHardware
import Testing

/// LCDprocDisplay against a real LCDd with its `text` driver on loopback.
@Suite(.timeLimit(.minutes(2)))
struct LCDprocDisplayTests {
    let size = GridSize(columns: 20, rows: 2)
    let fast = LCDprocDisplay.RetryDelays(initial: .milliseconds(100), maximum: .seconds(1))

    /// What LCDd should show for `content`: the composed (Vietnamese) frame, folded to ASCII.
    func expected(_ content: ScreenContent) -> [String] {
        ScreenComposer(size: size, language: .vi).compose(content).lines.map(VietnameseFolding.fold)
    }

    func compose(_ content: ScreenContent) -> Frame {
        ScreenComposer(size: size, language: .vi).compose(content)
    }

    @Test func idleThankYouAndFollowUpScreensAppearFolded() async throws {
        let lcdd = try LCDdServer(driver: "text", settings: ["Size=20x2"])
        try lcdd.start()
        let display = try LCDprocDisplay(host: "127.0.0.1", port: lcdd.port, size: size, retryDelays: fast)
        try await display.show(compose(.idle))
        #expect(await lcdd.frames.waitFor(expected(.idle)) == expected(.idle))
        #expect(expected(.idle) != compose(.idle).lines, "the idle prompt has Vietnamese letters, so folding is tested")
        try await display.show(compose(.thanks(Score.all[4])))
        #expect(await lcdd.frames.waitFor(expected(.thanks(Score.all[4]))) == expected(.thanks(Score.all[4])))
        for page in [0, 3] {
            try await display.show(compose(.followUp(page: page)))
            #expect(await lcdd.frames.waitFor(expected(.followUp(page: page))) == expected(.followUp(page: page)))
        }
        await display.close()
    }

    @Test func quotesAndBackslashesReachTheScreenLiterally() async throws {
        let lcdd = try LCDdServer(driver: "text", settings: ["Size=20x2"])
        try lcdd.start()
        let display = try LCDprocDisplay(host: "127.0.0.1", port: lcdd.port, size: size, retryDelays: fast)
        let tricky = Frame(size: size, lines: [#"say "hi" \n {x}"#, #"a\"b }{ \\ ""#])
        try await display.show(tricky)
        #expect(await lcdd.frames.waitFor(tricky.lines) == tricky.lines)
        await display.close()
    }

    @Test func reconnectsAfterLCDdRestartsAndShowsTheCurrentScreen() async throws {
        let lcdd = try LCDdServer(driver: "text", settings: ["Size=20x2"])
        try lcdd.start()
        let display = try LCDprocDisplay(host: "127.0.0.1", port: lcdd.port, size: size, retryDelays: fast)
        try await display.show(compose(.idle))
        #expect(await lcdd.frames.waitFor(expected(.idle)) == expected(.idle))
        lcdd.stop()
        let started = ContinuousClock.now
        try await display.show(compose(.thanks(Score.all[3])))
        // A generous bound: a show that waited for LCDd would take its reconnect backoff (seconds); a loaded CI machine must not fail this.
        #expect(ContinuousClock.now - started < .seconds(2), "show does not wait for the absent LCDd")
        try lcdd.start()
        #expect(await lcdd.frames.waitFor(expected(.thanks(Score.all[3])), timeout: 30) == expected(.thanks(Score.all[3])),
                "after the restart the display registers again and shows the frame it was given while LCDd was down")
        await display.close()
    }

    @Test func showReturnsPromptlyWhileLCDdIsDownAndTheFrameAppearsWhenItStarts() async throws {
        let lcdd = try LCDdServer(driver: "text", settings: ["Size=20x2"])
        let display = try LCDprocDisplay(host: "127.0.0.1", port: lcdd.port, size: size, retryDelays: fast)
        let started = ContinuousClock.now
        for score in 1...5 { try await display.show(compose(.thanks(Score.all[score - 1]))) }
        try await display.show(compose(.idle))
        #expect(ContinuousClock.now - started < .seconds(2), "six shows with nothing listening")
        try lcdd.start()
        #expect(await lcdd.frames.waitFor(expected(.idle), timeout: 30) == expected(.idle), "the latest frame, once LCDd is up")
        await display.close()
    }
}
