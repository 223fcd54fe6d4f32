/// How many ratings gave each score 1–5.
public struct ScoreCounts: Sendable, Equatable {
    /// Counts for scores 1…5 at indexes 0…4.
    public private(set) var counts: [Int]

    /// No ratings.
    public init() {
        counts = [0, 0, 0, 0, 0]
    }

    /// Counts for scores 1…5 in order; missing trailing entries are 0, extra ones are ignored.
    public init(_ counts: [Int]) {
        self.init()
        for (index, count) in counts.prefix(5).enumerated() { self.counts[index] = count }
    }

    /// The count of `score` (1…5); 0 for any other score.
    public subscript(score: Int) -> Int {
        (1...5).contains(score) ? counts[score - 1] : 0
    }

    /// Adds `count` ratings of `score`; a score outside 1…5 is ignored (the schema forbids it).
    public mutating func add(score: Int, count: Int) {
        guard (1...5).contains(score) else { return }
        counts[score - 1] += count
    }

    /// Adds every count of `other`.
    public mutating func add(_ other: ScoreCounts) {
        for index in 0..<5 { counts[index] += other.counts[index] }
    }

    /// All ratings.
    public var total: Int { counts.reduce(0, +) }
}
