import CollectorCore
import HummingbirdTesting
import RatingWire
import Testing

@Suite("GET /v1/ratings leaves flagged presses out unless asked")
struct PullFlagsTests {
    @Test(arguments: Backend.allCases) func flaggedPressesAreExcludedByDefaultAndIncludedOnRequest(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            _ = try await client.postBatch(batch([rating(1), rating(2, flags: ["repeat"]), rating(3, flags: ["no_window"]), rating(4)]),
                                           secret: secret)
            let plain = try await client.getJSON("/v1/ratings", as: RatingsPage.self)
            #expect(plain.ratings.map(\.seq) == [1, 4])
            #expect(plain.withdrawn.isEmpty, "flagged from the start: never shown, so nothing to withdraw")
            let all = try await client.getJSON("/v1/ratings?include_flagged=true", as: RatingsPage.self)
            #expect(all.ratings.map(\.seq) == [1, 2, 3, 4])
            #expect(try await client.getJSON("/v1/ratings?include_flagged=false", as: RatingsPage.self).ratings.map(\.seq) == [1, 4])
            let bad = try await client.execute(uri: "/v1/ratings?include_flagged=maybe", method: .get)
            #expect(bad.status == .badRequest)
        }
    }

    @Test(arguments: Backend.allCases) func aPageOfOnlyFlaggedPressesStillMovesTheCursor(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            _ = try await client.postBatch(batch([rating(1, flags: ["repeat"]), rating(2, flags: ["repeat"]), rating(3)]), secret: secret)
            let first = try await client.getJSON("/v1/ratings?limit=2", as: RatingsPage.self)
            #expect(first.ratings.isEmpty && first.nextCursor == "2")
            let second = try await client.getJSON("/v1/ratings?after=\(first.nextCursor)&limit=2", as: RatingsPage.self)
            #expect(second.ratings.map(\.seq) == [3])
        }
    }

    @Test(arguments: Backend.allCases) func aReasonThatArrivesLaterBringsTheRatingBackWithItsReason(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            _ = try await client.postBatch(batch([windowRating(1), rating(2)]), secret: secret)
            let before = try await client.getJSON("/v1/ratings", as: RatingsPage.self)
            #expect(before.ratings.map(\.reason) == [nil, nil])
            _ = try await client.postBatch(fullBatch([], amendments: [amendment(1, rating: 1, "reason", "staff_attitude")]), secret: secret)
            let after = try await client.getJSON("/v1/ratings?after=\(before.nextCursor)", as: RatingsPage.self)
            #expect(after.ratings.map(\.seq) == [1])
            #expect(after.ratings.first?.reason == "staff_attitude" && after.ratings.first?.ticket == "A017")
            #expect(Int(after.nextCursor) ?? 0 > Int(before.nextCursor) ?? 0)
        }
    }

    @Test(arguments: Backend.allCases) func aBurstAmendmentHidesARatingByDefaultAndWithdrawsIt(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            _ = try await client.postBatch(batch([rating(1, score: 5), rating(2)]), secret: secret)
            let before = try await client.getJSON("/v1/ratings", as: RatingsPage.self)
            #expect(before.ratings.map(\.seq) == [1, 2])
            _ = try await client.postBatch(fullBatch([], amendments: [amendment(1, rating: 1, "flag", "burst")]), secret: secret)
            let from0 = try await client.getJSON("/v1/ratings", as: RatingsPage.self)
            #expect(from0.ratings.map(\.seq) == [2])
            let after = try await client.getJSON("/v1/ratings?after=\(before.nextCursor)", as: RatingsPage.self)
            #expect(after.ratings.isEmpty)
            #expect(after.withdrawn.map(\.seq) == [1] && after.withdrawn.first?.flags == ["burst"])
            let all = try await client.getJSON("/v1/ratings?include_flagged=true", as: RatingsPage.self)
            #expect(all.ratings.map(\.seq) == [2, 1] && all.ratings.last?.flags == ["burst"])
        }
    }

    @Test(arguments: Backend.allCases) func anAmendmentBeforeItsRatingIsAppliedWhenTheRatingArrives(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let early = try await client.postBatch(fullBatch([], amendments: [amendment(1, rating: 1)]), secret: secret)
            #expect(try early.decoded(UploadReply.self).amendmentsAckedThrough == 1)
            _ = try await client.postBatch(batch([rating(1, score: 1)]), secret: secret)
            #expect(try await client.getJSON("/v1/ratings", as: RatingsPage.self).ratings.first?.reason == "waiting_time")
        }
    }
}
