/// Everything the dashboard page shows, computed from ``DashboardCounts`` (pure: no I/O, no clock).
public struct DashboardReport: Sendable, Equatable {
    /// The local days the page covers, first and last inclusive.
    public var firstDay: Int64
    public var lastDay: Int64
    /// When the page was made (collector clock, ms since 1970).
    public var generatedAtMillis: Int64
    public var settings: DashboardSettings
    /// The site and counter the page is limited to, if any.
    public var site: String?
    public var counter: String?
    /// All unflagged ratings of the period (and site/counter).
    public var total: SatisfactionFigures
    /// Flagged ratings left out of every figure.
    public var flaggedExcluded: Int
    /// One row per site, ranked (only with no site chosen).
    public var sites: [BucketRow]
    /// One row per counter, ranked.
    public var counters: [BucketRow]
    /// One point per local day of the period, oldest first.
    public var daily: [TrendPoint]
    /// One point per ISO week (Monday first) that overlaps the period, oldest first.
    public var weekly: [TrendPoint]
    /// Ratings per local weekday (0 = Monday) and hour.
    public var heatmap: Heatmap
    /// Latest follow-up reasons per site (or per counter of the chosen site); `total` sums them.
    public var reasons: [ReasonRow]
    public var reasonTotal: ReasonRow
    /// The devices of the selection, problems first.
    public var devices: [DeviceHealth]

    /// Number of local days covered.
    public var days: Int { Int(lastDay - firstDay + 1) }
}

/// A site or a counter with its figures and place in the ranking.
public struct BucketRow: Sendable, Equatable {
    public var site: String
    /// `nil` for a site row.
    public var counter: String?
    public var figures: SatisfactionFigures
    /// 1 = highest CSAT; `nil` when there are too few ratings to rank.
    public var rank: Int?
    /// Counter mode: ratings per served customer; `nil` where no windows or services were reported.
    public var served: ServedFigures?
}

/// Ratings per served customer at a counter in counter mode.
public struct ServedFigures: Sendable, Equatable {
    /// Unflagged ratings given in a rating window.
    public var rated: Int
    /// Windows that closed without a counted press.
    public var unrated: Int

    public var served: Int { rated + unrated }
    /// rated ÷ served, 0…1; `nil` with nobody served.
    public var ratio: Double? { served > 0 ? Double(rated) / Double(served) : nil }
}

/// One bar of a trend chart.
public struct TrendPoint: Sendable, Equatable {
    /// The bucket's first local day.
    public var firstDay: Int64
    /// Axis label (`23/11`, `W47`).
    public var label: String
    /// Longer description for the tooltip (`2026-11-23`, `2026-W47 (17/11–23/11)`).
    public var detail: String
    public var figures: SatisfactionFigures
}

/// Ratings by local weekday (rows, Monday first) and hour (columns 0…23).
public struct Heatmap: Sendable, Equatable {
    public var cells: [[SatisfactionFigures]]

    /// The hours from the first to the last with any rating (7…17 when there are none).
    public var hourRange: ClosedRange<Int> {
        let used = (0..<24).filter { hour in cells.contains { $0[hour].n > 0 } }
        guard let first = used.first, let last = used.last else { return 7...17 }
        return first...last
    }
}

/// Counts of latest follow-up reasons in one bucket.
public struct ReasonRow: Sendable, Equatable {
    public var site: String
    public var counter: String?
    /// Count per reason code.
    public var counts: [String: Int]

    public var total: Int { counts.values.reduce(0, +) }
}

/// A terminal's health as the dashboard shows it.
public struct DeviceHealth: Sendable, Equatable {
    public var record: DeviceHealthRecord
    /// Silent by ``DashboardSettings/silentTerminal`` (or never uploaded).
    public var silent: Bool
    /// Time since the last upload; `nil` if it never uploaded.
    public var sinceUploadMillis: Int64?

    /// Something to look at: silent, unsynchronised clock, or a backlog.
    public var hasProblem: Bool { silent || record.clockSynced == false || (record.queueDepth ?? 0) > 0 }
}
