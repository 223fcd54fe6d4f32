import CollectorCore
import Foundation
import HummingbirdTesting
import RatingWire
import Testing

/// A self-test report from the fixture's device, made at `seq` seconds.
func deviceEvent(_ seq: Int64, kind: String = "selftest", detail: JSONValue = .object(["passed": .bool(true)])) -> WireDeviceEvent {
    WireDeviceEvent(seq: seq, kind: kind, detail: detail,
                    time: WireTime(wallMillis: 1_700_000_000_000 + seq * 1000, bootID: "boot-1", monotonicNanos: UInt64(seq) * 1_000_000_000, synced: true))
}

/// A batch from the fixture's device and store with only device events.
func eventBatch(_ events: [WireDeviceEvent]) -> UploadBatch {
    var value = batch([])
    value.deviceEvents = events
    return value
}

/// A batch as JSON text with one device event whose detail is `detail` exactly as written.
func rawEventBatch(detail: String) -> [UInt8] {
    Array("""
        {"device_id":"\(CollectorFixture.deviceID)","queue_depth":1,"ratings":[],"store_id":"\(CollectorFixture.storeID)","version":1,\
        "sent_at":{"boot_id":"b","mono_ns":42,"synced":true,"wall_ms":1700000000000},\
        "device_events":[{"seq":1,"kind":"selftest","detail":\(detail),"time":{"boot_id":"b","mono_ns":1,"synced":true,"wall_ms":1}}]}
        """.utf8)
}

@Suite("POST /v1/batches with device events, and GET /v1/device-events")
struct DeviceEventIngestTests {
    @Test(arguments: Backend.allCases) func eventsAreStoredOnceAcknowledgedOnTheirOwnCursorAndPulledWithTheirDetail(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        let report = JSONValue.object(["passed": .bool(false), "steps": .array([.object(["name": .string("display"), "ok": .bool(false)])])])
        try await fixture.withServer { client in
            let sent = eventBatch([deviceEvent(1, detail: report), deviceEvent(2)])
            let reply = try await client.postBatch(sent, secret: secret).decoded(UploadReply.self)
            #expect(reply == UploadReply(storeID: CollectorFixture.storeID, ackedThrough: 0, rejected: [], amendmentsAckedThrough: 0,
                                         unratedServicesAckedThrough: 0, deviceEventsAckedThrough: 2))
            let replay = try await client.postBatch(sent, secret: secret)
            #expect(try replay.decoded(UploadReply.self) == reply, "a replay adds nothing and answers the same")

