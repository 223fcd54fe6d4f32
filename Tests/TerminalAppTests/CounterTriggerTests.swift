import Foundation
import Logging
import RatingCore
import TerminalApp
import TerminalHardware
import TerminalStore
import Testing

/// Counter mode end to end on this machine: a service-ended trigger (the local API over HTTP,
/// or the clerk's button as a keypad event) opens the window that a press is stored in.
@Suite(.timeLimit(.minutes(1)))
struct CounterTriggerTests {
    /// A press loop in counter mode over a temporary store, fed by a trigger listener.
    struct CounterRig {
        let store: RatingStore
        let display: RecordingDisplay
        let keypad = ClerkKeypad()
        let loop: PressLoop
        let settings = SessionSettings(mode: .counter, thanks: .milliseconds(300), window: .seconds(30), followUpBelow: 0, burstPresses: 0)

        init() throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("counter-\(UUID().uuidString).sqlite").path
            store = try RatingStore(path: path)
            display = RecordingDisplay(store: store)
            loop = PressLoop(settings: settings, composer: ScreenComposer(size: GridSize(columns: 16, rows: 2)), store: store, display: display,
                             clock: SystemDeviceClock(), placement: Placement(deviceID: "t", site: "s", counter: "c"), logger: Logger(label: "test"))
        }

        func flags() async throws -> [[String]] {
            try await store.unsent(limit: 10).map { $0.flags.map(\.rawValue).sorted() }
        }

        /// Waits until the store holds `count` ratings (each stored rating is followed by its thank-you).
        func waitStored(_ count: Int) async throws {
            try await display.waitFor { $0.contains { $0.storedWhenShown >= count } }
        }
    }

    @Test func aPressAfterAnAPITriggerCountsAndAPressWithoutOneIsFlaggedNoWindow() async throws {
        let rig = try CounterRig()
        let listener = try ServiceEndedListener(address: .loopback(host: "127.0.0.1", port: 0), settings: rig.settings,
                                                file: "t.toml", logger: Logger(label: "test"))
        defer { listener.close() }
        let running = Task { await rig.loop.run(keypad: rig.keypad, triggers: listener.triggers) }
        try await rig.display.waitFor { $0.contains { $0.text.contains("Chào") } }
        rig.keypad.press(3)
        try await rig.waitStored(1)

        let answer = try await Curl.send("POST", "/v1/service-ended", body: "{\"ticket\": \"A017\", \"staff\": \"nv07\"}", to: listener.address)
        #expect(answer.status == 202)
        try await rig.display.waitFor { $0.contains { $0.text.contains("đánh giá") && $0.storedWhenShown == 1 } }
        rig.keypad.press(5)
        try await rig.waitStored(2)
        rig.keypad.end()
        #expect(await running.value == .inputEnded)
        #expect(try await rig.store.unsent(limit: 10).map(\.score.value) == [3, 5])
        #expect(try await rig.flags() == [["no_window"], []], "only the press in the window counts")
    }

    @Test func theClerksButtonOpensAWindowToo() async throws {
        let rig = try CounterRig()
        let running = Task { await rig.loop.run(keypad: rig.keypad) }
        try await rig.display.waitFor { $0.contains { $0.text.contains("Chào") } }
        rig.keypad.serviceEnded()
        try await rig.display.waitFor { $0.contains { $0.text.contains("đánh giá") } }
        rig.keypad.press(4)
        rig.keypad.press(2)
        try await rig.waitStored(2)
        rig.keypad.end()
        #expect(await running.value == .inputEnded)
        #expect(try await rig.flags() == [[], ["repeat"]], "the first press of the window counts, the next is a repeat")
    }
}

/// Rating buttons and the clerk's button, pressed on demand.
final class ClerkKeypad: Keypad, @unchecked Sendable {
    // SAFETY: only the stream's continuation (thread-safe) is used after init.
    let events: AsyncStream<KeypadEvent>
    private let continuation: AsyncStream<KeypadEvent>.Continuation

    init() { (events, continuation) = AsyncStream<KeypadEvent>.makeStream() }

    func press(_ value: Int) {
        if let score = Score(value) { continuation.yield(.press(score, at: MonotonicClock.now())) }
    }

    func serviceEnded() { continuation.yield(.serviceEnded(at: MonotonicClock.now())) }
    func end() { continuation.finish() }
    func close() { continuation.finish() }
}
