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
    /// When a terminal is listed as silent: the alert's rule (opening time without an upload; terminals
    /// send a heartbeat batch when they have nothing else to send).
    public var silentTerminal: SilentTerminalRule
    /// Most rows of the counter and device tables on one page (the rest: choose a site).
    public var maxRows: Int

    public init(minimumRatings: Int = 10, timeZoneOffset: TimeZoneOffset = .vietnam, defaultDays: Int = 28, maxDays: Int = 366,
                silentTerminal: SilentTerminalRule = SilentTerminalRule(), maxRows: Int = 200) {
        self.minimumRatings = minimumRatings
        self.timeZoneOffset = timeZoneOffset
        self.defaultDays = defaultDays
        self.maxDays = maxDays
        self.silentTerminal = silentTerminal
        self.maxRows = maxRows
    }
}
