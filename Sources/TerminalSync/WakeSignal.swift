/// Wakes a waiting task early: `signal()` from any task, `wait(upTo:)` in one.
///
/// Signals coalesce: many presses while the uploader is busy make one wake-up.
actor WakeSignal {
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?
    private var generation = 0

    /// Wakes the waiter, or the next `wait` if none is waiting.
    func signal() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            pending = true
        }
    }

    /// Returns at a signal (or one that came before), after `timeout`, or when the task is cancelled.
    func wait(upTo timeout: Duration) async {
        if pending {
            pending = false
            return
        }
        generation += 1
        let current = generation
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(current)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiter = continuation
            }
        } onCancel: {
            Task { await self.expire(current) }
        }
        timer.cancel()
    }

    private func expire(_ which: Int) {
        guard which == generation, let waiter else { return }
        self.waiter = nil
        waiter.resume()
    }
}
