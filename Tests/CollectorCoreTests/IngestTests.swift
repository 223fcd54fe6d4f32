import CollectorCore
import Foundation
import HummingbirdTesting
import RatingWire
import Testing

@Suite("POST /v1/batches stores ratings once")
struct IngestTests {
    @Test(arguments: Backend.allCases) func signedBatchIsStoredAndAcknowledged(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let response = try await client.postBatch(batch([rating(1), rating(2), rating(3, flags: ["repeat"])]), secret: secret)
            #expect(response.status == .ok)
            #expect(try response.decoded(UploadReply.self) == UploadReply(storeID: CollectorFixture.storeID, ackedThrough: 3, rejected: [], amendmentsAckedThrough: 0,
                                                                           unratedServicesAckedThrough: 0, deviceEventsAckedThrough: 0))
            let page = try await client.getJSON("/v1/ratings?include_flagged=true", as: RatingsPage.self)
            #expect(page.ratings.map(\.seq) == [1, 2, 3])
            #expect(page.ratings.map(\.deviceID) == Array(repeating: CollectorFixture.deviceID, count: 3))
            #expect(page.ratings[2].flags == ["repeat"])
            #expect(page.ratings[0].site == "Điện lực Ba Đình")
            #expect(page.ratings[0].time == rating(1).time)
            #expect(page.ratings[0].receivedAt == "2023-11-14T22:15:23.456Z")
        }
    }

    @Test(arguments: Backend.allCases) func gzipBodyIsAccepted(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let body = try Gzip.compress(try WireCoding.encode(batch([rating(1), rating(2)])))
            let response = try await client.postBatch(body, secret: secret, encoding: "gzip")
            #expect(response.status == .ok)
            #expect(try response.decoded(UploadReply.self).ackedThrough == 2)
            #expect(try await client.getJSON("/v1/ratings?include_flagged=true", as: RatingsPage.self).ratings.count == 2)
        }
    }

    @Test(arguments: Backend.allCases) func replayedBatchChangesNothingAndGetsTheSameReply(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let sent = batch([rating(1), rating(2, score: 9), rating(3)])
            let first = try await client.postBatch(sent, secret: secret)
            let second = try await client.postBatch(sent, secret: secret)
            #expect(first.status == .ok)
            #expect(second.status == .ok)
            #expect(try first.decoded(UploadReply.self) == second.decoded(UploadReply.self))
            #expect(try await client.getJSON("/v1/ratings?include_flagged=true", as: RatingsPage.self).ratings.map(\.seq) == [1, 3])
            #expect(try await client.getJSON("/v1/conflicts", as: ConflictsPage.self).conflicts.count == 1)
        }
    }

    @Test(arguments: Backend.allCases) func sameKeyWithOtherContentIsSetAsideNotOverwritten(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            #expect(try await client.postBatch(batch([rating(1), rating(2, score: 5)]), secret: secret).status == .ok)
            // seq 2 again with another score, and seq 3 reusing the rating id of seq 1.
            let clash = batch([rating(2, score: 1), rating(3, id: "rating-1")])
            let response = try await client.postBatch(clash, secret: secret)
            #expect(response.status == .ok)
            let reply = try response.decoded(UploadReply.self)
            #expect(reply.ackedThrough == 3)
            #expect(reply.rejected.map(\.seq) == [2, 3])
            #expect(reply.rejected[0].reason == "conflict: seq 2 of store store-a already holds a different rating")
            #expect(reply.rejected[1].reason.contains("rating id rating-1 is already stored as seq 1"))

            let stored = try await client.getJSON("/v1/ratings?include_flagged=true", as: RatingsPage.self).ratings
            #expect(stored.map(\.seq) == [1, 2])
            #expect(stored[1].score == 5)
            let conflicts = try await client.getJSON("/v1/conflicts", as: ConflictsPage.self).conflicts
            #expect(conflicts.map(\.seq) == [2, 3])
            #expect(conflicts[0].received == rating(2, score: 1))
            #expect(conflicts[0].reason.hasPrefix("conflict:"))
        }
    }

    @Test(arguments: Backend.allCases) func invalidRecordIsSetAsideWhileTheOthersAreStored(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let response = try await client.postBatch(batch([rating(1), rating(2, score: 9), rating(3, flags: ["bogus"])]), secret: secret)
            #expect(response.status == .ok)
            let reply = try response.decoded(UploadReply.self)
            #expect(reply.ackedThrough == 3)
            #expect(reply.rejected.map(\.seq) == [2, 3])
            #expect(reply.rejected[0].reason.contains("score 9"))
            #expect(reply.rejected[1].reason.contains("unknown flag \"bogus\""))
            #expect(try await client.getJSON("/v1/ratings?include_flagged=true", as: RatingsPage.self).ratings.map(\.seq) == [1])
            #expect(try await client.getJSON("/v1/conflicts", as: ConflictsPage.self).conflicts.map(\.received?.score) == [9, 4])
        }
    }

    @Test(arguments: Backend.allCases) func ackedThroughStopsAtAGapAndMovesOnWhenItFills(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let gappy = try await client.postBatch(batch([rating(1), rating(2), rating(4)]), secret: secret)
            #expect(try gappy.decoded(UploadReply.self).ackedThrough == 2)
            let filled = try await client.postBatch(batch([rating(3)]), secret: secret)
            #expect(try filled.decoded(UploadReply.self).ackedThrough == 4)
            // Another store of the same device keeps its own count.
            let other = try await client.postBatch(batch([rating(1, id: "other-1")], storeID: "store-b"), secret: secret)
            #expect(try other.decoded(UploadReply.self) == UploadReply(storeID: "store-b", ackedThrough: 1, rejected: [], amendmentsAckedThrough: 0,
                                                                           unratedServicesAckedThrough: 0, deviceEventsAckedThrough: 0))
        }
    }

    @Test(arguments: Backend.allCases) func emptyBatchReportsTheCurrentWatermark(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            _ = try await client.postBatch(batch([rating(1), rating(2)]), secret: secret)
            let response = try await client.postBatch(batch([]), secret: secret)
            #expect(response.status == .ok)
            #expect(try response.decoded(UploadReply.self).ackedThrough == 2)
        }
    }
}
