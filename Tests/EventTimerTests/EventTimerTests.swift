@testable import EventTimer
import Testing

/// The timerfd-backed sleep: it sleeps at least as long as asked, wakes sleepers in deadline
/// order whatever order they started in, and a cancelled sleep ends at once.
struct EventTimerTests {
    @Test func sleepsAtLeastTheDuration() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        try await EventTimer.shared.sleep(for: .milliseconds(30))
        #expect(clock.now - start >= .milliseconds(30))
    }

    @Test func sleepersWakeInDeadlineOrder() async throws {
        let order = try await withThrowingTaskGroup(of: Int.self) { group in
            for (index, milliseconds) in [120, 20, 70].enumerated() {
                group.addTask {
                    try await EventTimer.shared.sleep(for: .milliseconds(milliseconds))
                    return index
                }
            }
            var order: [Int] = []
            for try await index in group { order.append(index) }
            return order
        }
        #expect(order == [1, 2, 0])
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
