/// "≥ 50% of ratings are 1–2 within 15 minutes, with at least 4 ratings", per counter (issue #7).
///
/// Windows end at each rating: the window ending at rating k holds the ratings with event time in
/// `(t_k − window, t_k]`. Flagged presses do not count. Ratings at or before `countedThrough` (the end
/// of the counter's previous alert window) do not count again, so one bad spell raises one alert.
public struct BadRatingsRule: Sendable, Equatable {
    /// The window length.
    public var window: Duration
    /// The smallest share of low scores that alerts (0.5 = 50%).
    public var minimumShare: Double
    /// The fewest (unflagged) ratings a window needs.
    public var minimumRatings: Int
    /// The highest score that counts as low (2: scores 1 and 2).
    public var highestLowScore: Int

    public init(window: Duration = .seconds(15 * 60), minimumShare: Double = 0.5, minimumRatings: Int = 4, highestLowScore: Int = 2) {
        self.window = window
        self.minimumShare = minimumShare
        self.minimumRatings = minimumRatings
        self.highestLowScore = highestLowScore
    }

    /// One rating as the rule sees it.
    public struct Point: Sendable, Equatable {
        public var timeMillis: Int64
        public var score: Int
        /// Any flag, its own or amended: such a press is not counted.
        public var flagged: Bool

        public init(timeMillis: Int64, score: Int, flagged: Bool = false) {
            self.timeMillis = timeMillis
            self.score = score
            self.flagged = flagged
        }
    }

    /// A window that alerts.
    public struct Finding: Sendable, Equatable {
        public var windowStartMillis: Int64
        public var windowEndMillis: Int64
        public var ratings: Int
        public var lowRatings: Int
    }

    /// The alerting windows among `points` (any order), earliest first, each after the previous one's end.
    ///
    /// - Parameters:
    ///   - countedThrough: ratings at or before this time belong to an earlier alert and are not counted.
    ///   - endingFrom: only windows ending at or after this time are looked at (the caller read every rating
    ///     a window `window` long before it, so no window is cut short).
    public func findings(in points: [Point], countedThrough: Int64? = nil, endingFrom: Int64? = nil) -> [Finding] {
        let sorted = points.filter { !$0.flagged && $0.timeMillis > (countedThrough ?? Int64.min) }
            .sorted { $0.timeMillis < $1.timeMillis }
        var findings: [Finding] = []
        var start = 0
        var floor = Int64.min
        for end in sorted.indices {
            let endTime = sorted[end].timeMillis
            guard endTime > floor, endTime >= (endingFrom ?? Int64.min) else { continue }
            while sorted[start].timeMillis <= max(endTime - window.millis, floor) { start += 1 }
            let members = sorted[start...end]
            let low = members.count(where: { $0.score <= highestLowScore })
            if members.count >= minimumRatings, Double(low) >= minimumShare * Double(members.count) {
                findings.append(Finding(windowStartMillis: sorted[start].timeMillis, windowEndMillis: endTime,
                                        ratings: members.count, lowRatings: low))
                floor = endTime
            }
        }
        return findings
    }
}
