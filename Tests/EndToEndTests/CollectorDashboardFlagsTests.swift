import Foundation
import Testing

/// `rating-collector serve`'s dashboard flags: a bad value is a usage error (64) naming the flag.
struct CollectorDashboardFlagsTests {
    @Test func badDashboardFlagsAreUsageErrors() async throws {
        let collector = try Executables.path("rating-collector")
        for (arguments, words) in [(["--time-zone-offset", "7"], "--time-zone-offset 7"), (["--time-zone-offset", "+15:00"], "between -14:00 and +14:00"),
                                   (["--dashboard-min-ratings", "0"], "--dashboard-min-ratings"), (["--silent-after-minutes", "0"], "--silent-after-minutes")] {
            let run = try await ProcessRun.run(collector, ["serve", "--db", "sqlite:/nonexistent/never-opened.sqlite"] + arguments)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(words), "\(arguments): \(run.stderr)")
        }
    }
}
