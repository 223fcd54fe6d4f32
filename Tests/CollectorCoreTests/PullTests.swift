import CollectorCore
import HummingbirdTesting
import RatingWire
import Testing

@Suite("GET /v1/ratings pages with cursors")
struct PullTests {
    @Test(arguments: Backend.allCases) func pagesFollowTheCursorAndPollingAtTheEndReturnsNothingNew(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            _ = try await client.postBatch(batch((1...5).map { rating($0) }), secret: secret)
            let first = try await client.getJSON("/v1/ratings?limit=2", as: RatingsPage.self)
            #expect(first.ratings.map(\.seq) == [1, 2])
            #expect(first.nextCursor == first.ratings[1].cursor)
            let second = try await client.getJSON("/v1/ratings?after=\(first.nextCursor)&limit=2", as: RatingsPage.self)
            #expect(second.ratings.map(\.seq) == [3, 4])
            let third = try await client.getJSON("/v1/ratings?after=\(second.nextCursor)&limit=2", as: RatingsPage.self)
            #expect(third.ratings.map(\.seq) == [5])
            let end = try await client.getJSON("/v1/ratings?after=\(third.nextCursor)", as: RatingsPage.self)
            #expect(end.ratings.isEmpty)
            #expect(end.nextCursor == third.nextCursor)

            _ = try await client.postBatch(batch([rating(6)]), secret: secret)
            let polled = try await client.getJSON("/v1/ratings?after=\(end.nextCursor)", as: RatingsPage.self)
            #expect(polled.ratings.map(\.seq) == [6])
        }
    }

    @Test(arguments: ["after=abc", "after=-1", "limit=0", "limit=1001", "limit=x"])
    func badCursorOrLimitIs400(query: String) async throws {
        let fixture = try await CollectorFixture()
        defer { fixture.removeFolder() }
        try await fixture.withServer { client in
            let response = try await client.execute(uri: "/v1/ratings?\(query)", method: .get)
            #expect(response.status == .badRequest)
            #expect(try !response.errorReason().isEmpty)
        }
    }

    @Test(arguments: Backend.allCases) func healthzAnswersOkAndUnknownPathsGetAnErrorReply(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        try await fixture.withServer { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(health.text == "ok\n")
            let missing = try await client.execute(uri: "/v2/nothing", method: .get)
            #expect(missing.status == .notFound)
            #expect(try missing.errorReason().contains("/v2/nothing"))
        }
    }
}
