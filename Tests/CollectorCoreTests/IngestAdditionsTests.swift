import CollectorCore
import Foundation
import HummingbirdTesting
import RatingWire
import Testing

/// A batch from the fixture's device and store with amendments and unrated services.
func fullBatch(_ ratings: [WireRating], amendments: [WireAmendment] = [], services: [WireUnratedService] = []) -> UploadBatch {
    var value = batch(ratings)
    value.amendments = amendments
    value.unratedServices = services
    return value
}

func amendment(_ seq: Int64, rating: Int64, _ kind: String = "reason", _ value: String = "waiting_time") -> WireAmendment {
    WireAmendment(seq: seq, ratingSeq: rating, kind: kind, value: value,
                  time: WireTime(wallMillis: 1_700_000_050_000 + seq, bootID: "boot-1", monotonicNanos: 50_000_000_000, synced: true))
}

func unrated(_ seq: Int64, ticket: String? = "A018", staff: String? = "nv07") -> WireUnratedService {
    WireUnratedService(seq: seq, ticket: ticket, staff: staff,
                       openedAt: WireTime(wallMillis: 1_700_000_020_000, bootID: "boot-1", monotonicNanos: 20_000_000_000, synced: true),
                       closedAt: WireTime(wallMillis: 1_700_000_050_000, bootID: "boot-1", monotonicNanos: 50_000_000_000, synced: true))
}

/// A rating in a rating window of ticket A017 served by nv07.
func windowRating(_ seq: Int64, score: Int = 2, flags: [String] = []) -> WireRating {
    var value = rating(seq, score: score, flags: flags)
    value.window = WireWindow(ticket: "A017", staff: "nv07",
                              openedAt: WireTime(wallMillis: 1_700_000_000_000, bootID: "boot-1", monotonicNanos: 0, synced: true))
    return value
}

@Suite("POST /v1/batches with amendments and unrated services")
struct IngestAdditionsTests {
    @Test(arguments: Backend.allCases) func eachKindIsStoredOnceAndAcknowledgedOnItsOwnCursor(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let sent = fullBatch([windowRating(1)], amendments: [amendment(1, rating: 1)], services: [unrated(1), unrated(2, ticket: nil)])
            let first = try await client.postBatch(sent, secret: secret)
            #expect(first.status == .ok)
            let reply = try first.decoded(UploadReply.self)
            #expect(reply == UploadReply(storeID: CollectorFixture.storeID, ackedThrough: 1, rejected: [], amendmentsAckedThrough: 1,
                                         unratedServicesAckedThrough: 2, deviceEventsAckedThrough: 0))
            let replay = try await client.postBatch(sent, secret: secret)
            #expect(try replay.decoded(UploadReply.self) == reply, "a replay adds nothing and answers the same")
            let ratings = try await client.getJSON("/v1/ratings?include_flagged=true", as: RatingsPage.self).ratings
            #expect(ratings.count == 1)
            #expect(ratings.first?.ticket == "A017" && ratings.first?.staff == "nv07" && ratings.first?.reason == "waiting_time")
            #expect(ratings.first?.windowOpenedAt?.monotonicNanos == 0)
            let services = try await client.getJSON("/v1/services", as: ServicesPage.self)
            #expect(services.unratedServices.map(\.seq) == [1, 2])
            #expect(services.unratedServices.map(\.ticket) == ["A018", nil])
        }
        #expect(try await fixture.storage.conflicts(after: 0, limit: 10).isEmpty)
    }

    @Test(arguments: Backend.allCases) func theSameKeyWithOtherContentIsAConflictForEachKind(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            _ = try await client.postBatch(fullBatch([windowRating(1)], amendments: [amendment(1, rating: 1)], services: [unrated(1)]),
                                           secret: secret)
            let clash = fullBatch([], amendments: [amendment(1, rating: 1, "reason", "procedure")], services: [unrated(1, ticket: "B999")])
            let reply = try await client.postBatch(clash, secret: secret).decoded(UploadReply.self)
            #expect(reply.rejectedAmendments.map(\.seq) == [1] && reply.rejectedUnratedServices.map(\.seq) == [1])
            #expect(reply.amendmentsAckedThrough == 1 && reply.unratedServicesAckedThrough == 1)
            let page = try await client.getJSON("/v1/ratings", as: RatingsPage.self)
            #expect(page.ratings.first?.reason == "waiting_time", "the first content stays")
            let conflicts = try await client.getJSON("/v1/conflicts", as: ConflictsPage.self).conflicts
            #expect(Set(conflicts.map(\.kind)) == ["amendment", "unrated_service"])
            #expect(conflicts.allSatisfy { $0.received == nil && $0.receivedJSON.contains("\"seq\":1") })
        }
    }

    @Test(arguments: Backend.allCases) func anUnknownReasonIsSetAsideAndTheOthersAreStored(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let sent = fullBatch([rating(1)], amendments: [amendment(1, rating: 1, "reason", "weather"), amendment(2, rating: 1, "flag", "burst")])
            let reply = try await client.postBatch(sent, secret: secret).decoded(UploadReply.self)
            #expect(reply.rejectedAmendments.map(\.seq) == [1] && reply.amendmentsAckedThrough == 2)
            let flagged = try await client.getJSON("/v1/ratings?include_flagged=true", as: RatingsPage.self).ratings
            #expect(flagged.first?.flags == ["burst"] && flagged.first?.reason == nil)
        }
    }

    @Test(arguments: Backend.allCases) func aFirstVersionBatchIsStillAccepted(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        let json = """
            {"device_id":"\(CollectorFixture.deviceID)","queue_depth":1,"ratings":[{"counter":"c","flags":[],"id":"old-1","score":5,\
            "seq":1,"site":"s","time":{"boot_id":"b","mono_ns":42,"synced":true,"wall_ms":1700000000000}}],\
            "sent_at":{"boot_id":"b","mono_ns":42,"synced":true,"wall_ms":1700000000000},"store_id":"\(CollectorFixture.storeID)","version":1}
            """
        try await fixture.withServer { client in
            let response = try await client.postBatch(Array(json.utf8), secret: secret)
            #expect(response.status == .ok)
            #expect(try response.decoded(UploadReply.self).ackedThrough == 1)
            let page = try await client.getJSON("/v1/ratings", as: RatingsPage.self)
            #expect(page.ratings.map(\.id) == ["old-1"] && page.ratings[0].ticket == nil && page.ratings[0].reason == nil)
        }
    }

    @Test(arguments: Backend.allCases) func outOfOrderAmendmentsAreMalformed(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let response = try await client.postBatch(fullBatch([], amendments: [amendment(2, rating: 1), amendment(1, rating: 1)]), secret: secret)
            #expect(response.status == .unprocessableContent)
            #expect(try response.errorReason().contains("amendments must be in strictly increasing seq order"))
        }
    }
}
