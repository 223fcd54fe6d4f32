import ArgumentParser
import CollectorCore

/// The `serve` options of the alert rules and the webhook (defaults: issue #7).
struct AlertOptions: ParsableArguments {
    @Option(help: "POST alerts as JSON to this http:// or https:// URL (retried until delivered). Without it alerts are only listed by GET /v1/alerts.")
    var alertWebhook: String?

    @Option(help: "Opening hours of the sites, e.g. \"Mon-Fri 07:30-17:00\" or \"Mon-Fri 07:30-17:00; Sat 07:30-11:30\".")
    var openingHours: String = "Mon-Fri 07:30-17:00"

    @Option(help: "The sites' offset from UTC, e.g. +07:00: their opening hours, and the dashboard's days, weeks and hours.")
    var utcOffset: String = "+07:00"

    @Option(help: "Minutes of opening time without an upload after which a terminal is reported silent (alert and dashboard).")
    var silentAfter: Int = 30

    @Option(help: "Minutes a missing rating seq may stay missing before it is reported.")
    var gapAfter: Int = 30

    @Option(help: "Bad-ratings rule: the window in minutes.")
    var badRatingsWindow: Int = 15

    @Option(help: "Bad-ratings rule: the share of scores 1-2 that alerts, from 0 to 1.")
    var badRatingsShare: Double = 0.5

    @Option(help: "Bad-ratings rule: the fewest ratings in the window.")
    var badRatingsMinimum: Int = 4

    /// The settings these options give; a ValidationError names the option at fault.
    func settings() throws -> AlertSettings {
        guard silentAfter > 0 else { throw ValidationError("--silent-after must be 1 or more minutes") }
        guard gapAfter > 0 else { throw ValidationError("--gap-after must be 1 or more minutes") }
        guard badRatingsWindow > 0 else { throw ValidationError("--bad-ratings-window must be 1 or more minutes") }
        guard badRatingsShare > 0, badRatingsShare <= 1 else { throw ValidationError("--bad-ratings-share must be above 0 and at most 1, e.g. 0.5") }
        guard badRatingsMinimum > 0 else { throw ValidationError("--bad-ratings-minimum must be 1 or more") }
        let hours: OpeningHours
        do {
            hours = try OpeningHours(parsing: openingHours, utcOffsetMinutes: try OpeningHours.utcOffsetMinutes(parsing: utcOffset))
        } catch {
            throw ValidationError("--opening-hours/--utc-offset: \(error)")
        }
        if let alertWebhook {
            do { _ = try AlertWebhook(url: alertWebhook) } catch { throw ValidationError("--alert-webhook: \(error)") }
        }
        return AlertSettings(
            badRatings: BadRatingsRule(window: .seconds(badRatingsWindow * 60), minimumShare: badRatingsShare, minimumRatings: badRatingsMinimum),
            silentTerminal: SilentTerminalRule(silence: .seconds(silentAfter * 60), openingHours: hours),
            seqGap: SeqGapRule(openFor: .seconds(gapAfter * 60)),
            webhookURL: alertWebhook)
    }
}
