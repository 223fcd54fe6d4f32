import Foundation
import Logging
import RatingCore
import TerminalApp
import TerminalHardware
import TerminalStore
import Testing

/// The notify protocol against a real AF_UNIX datagram socket: READY=1 reaches a path socket
/// and an abstract one (whose address length must be exact), and the watchdog pings while the
/// press loop is healthy and stops when the loop is stuck.
struct SystemdWatchdogTests {
    @Test(arguments: [false, true])
    func readyReachesTheNotifySocket(abstract: Bool) throws {
        let socket = try DatagramSocket(abstract: abstract)
        #expect(SystemdNotifier.notify("READY=1", environment: ["NOTIFY_SOCKET": socket.notifySocket]))
        #expect(socket.receive(timeoutMs: 2_000) == "READY=1")
    }

    @Test func theWatchdogIsOffUnlessSystemdAskedForItForThisProcess() {
        #expect(SystemdWatchdog(environment: [:]) == nil)
        #expect(SystemdWatchdog(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"]) == nil || getpid() == 1)
        #expect(SystemdWatchdog(environment: ["WATCHDOG_USEC": "30000000"])?.interval == .seconds(15))
        #expect(SystemdWatchdog(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "\(getpid())"])?.interval == .seconds(15))
    }

    @Test func pingsWhileTheLoopIsHealthyAndNoneOnceItIsStuck() async throws {
        let socket = try DatagramSocket()
        let environment = ["NOTIFY_SOCKET": socket.notifySocket, "WATCHDOG_USEC": "100000"]
        let watchdog = try #require(SystemdWatchdog(environment: environment))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("watchdog-\(UUID().uuidString).sqlite").path
        let store = try RatingStore(path: path)
        let display = StuckDisplay()
        let keypad = ScriptedKeypad()
        let loop = PressLoop(settings: SessionSettings(), composer: ScreenComposer(size: display.size), store: store,
                             display: display, clock: SystemDeviceClock(), placement: Placement(deviceID: "t", site: "s", counter: "c"),
                             logger: Logger(label: "test"))
        let running = Task { await loop.run(keypad: keypad) }
        let pinging = Task { await watchdog.run(environment: environment) { await loop.isHealthy(stuckAfter: watchdog.interval) } }
        defer { pinging.cancel(); running.cancel() }

        // Why 30 s: an upper bound, not a pause. At the start of a full run hundreds of synchronous tests
        // hold both cooperative threads for seconds (6.4 s measured), and the watchdog's task waits its turn.
        #expect(await socket.next(timeoutMs: 30_000) == "WATCHDOG=1", "pings while healthy")
        #expect(await socket.next(timeoutMs: 30_000) == "WATCHDOG=1")
        // The thank-you never reaches the glass: the loop is stuck on this press from now on.
        display.getStuck()
        keypad.press(5)
        await display.waitUntilStuck()
        _ = await socket.drained(quietMs: 300) // pings sent before the loop counted as stuck
        #expect(await socket.next(timeoutMs: 500) == nil, "no ping while the loop is stuck")
        display.release()
        #expect(await socket.next(timeoutMs: 30_000) == "WATCHDOG=1", "pings again once the loop moves")
        keypad.end()
    }
}

/// A display that, once told to, holds the next `show` until released (a hung device write).
final class StuckDisplay: Display, @unchecked Sendable {
    // SAFETY: all state is guarded by `lock`.
    let size = GridSize(columns: 16, rows: 2)
    private let lock = NSLock()
    private var stuck = false
    private var held: CheckedContinuation<Void, Never>?
    private var stuckWaiters: [CheckedContinuation<Void, Never>] = []

    func getStuck() { lock.withLock { stuck = true } }

    func show(_ frame: Frame) async throws {
        guard lock.withLock({ stuck }) else { return }
        await withCheckedContinuation { continuation in
            let waiters = lock.withLock {
                held = continuation
                defer { stuckWaiters = [] }
                return stuckWaiters
            }
            waiters.forEach { $0.resume() }
        }
    }

    /// Returns once a `show` is being held.
    func waitUntilStuck() async {
        await withCheckedContinuation { continuation in
            let already = lock.withLock {
                if held != nil { return true }
                stuckWaiters.append(continuation)
                return false
            }
            if already { continuation.resume() }
        }
    }

    func release() {
        let continuation = lock.withLock {
            stuck = false
            defer { held = nil }
            return held
        }
        continuation?.resume()
    }

    func close() async { release() }
}
