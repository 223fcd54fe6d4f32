import EventTimer
/// Wake-ups for the idle upload loop: `signal()` from anywhere, `wait(upTo:)` in the loop.
///
/// An `AsyncStream` keeping only the newest element: signals coalesce (a burst of
/// presses while a batch is in flight makes one wake-up), and `signal()` is a cheap,
/// synchronous, non-blocking call that any task or thread may make.
struct WakeUps: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Wakes the loop now, or at its next wait.
    func signal() { continuation.yield() }

    /// The loop's side; only one may exist at a time (an `AsyncStream` has one reader).
    func makeWaiter() -> Waiter { Waiter(iterator: stream.makeAsyncIterator(), continuation: continuation) }

    struct Waiter {
        fileprivate var iterator: AsyncStream<Void>.Iterator
        fileprivate let continuation: AsyncStream<Void>.Continuation

        /// Returns `true` at a wake-up (or one that came earlier) or after `timeout`;
        /// `false` when the task was cancelled (the stream then ends for good).
        mutating func wait(upTo timeout: Duration) async -> Bool {
            let continuation = self.continuation
            // The timer's tick is just another wake-up: both mean "look at the queue".
            // A tick that slips out as the timer is cancelled costs one spare queue read.
            let timer = Task {
                try await EventTimer.shared.sleep(for: timeout)
                continuation.yield()
            }
            defer { timer.cancel() }
            return await iterator.next() != nil && !Task.isCancelled
        }
    }
}
