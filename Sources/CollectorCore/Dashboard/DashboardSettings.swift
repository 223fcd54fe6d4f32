/// What the dashboard at `/` shows and how it buckets time.
public struct DashboardSettings: Sendable, Equatable {
    /// Buckets with fewer ratings are shown as "too few ratings": no CSAT, not ranked.
    public var minimumRatings: Int
    /// The office's time zone: days, weeks and hours are local to it.
    public var timeZoneOffset: TimeZoneOffset
    /// The period when the URL gives no `days`.
    public var defaultDays: Int
    /// The longest period `days` may ask for.
    public var maxDays: Int
    /// A terminal whose last upload is older than this is listed as silent.
    ///
    /// Terminals upload only when they hold unsent records, so a quiet counter looks silent too;
    /// pick a value longer than the quietest opening hour.
    public var silentAfter: Duration
    /// Most rows of the counter and device tables on one page (the rest: choose a site).
    public var maxRows: Int

    public init(minimumRatings: Int = 10, timeZoneOffset: TimeZoneOffset = .vietnam, defaultDays: Int = 28, maxDays: Int = 366,
                silentAfter: Duration = .seconds(2 * 3600), maxRows: Int = 200) {
        self.minimumRatings = minimumRatings
        self.timeZoneOffset = timeZoneOffset
        self.defaultDays = defaultDays
        self.maxDays = maxDays
        self.silentAfter = silentAfter
        self.maxRows = maxRows
    }

    /// ``silentAfter`` in milliseconds.
    var silentAfterMillis: Int64 {
        let (seconds, attoseconds) = silentAfter.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
