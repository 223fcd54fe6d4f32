import RatingCore

/// Turns a button line's raw edges into presses, from the kernel's event timestamps.
///
/// A mechanical contact bounces: one press gives several edges within a few
/// milliseconds, on the way down and on the way up. The rule: an edge to
/// "active" counts as a press only when the line has been quiet (no edge of any
/// kind) for at least `period` before it. The first edge of a press follows a
/// quiet line and counts; its bounces and the bounces of the release follow
/// other edges closely and do not. A button held down gives no further edges,
/// so it is one press however long it is held.
///
/// libgpiod v2 also debounces in the kernel; applying this rule on top is
/// harmless (the kernel's edges are already `period` apart), so both library
/// versions behave the same.
public struct ButtonDebouncer: Sendable, Equatable {
    public let period: Duration
    private var lastEdge: [MonotonicInstant?]

    /// `lines` buttons, each debounced on its own.
    public init(lines: Int, period: Duration) {
        self.period = period
        lastEdge = Array(repeating: nil, count: lines)
    }

    /// Feeds one edge of line `index`; returns whether it is a press to count.
    /// Edges of unknown lines are ignored.
    public mutating func isPress(line index: Int, active: Bool, at instant: MonotonicInstant) -> Bool {
        guard lastEdge.indices.contains(index) else { return false }
        let previous = lastEdge[index]
        lastEdge[index] = instant
        guard active else { return false }
        guard let previous else { return true }
        return instant.since(previous) >= period
    }
}
