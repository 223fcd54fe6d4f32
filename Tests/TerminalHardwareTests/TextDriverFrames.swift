import Foundation

/// The frames printed by LCDd's `text` driver: a `+----+` border, one `|row|` line per row,
/// a border. The driver prints a frame about 8 times a second, changed or not, so tests wait
/// for "a frame eventually equals X" rather than counting frames.
final class TextDriverFrames: @unchecked Sendable {
    // SAFETY: every stored property is guarded by `condition`.
    private let condition = NSCondition()
    private var partial = ""
    private var rows: [String] = []
    private var latest: [String]?

    /// Takes a chunk of LCDd's output.
    func append(_ text: String) {
        condition.lock()
        defer { condition.unlock() }
        partial += text
        while let newline = partial.firstIndex(of: "\n") {
            let line = String(partial[..<newline])
            partial = String(partial[partial.index(after: newline)...])
            if line.hasPrefix("+-") {
                if !rows.isEmpty { latest = rows }
                rows = []
            } else if line.hasPrefix("|"), line.hasSuffix("|"), line.count >= 2 {
                rows.append(String(line.dropFirst().dropLast()))
            }
        }
        condition.broadcast()
    }

    /// Waits until the latest frame equals `expected`; returns the latest frame seen either way.
    /// The wait blocks a thread of its own, never one of Swift's few cooperative threads
    /// (blocking those stalls every other test running at the same time).
    func waitFor(_ expected: [String], timeout: TimeInterval = 20) async -> [String]? {
        await onOwnThread { self.blockingWaitFor(expected, timeout: timeout) }
    }

    private func blockingWaitFor(_ expected: [String], timeout: TimeInterval) -> [String]? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while latest != expected, condition.wait(until: deadline) {}
        return latest
    }
}

/// Runs a blocking `body` on a new thread and returns its result to the awaiting task.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: body()) }
    }
}
