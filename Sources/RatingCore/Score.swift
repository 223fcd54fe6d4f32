/// A customer's rating: 1 (very dissatisfied) … 5 (very satisfied).
public struct Score: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The numeric value, always in `1...5`.
    public let value: Int

    /// All valid scores, lowest first.
    public static let all: [Score] = (1...5).map { Score(uncheckedValue: $0) }

    /// Creates a score, or `nil` when `value` is outside `1...5`.
    public init?(_ value: Int) {
        guard (1...5).contains(value) else { return nil }
        self.value = value
    }

    private init(uncheckedValue: Int) { self.value = uncheckedValue }

    public static func < (lhs: Score, rhs: Score) -> Bool { lhs.value < rhs.value }
    public var description: String { String(value) }
}
