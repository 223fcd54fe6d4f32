import CLinuxShim
import Foundation
import RatingCore
import Synchronization

/// Sleeps for async code without periodic wake-ups: one thread waits in `poll()` on a
/// timerfd armed for the earliest pending deadline, and resumes each sleeper when its time
/// comes. With nothing due, the thread sleeps until something is.
///
/// Why not `Task.sleep`: on Linux, libdispatch re-arms its timer every second while any
/// `Task.sleep` is pending, so a daemon that always has a sleep pending (an idle upload
/// interval, a watchdog ping) wakes the CPU once a second forever (bench/README.md).
public final class EventTimer: Sendable {
    /// The process-wide timer thread, started on first use.
    public static let shared = EventTimer()

    private struct Sleeper {
        var deadline: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        /// Registered sleepers, waiting for their deadline.
        var sleepers: [UInt64: Sleeper] = [:]
        /// Ids handed out but not registered yet, and whether their task was cancelled meanwhile.
        /// An id is in at most one of the two, and in neither once it has fired or was cancelled.
        var unregistered: [UInt64: Bool] = [:]
        var nextID: UInt64 = 0
        var started = false
    }

    private let state = Mutex(State())
    private let timerFD: Int32
    private let wakeFD: Int32

    private init() {
        timerFD = clinuxshim_timerfd_create()
        wakeFD = clinuxshim_eventfd()
    }

    /// Suspends the calling task for at least `duration`; throws `CancellationError` at once
    /// when the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        let nanoseconds = max(0, duration.nanosecondsClamped)
        let deadline = clinuxshim_monotonic_ns() &+ UInt64(nanoseconds)
        try await sleep(untilMonotonicNanoseconds: deadline)
    }

    /// Suspends until CLOCK_MONOTONIC reaches `deadline` (nanoseconds).
    public func sleep(untilMonotonicNanoseconds deadline: UInt64) async throws {
        guard timerFD >= 0, wakeFD >= 0 else {
            // Why: without timerfd/eventfd (never seen on Linux ≥ 2.6.27) fall back to the
            // runtime's sleep rather than fail: a 1 Hz wake-up is better than no timer.
            let now = clinuxshim_monotonic_ns()
            return try await Task.sleep(for: .nanoseconds(Int64(clamping: deadline > now ? deadline - now : 0)))
        }
        startIfNeeded()
        let id = state.withLock { state in
            state.nextID += 1
            state.unregistered[state.nextID] = false
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = state.withLock { state in
                    if state.unregistered.removeValue(forKey: id) == true { return true }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) } else { wake() }
            }
        } onCancel: {
            let sleeper = state.withLock { state in
                if let sleeper = state.sleepers.removeValue(forKey: id) { return Optional(sleeper) }
                // Not registered yet: registration will see this and throw. Already fired: nothing to do.
                if state.unregistered[id] != nil { state.unregistered[id] = true }
                return nil
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// The number of sleepers waiting or about to (for tests).
    var pendingCount: Int { state.withLock { $0.sleepers.count + $0.unregistered.count } }

    private func startIfNeeded() {
        let start = state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
        guard start else { return }
        let thread = Thread { [self] in run() }
        thread.name = "event-timer"
        thread.start()
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    private func run() {
        var fds = [pollfd(fd: timerFD, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        var scratch: UInt64 = 0
        while true {
            let earliest = state.withLock { $0.sleepers.values.map(\.deadline).min() }
            _ = clinuxshim_timerfd_arm(timerFD, earliest.map { max($0, 1) } ?? 0)
            _ = poll(&fds, 2, -1)
            _ = read(timerFD, &scratch, 8)
            _ = read(wakeFD, &scratch, 8)
            let now = clinuxshim_monotonic_ns()
            let due = state.withLock { state in
                let ids = state.sleepers.filter { $0.value.deadline <= now }.map(\.key)
                return ids.compactMap { state.sleepers.removeValue(forKey: $0) }
            }
            for sleeper in due { sleeper.continuation.resume() }
        }
    }
}
