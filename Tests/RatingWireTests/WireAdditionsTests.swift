import RatingCore
import RatingWire
import Testing

/// Windows, amendments and unrated services on the wire; old batches and replies still read.
struct WireAdditionsTests {
    let time = WireTime(wallMillis: 1_700_000_000_000, bootID: "b", monotonicNanos: 42, synced: true)

    @Test func theNewArraysRoundTripWithSnakeCaseKeys() throws {
        let batch = UploadBatch(deviceID: "D", storeID: "S", sentAt: time, queueDepth: 3,
                                ratings: [WireRating(seq: 1, id: "r", score: 2, flags: [], site: "s", counter: "c", time: time,
                                                     window: WireWindow(ticket: "A017", staff: "nv07", openedAt: time))],
                                amendments: [WireAmendment(seq: 1, ratingSeq: 1, kind: "reason", value: "waiting_time", time: time)],
                                unratedServices: [WireUnratedService(seq: 1, ticket: "A018", staff: nil, openedAt: time, closedAt: time)])
        let json = String(decoding: try WireCoding.encode(batch), as: UTF8.self)
        for key in ["\"window\":{\"opened_at\":", "\"ticket\":\"A017\"", "\"amendments\":[{\"kind\":\"reason\",\"rating_seq\":1,",
                    "\"unrated_services\":[{\"closed_at\":"] {
            #expect(json.contains(key), "\(key) in \(json)")
        }
        #expect(try WireCoding.decode(UploadBatch.self, from: Array(json.utf8)) == batch)
    }

    @Test func aFirstVersionBatchDecodesWithEmptyArrays() throws {
        let json = """
            {"device_id":"D","queue_depth":1,"ratings":[{"counter":"c","flags":[],"id":"r","score":5,"seq":1,"site":"s",\
            "time":{"boot_id":"b","mono_ns":42,"synced":true,"wall_ms":1700000000000}}],"sent_at":{"boot_id":"b","mono_ns":42,\
            "synced":true,"wall_ms":1700000000000},"store_id":"S","version":1}
            """
        let batch = try WireCoding.decode(UploadBatch.self, from: Array(json.utf8))
        #expect(batch.amendments.isEmpty && batch.unratedServices.isEmpty && batch.ratings[0].window == nil)
        #expect(batch.recordCount == 1)
    }

    @Test func aFirstVersionReplyLeavesTheNewCursorsUnsaid() throws {
        let reply = try WireCoding.decode(UploadReply.self, from: Array(#"{"acked_through":3,"rejected":[],"store_id":"S"}"#.utf8))
        #expect(reply.amendmentsAckedThrough == nil && reply.unratedServicesAckedThrough == nil && reply.rejectedAmendments.isEmpty)
        let full = UploadReply(storeID: "S", ackedThrough: 3, rejected: [], amendmentsAckedThrough: 2,
                               rejectedAmendments: [RejectedRecord(seq: 2, reason: "conflict")], unratedServicesAckedThrough: 1)
        #expect(try WireCoding.decode(UploadReply.self, from: try WireCoding.encode(full)) == full)
    }

    @Test func storedRecordsMapToTheWireAndBack() throws {
        let device = DeviceTime(wallMillis: 5, bootID: "boot", monotonicNanos: 7, clockSynced: true)
        let service = ServiceRecord(ticket: "A1", staff: "nv1", openedAt: device)
        let rating = Rating(storeID: "S", seq: 3, id: "id", score: try #require(Score(4)), flags: [],
                            placement: Placement(deviceID: "D", site: "s", counter: "c"), time: device, service: service)
        #expect(WireRating(rating).window?.serviceRecord == service)
        let amendment = RatingAmendment(storeID: "S", seq: 2, ratingSeq: 3, change: .flag(.burst), time: device)
        #expect(WireAmendment(amendment) == WireAmendment(seq: 2, ratingSeq: 3, kind: "flag", value: "burst", time: WireTime(device)))
        #expect(AmendmentChange(kind: "reason", value: "staff_attitude") == .reason(.staffAttitude))
        #expect(AmendmentChange(kind: "flag", value: "nonsense") == nil && AmendmentChange(kind: "colour", value: "burst") == nil)
        let unrated = UnratedServiceRecord(storeID: "S", seq: 1, service: service, closedAt: device)
        #expect(WireUnratedService(unrated) == WireUnratedService(seq: 1, ticket: "A1", staff: "nv1", openedAt: WireTime(device),
                                                                  closedAt: WireTime(device)))
    }
}
