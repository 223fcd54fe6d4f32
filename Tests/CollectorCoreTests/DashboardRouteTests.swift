import CollectorCore
import Foundation
import HummingbirdTesting
import Testing

@Suite("GET / (dashboard): HTML whose numbers agree with the pull API")
struct DashboardRouteTests {
    /// The 28 local days (+07:00) ending today by the fixture's clock.
    static var period: Range<Int64> {
        let query = DashboardStorageTests.query()
        return query.fromMillis..<query.toMillis
    }

    @Test(arguments: Backend.allCases) func pageNumbersMatchThePullAPI(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        try await fixture.withServer { client in
            try await DashboardSeed.upload(fixture, client: client)
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let html = response.text
            let page = try DashboardDOM(html)
            let pulled = try await PulledFigures.read(client, period: Self.period)
            #expect(page.problems(against: pulled, minimum: 10) == [])
            // The seed's shape, so the comparison above compares something: 3 counters, one too few, 4 flagged.
            #expect(page.counterRows.count == 3 && page.counterRows.filter { $0.satisfied == nil }.count == 1 && page.flagged == 4)
            #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Quầy&quot;") && !html.contains("<script"))
            // Quầy 2 (counter mode): 3 rated windows + 2 unrated services.
            let quay2 = try #require(page.counterRows.first { $0.counter == "Quầy 2" })
            #expect(quay2.rowHTML.contains("(3 / 5)"))
            // Device health: the silent device, the second device's unsynchronised clock and backlog.
            #expect(html.contains("4 terminals, 1 silent, 1 clock not synced, 1 with a backlog"))
        }
    }

    @Test(arguments: Backend.allCases) func aSiteAndACounterNarrowThePage(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        try await fixture.withServer { client in
            try await DashboardSeed.upload(fixture, client: client)
            let site = try DashboardDOM(try await client.execute(uri: "/?days=28&site=%C4%90i%E1%BB%87n%20l%E1%BB%B1c%20Ho%C3%A0n%20Ki%E1%BA%BFm", method: .get).text)
            #expect(site.totalN == 11 && site.totalSatisfied == 9 && site.flagged == 0)
            #expect(site.counterRows.map(\.counter) == [DashboardSeed.hostileCounter])
            let counter = try DashboardDOM(try await client.execute(uri: "/?site=\(HTMLQuery.encode(DashboardSeed.siteA))&counter=\(HTMLQuery.encode("Quầy 1"))", method: .get).text)
            let quay1 = DashboardSeed.firstDevicePresses.filter { $0.counter == "Quầy 1" && !$0.isFlagged && Self.period.contains($0.wallMillis) }
            #expect(counter.totalN == quay1.count && counter.flagged == 4)
            // One day: only what happened today (local), i.e. nothing in the seed.
            let today = try DashboardDOM(try await client.execute(uri: "/?days=1", method: .get).text)
            #expect(today.totalN == 0 && today.totalSatisfied == nil)
        }
    }

    @Test func badParametersAre400WithAReason() async throws {
        let fixture = try await CollectorFixture()
        defer { fixture.removeFolder() }
        try await fixture.withServer { client in
            for (uri, words) in [("/?days=0", "days=0"), ("/?days=400", "1 to 366"), ("/?days=x", "days=x"), ("/?counter=Q1", "needs site=")] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(try response.errorReason().contains(words), "\(uri): \(response.text)")
            }
        }
    }
}

/// Percent-encoding for test URLs.
enum HTMLQuery {
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
