import Foundation
import Testing

/// `rating-collector serve`'s dashboard flags (and the alerts' UTC offset and silence it shares): a bad value is a usage error (64) naming the flag.
struct CollectorDashboardFlagsTests {
    @Test func badDashboardFlagsAreUsageErrors() async throws {
        let collector = try Executables.path("rating-collector")
        for (arguments, words) in [(["--utc-offset", "7"], "--utc-offset"), (["--utc-offset", "+15:00"], "+15:00"),
                                   (["--dashboard-min-ratings", "0"], "--dashboard-min-ratings"), (["--silent-after", "0"], "--silent-after")] {
            let run = try await ProcessRun.run(collector, ["serve", "--db", "sqlite:/nonexistent/never-opened.sqlite"] + arguments)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(words), "\(arguments): \(run.stderr)")
        }
    }
}
