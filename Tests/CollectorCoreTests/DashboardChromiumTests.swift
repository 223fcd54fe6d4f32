import CollectorCore
import Foundation
import HummingbirdTesting
import Testing

/// The dashboard as a browser draws it: Debian's `chromium`, headless, against the real collector on loopback.
@Suite("Dashboard in headless Chromium")
struct DashboardChromiumTests {
    static let chromiumPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]

    @Test func chromiumRendersTheDashboardAndItsNumbersMatchThePullAPI() async throws {
        let chromium = try #require(Self.chromiumPaths.first { FileManager.default.isExecutableFile(atPath: $0) },
                                    "headless Chromium is missing: install Debian's `chromium` package (apt-get install chromium; `make test` installs it)")
        let fixture = try await CollectorFixture()
        defer { fixture.removeFolder() }
        try await fixture.withServer { client in
            try await DashboardSeed.upload(fixture, client: client)
            let port = try #require(client.port, "the live test server has a port")
            let url = "http://127.0.0.1:\(port)/"

            // The screenshot: a PNG of the window's size, with the page's colours on it.
            let screenshot = fixture.folder.appendingPathComponent("dashboard.png")
            let shot = try await Self.chromium(chromium, ["--screenshot=\(screenshot.path)", "--window-size=1280,2000", "--hide-scrollbars", url],
                                               folder: fixture.folder)
            #expect(shot.status == 0 && !shot.timedOut, "chromium --screenshot: \(shot.stderr.suffix(2000))")
            let bytes = try Data(contentsOf: screenshot)
            // To look at it: RATING_DASHBOARD_SCREENSHOT=/tmp/dashboard.png swift test --filter DashboardChromiumTests
            if let keep = ProcessInfo.processInfo.environment["RATING_DASHBOARD_SCREENSHOT"], !keep.isEmpty {
                try bytes.write(to: URL(fileURLWithPath: keep))
            }
            let png = try PNGImage(Array(bytes))
            #expect(png.width == 1280 && png.height == 2000)
            let colours = png.colourStatistics
            // A blank page is one colour; text alone adds grey anti-aliasing; the charts, the CSAT scale and the tables add many more.
            #expect(colours.distinct > 200, "\(colours.distinct) colours")
            #expect(colours.nonWhiteShare > 0.03, "\(colours.nonWhiteShare) of the pixels are not white")

            // The DOM Chromium built: its numbers against the pull API's.
            let dump = try await Self.chromium(chromium, ["--dump-dom", url], folder: fixture.folder)
            #expect(dump.status == 0 && !dump.timedOut, "chromium --dump-dom: \(dump.stderr.suffix(2000))")
            let dom = try DashboardDOM(String(decoding: dump.stdout, as: UTF8.self))
            let pulled = try await PulledFigures.read(client, period: DashboardRouteTests.period)
            #expect(dom.problems(against: pulled, minimum: 10) == [])
            #expect(dom.counterRows.count == 3 && dom.totalN == pulled.total.n && pulled.total.n > 30)
            // The hostile counter name reached the DOM as text, not as an element.
            #expect(dom.counterRows.contains { $0.counter == DashboardSeed.hostileCounter })
            #expect(!String(decoding: dump.stdout, as: UTF8.self).contains("<script"))
        }
    }

    /// Runs headless Chromium with its own throw-away profile, killed after 60 s.
    ///
    /// `--no-sandbox`: Chromium refuses to run as root with its sandbox (the test machine runs as root).
    static func chromium(_ path: String, _ arguments: [String], folder: URL) async throws -> ChildProcess {
        let profile = folder.appendingPathComponent("chromium-profile-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: profile) }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage",
                      "--user-data-dir=\(profile.path)"]
        return try await ChildProcess.run(path, common + arguments, timeout: .seconds(60))
    }
}
