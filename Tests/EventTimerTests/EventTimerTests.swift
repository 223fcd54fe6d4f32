import CLinuxShim
@testable import EventTimer
import Testing

/// The timerfd-backed sleep: it sleeps at least as long as asked, several sleepers each until
/// their own deadline, and a cancelled sleep ends at once.
struct EventTimerTests {
    @Test func sleepsAtLeastTheDuration() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        try await EventTimer.shared.sleep(for: .milliseconds(30))
        #expect(clock.now - start >= .milliseconds(30))
    }

    @Test func severalSleepersEachWakeAtOrAfterTheirOwnDeadline() async throws {
        // Why not "in deadline order": the timer resumes them in that order, but which resumed task runs
        // first is the executor's choice; on a loaded run the results came back [1, 0, 2].
        let base = clinuxshim_monotonic_ns()
        let wakes = try await withThrowingTaskGroup(of: (deadline: UInt64, woke: UInt64).self) { group in
            for milliseconds in [120, 20, 70] {
                group.addTask {
                    let deadline = base + UInt64(milliseconds) * 1_000_000
                    try await EventTimer.shared.sleep(untilMonotonicNanoseconds: deadline)
                    return (deadline, clinuxshim_monotonic_ns())
                }
            }
            var wakes: [(deadline: UInt64, woke: UInt64)] = []
            for try await wake in group { wakes.append(wake) }
            return wakes
        }
        #expect(wakes.count == 3)
        #expect(wakes.allSatisfy { $0.woke >= $0.deadline }, "no sleeper woke before its deadline")
    }

    @Test func cancellationEndsTheSleepAtOnce() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let sleeper = Task { try await EventTimer.shared.sleep(for: .seconds(3_600)) }
        try await EventTimer.shared.sleep(for: .milliseconds(20))
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.now - start < .seconds(60))
    }

    @Test func aSleepInAnAlreadyCancelledTaskThrows() async {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await EventTimer.shared.sleep(for: .seconds(3_600))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func aZeroDurationReturns() async throws {
        try await EventTimer.shared.sleep(for: .zero)
    }
}