            let page = try await client.getJSON("/v1/device-events", as: DeviceEventsPage.self)
            #expect(page.deviceEvents.map(\.seq) == [1, 2])
            let first = try #require(page.deviceEvents.first)
            #expect(first.deviceID == CollectorFixture.deviceID && first.storeID == CollectorFixture.storeID && first.kind == "selftest")
            #expect(first.detail == report && first.time == deviceEvent(1).time)
            #expect(first.receivedAt == "2023-11-14T22:15:23.456Z")
            let raw = try await client.execute(uri: "/v1/device-events?limit=1", method: .get).text
            #expect(raw.contains(#""detail":{"passed":false,"steps":[{"name":"display","ok":false}]}"#), "an object, not a string: \(raw)")
        }
        #expect(try await fixture.storage.storedCounts(deviceID: CollectorFixture.deviceID, storeID: CollectorFixture.storeID)
                == StoredCounts(ratings: 0, amendments: 0, unratedServices: 0, deviceEvents: 2))
        #expect(try await fixture.storage.conflicts(after: 0, limit: 10).isEmpty)
    }

    @Test(arguments: Backend.allCases) func theSameDetailWithItsKeysInAnotherOrderIsTheSameEvent(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        let (first, second) = (rawEventBatch(detail: #"{"b": 2, "a": [1, true]}"#), rawEventBatch(detail: #"{"a":[1,true],"b":2}"#))
        try await fixture.withServer { client in
            #expect(try await client.postBatch(first, secret: secret).status == .ok)
            let again = try await client.postBatch(second, secret: secret).decoded(UploadReply.self)
            #expect(again.rejectedDeviceEvents.isEmpty && again.deviceEventsAckedThrough == 1)
        }
        #expect(try await fixture.storage.conflicts(after: 0, limit: 10).isEmpty)
    }

    @Test(arguments: Backend.allCases) func theSameSeqWithOtherContentIsSetAsideListedAndNotOverwritten(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            _ = try await client.postBatch(eventBatch([deviceEvent(1)]), secret: secret)
            let clash = eventBatch([deviceEvent(1, detail: .object(["passed": .bool(false)])), deviceEvent(2)])
            let reply = try await client.postBatch(clash, secret: secret).decoded(UploadReply.self)
            #expect(reply.rejectedDeviceEvents.map(\.seq) == [1] && reply.deviceEventsAckedThrough == 2)
            #expect(reply.rejectedDeviceEvents.first?.reason.contains("conflict") == true)
            let held = try await client.getJSON("/v1/device-events", as: DeviceEventsPage.self).deviceEvents
            #expect(held.map(\.detail) == [.object(["passed": .bool(true)]), .object(["passed": .bool(true)])], "the first content stays")
            let conflicts = try await client.getJSON("/v1/conflicts", as: ConflictsPage.self).conflicts
            #expect(conflicts.map(\.kind) == ["device_event"] && conflicts.first?.received == nil)
            #expect(conflicts.first?.receivedJSON.contains(#""detail":{"passed":false}"#) == true)
        }
    }

    @Test(arguments: Backend.allCases) func anInvalidKindOrDetailSetsThatEventAsideAndTheOthersAreStored(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        let big = JSONValue.object(["log": .string(String(repeating: "x", count: 16 * 1024))])
        try await fixture.withServer { client in
            let sent = eventBatch([deviceEvent(1, kind: "Self-Test"), deviceEvent(2, detail: .string("{\"passed\":true}")),
                                   deviceEvent(3, detail: big), deviceEvent(4, kind: String(repeating: "k", count: 41)), deviceEvent(5)])
            let reply = try await client.postBatch(sent, secret: secret).decoded(UploadReply.self)
            #expect(reply.rejectedDeviceEvents.map(\.seq) == [1, 2, 3, 4] && reply.deviceEventsAckedThrough == 5)
            let reasons = reply.rejectedDeviceEvents.map(\.reason)
            #expect(reasons[0].contains("a-z, 0-9 and _") && reasons[1].contains("JSON object") && reasons[2].contains("bytes")
                    && reasons[3].contains("1 to 40"), "\(reasons)")
            #expect(try await client.getJSON("/v1/device-events", as: DeviceEventsPage.self).deviceEvents.map(\.seq) == [5])
        }
    }

    @Test(arguments: Backend.allCases) func pagesFollowTheCursorAndOutOfOrderEventsAreMalformed(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            _ = try await client.postBatch(eventBatch((1...5).map { deviceEvent($0) }), secret: secret)
            let first = try await client.getJSON("/v1/device-events?limit=2", as: DeviceEventsPage.self)
            #expect(first.deviceEvents.map(\.seq) == [1, 2] && first.nextCursor == first.deviceEvents[1].cursor)
            let second = try await client.getJSON("/v1/device-events?after=\(first.nextCursor)&limit=2", as: DeviceEventsPage.self)
            #expect(second.deviceEvents.map(\.seq) == [3, 4])
            let third = try await client.getJSON("/v1/device-events?after=\(second.nextCursor)&limit=2", as: DeviceEventsPage.self)
            #expect(third.deviceEvents.map(\.seq) == [5])
            let end = try await client.getJSON("/v1/device-events?after=\(third.nextCursor)", as: DeviceEventsPage.self)
            #expect(end.deviceEvents.isEmpty && end.nextCursor == third.nextCursor)
            #expect(try await client.execute(uri: "/v1/device-events?limit=0", method: .get).status == .badRequest)

            let response = try await client.postBatch(eventBatch([deviceEvent(7), deviceEvent(6)]), secret: secret)
            #expect(response.status == .unprocessableContent)
            #expect(try response.errorReason().contains("device_events must be in strictly increasing seq order"))
        }
    }
}
