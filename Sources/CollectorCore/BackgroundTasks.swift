import Foundation

/// Tasks started to run after a request was answered, so they can be awaited (tests, shutdown).
///
/// A class around NSLock rather than `Mutex`: `Mutex` needs macOS 15, the package supports macOS 14.
final class BackgroundTasks: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [Int: Task<Void, Never>] = [:]
    private var nextID = 0

    /// Starts `body` in a task of its own.
    func spawn(_ body: @escaping @Sendable () async -> Void) {
        lock.withLock {
            let id = nextID
            nextID += 1
            // The task removes itself under the same lock, so it is registered before it can finish.
            tasks[id] = Task {
                await body()
                self.finished(id)
            }
        }
    }

    private func finished(_ id: Int) {
        _ = lock.withLock { tasks.removeValue(forKey: id) }
    }

    /// Returns once every task started so far (and any they started) has finished.
    func settle() async {
        while let task = lock.withLock({ tasks.values.first }) {
            await task.value
        }
    }
}
