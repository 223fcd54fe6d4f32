import Foundation
import Logging
import RatingCore
import TerminalApp
import TerminalHardware
import TerminalStore
import Testing

/// The button path with the real SQLite store and a recording display and keypad.
struct PressLoopTests {
    @Test func aPressIsDurableBeforeItsThankYouIsDrawnAndItsLEDFollowsTheThanks() async throws {
        let rig = try LoopRig(thanks: .milliseconds(300))
        let running = Task { await rig.loop.run(keypad: rig.keypad) }
        try await rig.display.waitFor { $0.contains { $0.text.contains("đánh giá") } }
        rig.keypad.press(4)
        try await rig.display.waitFor { $0.count >= 3 } // idle, thanks, idle again
        rig.keypad.end()
        #expect(await running.value == .inputEnded)

        let shown = await rig.display.shown
        let thanks = try #require(shown.first { $0.text.contains("Cảm ơn quý khách") })
        #expect(thanks.storedWhenShown == 1, "the rating was committed before the thank-you was drawn")
        #expect(try await rig.store.unsent(limit: 10).map(\.score.value) == [4])
        // Idle (no light), thank-you for 4 (LED 4), idle again (off).
        #expect(rig.keypad.feedback == [nil, 4, nil])
    }

    @Test func aLowScoreIsAskedWhyOnceDurableAndTheAnswerIsNotASecondRating() async throws {
        let rig = try LoopRig(thanks: .milliseconds(300))
        let running = Task { await rig.loop.run(keypad: rig.keypad) }
        try await rig.display.waitFor { $0.contains { $0.text.contains("đánh giá") } }
        rig.keypad.press(2)
        try await rig.display.waitFor { $0.contains { $0.text.contains("Vì sao") } }
        rig.keypad.press(1)
        try await rig.display.waitFor { $0.contains { $0.text.contains("Cảm ơn") } }
        rig.keypad.end()
        #expect(await running.value == .inputEnded)

        let shown = await rig.display.shown
        let question = try #require(shown.first { $0.text.contains("Vì sao") })
        #expect(question.storedWhenShown == 1, "the score was committed before the question")
        // The answer is kept as an amendment of that rating, never as a second rating.
        #expect(try await rig.store.unsent(limit: 10).map(\.score.value) == [2])
        let amendments = try await rig.store.unsentAmendments(limit: 10)
        #expect(amendments.map(\.change) == [.reason(.waitingTime)] && amendments.map(\.ratingSeq) == [1])
        #expect(shown.contains { $0.text.contains("2 Không hài lòng") }, "the thank-you names the score: \(shown.map(\.text))")
    }

    @Test func aFailedKeypadEndsTheLoopWithItsReason() async throws {
        let rig = try LoopRig(thanks: .seconds(3))
        let running = Task { await rig.loop.run(keypad: rig.keypad) }
        rig.keypad.fail("GPIO chip gpiochip0 stopped delivering events")
        #expect(await running.value == .keypadFailed("GPIO chip gpiochip0 stopped delivering events"))
    }
}

/// A press loop over a temporary store, a recording display and a scripted keypad.
struct LoopRig {
    let store: RatingStore
    let display: RecordingDisplay
    let keypad = ScriptedKeypad()
    let loop: PressLoop

    init(thanks: Duration) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pressloop-\(UUID().uuidString).sqlite").path
        store = try RatingStore(path: path)
        display = RecordingDisplay(store: store)
        loop = PressLoop(settings: SessionSettings(thanks: thanks), composer: ScreenComposer(size: GridSize(columns: 16, rows: 2)),
                         store: store, display: display, clock: SystemDeviceClock(),
                         placement: Placement(deviceID: "t", site: "s", counter: "c"), logger: Logger(label: "test"))
    }
}

/// Keeps every frame with the number of ratings the store held when it was drawn.
actor RecordingDisplay: Display {
    struct Shown: Sendable {
        var text: String
        var storedWhenShown: Int
    }

    nonisolated let size = GridSize(columns: 16, rows: 2)
    private let store: RatingStore
    private(set) var shown: [Shown] = []
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(store: RatingStore) { self.store = store }

    func show(_ frame: Frame) async throws {
        let stored = try await store.unsentCount()
        shown.append(Shown(text: frame.rows.map { String($0) }.joined(separator: "\n"), storedWhenShown: stored))
        waiters.forEach { $0.resume() }
        waiters = []
    }

    func close() async {}

    /// Returns once `condition` holds for the frames shown so far (each frame wakes it).
    func waitFor(_ condition: @Sendable ([Shown]) -> Bool) async throws {
        while !condition(shown) {
            await withCheckedContinuation { waiters.append($0) }
        }
    }
}

/// Presses on demand, and records what the loop asked the keypad to light.
final class ScriptedKeypad: Keypad, @unchecked Sendable {
    // SAFETY: `lights` is guarded by `lock`.
    let events: AsyncStream<KeypadEvent>
    private let continuation: AsyncStream<KeypadEvent>.Continuation
    private let lock = NSLock()
    private var lights: [Int?] = []

    init() { (events, continuation) = AsyncStream<KeypadEvent>.makeStream() }

    func press(_ value: Int) {
        if let score = Score(value) { continuation.yield(.press(score, at: MonotonicClock.now())) }
    }

    func fail(_ reason: String) {
        continuation.yield(.failed(reason))
        continuation.finish()
    }

    func send(_ event: KeypadEvent) { continuation.yield(event) }
    func end() { continuation.finish() }
    func close() { continuation.finish() }

    func showFeedback(pressed score: Score?) throws { lock.withLock { lights.append(score?.value) } }

    var feedback: [Int?] { lock.withLock { lights } }
}
