import TerminalHardware

/// The keypad's events, read one at a time with a time limit: the self-test waits for a
/// technician who may walk away. Events that come while nobody waits are kept in order.
actor TimedKeypadEvents {
    private var buffered: [KeypadEvent] = []
    private var ended = false
    private var waiter: (id: Int, continuation: CheckedContinuation<KeypadEvent?, Never>)?
    private var nextWaiterID = 0

    /// Starts reading `events`; the reading ends with the stream (the keypad's `close()` ends it).
    static func reading(_ events: AsyncStream<KeypadEvent>) -> TimedKeypadEvents {
        let queue = TimedKeypadEvents()
        Task {
            for await event in events { await queue.deliver(event) }
            await queue.finish()
        }
        return queue
    }

    /// The next event, or `nil` when none comes within `limit` or the input has ended.
    func next(within limit: Duration) async -> KeypadEvent? {
        if !buffered.isEmpty { return buffered.removeFirst() }
        if ended { return nil }
        nextWaiterID += 1
        let id = nextWaiterID
        return await withCheckedContinuation { continuation in
            waiter = (id, continuation)
            Task { [weak self] in
                try? await Task.sleep(for: limit)
                await self?.expire(id)
            }
        }
    }

    /// Whether the input has ended and nothing is left to read.
    var isExhausted: Bool { ended && buffered.isEmpty }

    private func deliver(_ event: KeypadEvent) {
        if let waiter {
            self.waiter = nil
            waiter.continuation.resume(returning: event)
        } else {
            buffered.append(event)
        }
    }

    private func finish() {
        ended = true
        if let waiter {
            self.waiter = nil
            waiter.continuation.resume(returning: nil)
        }
    }

    private func expire(_ id: Int) {
        guard let waiter, waiter.id == id else { return }
        self.waiter = nil
        waiter.continuation.resume(returning: nil)
    }
}
