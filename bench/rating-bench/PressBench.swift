import Foundation
import Logging
import RatingCore
import TerminalApp
import TerminalHardware
import TerminalStore

/// Press → durable commit and press → thank-you frame written, through the real press loop and SQLite store.
enum PressBench {
    struct Result {
        var commit: LatencyStats
        var thanks: LatencyStats
    }

    static func run(folder: String, count: Int) async throws -> Result {
        let store = try RatingStore(path: folder + "/press-bench.sqlite")
        let clock = SystemDeviceClock()
        let display = try FrameSinkDisplay(path: "/dev/null", size: GridSize(columns: 16, rows: 2))
        let keypad = BenchKeypad(clock: clock, presses: count)
        let collected = Collected()
        let loop = PressLoop(settings: SessionSettings(), composer: ScreenComposer(size: display.size), store: store,
                             display: display, clock: clock, placement: Placement(deviceID: "bench", site: "bench", counter: "1"),
                             logger: Logger(label: "bench"), onTimings: { timings in
                                 collected.add(timings)
                                 keypad.pressNext()
                             })
        keypad.pressNext()
        _ = await loop.run(keypad: keypad)
        let samples = collected.samples
        return Result(commit: LatencyStats(nanoseconds: samples.map { $0.committedAt.nanoseconds - $0.pressedAt.nanoseconds }),
                      thanks: LatencyStats(nanoseconds: samples.map { $0.thanksShownAt.nanoseconds - $0.pressedAt.nanoseconds }))
    }
}

/// Presses the next button only when the previous press was thanked, so each sample is one press alone.
final class BenchKeypad: Keypad, @unchecked Sendable {
    // SAFETY: `remaining` is touched only under `lock`.
    let events: AsyncStream<KeypadEvent>
    private let continuation: AsyncStream<KeypadEvent>.Continuation
    private let clock: any DeviceClock
    private let lock = NSLock()
    private var remaining: Int

    init(clock: any DeviceClock, presses: Int) {
        (events, continuation) = AsyncStream<KeypadEvent>.makeStream()
        self.clock = clock
        remaining = presses
    }

    func pressNext() {
        let next: Int? = lock.withLock {
            guard remaining > 0 else { return nil }
            remaining -= 1
            return remaining % 5 + 1
        }
        guard let value = next, let score = Score(value) else { continuation.finish(); return }
        continuation.yield(.press(score, at: clock.now().monotonic))
    }

    func close() { continuation.finish() }
}

final class Collected: @unchecked Sendable {
    // SAFETY: `items` is touched only under `lock`.
    private let lock = NSLock()
    private var items: [PressLoop.PressTimings] = []
    func add(_ timings: PressLoop.PressTimings) { lock.withLock { items.append(timings) } }
    var samples: [PressLoop.PressTimings] { lock.withLock { items } }
}

/// A display that writes each frame's bytes to a file with write(2), like a console or serial display would.
final class FrameSinkDisplay: Display {
    let size: GridSize
    private let fd: Int32

    init(path: String, size: GridSize) throws {
        self.size = size
        fd = open(path, O_WRONLY)
        guard fd >= 0 else { throw BenchError("open \(path): \(String(cString: strerror(errno)))") }
    }

    func show(_ frame: Frame) async throws {
        let bytes = Array(frame.lines.joined(separator: "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw BenchError("write: \(String(cString: strerror(errno)))") }
    }

    func close() async { _ = Glibc.close(fd) }
}
