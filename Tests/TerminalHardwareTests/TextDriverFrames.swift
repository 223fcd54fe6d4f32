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
    func waitFor(_ expected: [String], timeout: TimeInterval = 20) -> [String]? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while latest != expected, condition.wait(until: deadline) {}
        return latest
    }
}
