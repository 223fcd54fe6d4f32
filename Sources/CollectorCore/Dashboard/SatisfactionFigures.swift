/// The satisfaction figures of one bucket of ratings (a site, a counter, a day, a heatmap cell).
///
/// CSAT is the share of 4 and 5; its 95 % Wilson interval says how far the true share may be
/// from it. A bucket with fewer than the minimum number of ratings is *too few*: its shares are
/// computed but must not be shown or ranked (a 100 % from two ratings misleads).
public struct SatisfactionFigures: Sendable, Equatable {
    /// The score counts the figures come from.
    public var counts: ScoreCounts
    /// The smallest n whose figures are shown.
    public var minimumRatings: Int

    public init(counts: ScoreCounts, minimumRatings: Int) {
        self.counts = counts
        self.minimumRatings = minimumRatings
    }

    /// Number of ratings.
    public var n: Int { counts.total }
    /// Ratings of 4 or 5.
    public var satisfied: Int { counts[4] + counts[5] }
    /// Ratings of 1 or 2.
    public var dissatisfied: Int { counts[1] + counts[2] }
    /// Whether there are enough ratings to show and rank the figures.
    public var isEnough: Bool { n > 0 && n >= minimumRatings }

    /// Share of 4–5, 0…1; `nil` without ratings.
    public var csat: Double? { n > 0 ? Double(satisfied) / Double(n) : nil }
    /// Share of 1–2, 0…1; `nil` without ratings.
    public var lowShare: Double? { n > 0 ? Double(dissatisfied) / Double(n) : nil }
    /// Mean score, 1…5; `nil` without ratings.
    public var mean: Double? {
        guard n > 0 else { return nil }
        let sum = (1...5).reduce(0) { $0 + $1 * counts[$1] }
        return Double(sum) / Double(n)
    }
    /// The 95 % Wilson interval of ``csat``; `nil` without ratings.
    public var interval: WilsonInterval? { WilsonInterval(successes: satisfied, of: n) }
}
