import RatingCore
import RatingWire
import Testing

/// Device events on the wire and in the export file; batches, replies and files without them still read.
struct DeviceEventWireTests {
    let time = WireTime(wallMillis: 1_700_000_000_000, bootID: "b", monotonicNanos: 42, synced: true)
    let detail = JSONValue.object(["passed": .bool(false), "steps": .array([.object(["name": .string("buttons"), "pressed": .integer(5)])]),
                                   "volts": .number(4.95), "note": .null])

    @Test func aBatchWithDeviceEventsRoundTripsWithTheDetailEmbeddedAsAnObject() throws {
        let batch = UploadBatch(deviceID: "D", storeID: "S", sentAt: time, queueDepth: 1, ratings: [],
                                deviceEvents: [WireDeviceEvent(seq: 1, kind: "selftest", detail: detail, time: time)])
        let json = String(decoding: try WireCoding.encode(batch), as: UTF8.self)
        #expect(json.contains(#""device_events":[{"detail":{"note":null,"passed":false,"steps":[{"name":"buttons","pressed":5}],"volts":4.95},"kind":"selftest","seq":1,"time":{"#),
                "\(json)")
        #expect(try WireCoding.decode(UploadBatch.self, from: Array(json.utf8)) == batch)
        #expect(batch.recordCount == 1)
    }

    @Test func aBatchWithoutDeviceEventsLeavesTheKeyOutAndReadsAsEmpty() throws {
        let batch = UploadBatch(deviceID: "D", storeID: "S", sentAt: time, queueDepth: 0, ratings: [])
        let json = String(decoding: try WireCoding.encode(batch), as: UTF8.self)
        #expect(!json.contains("device_events"))
        #expect(try WireCoding.decode(UploadBatch.self, from: Array(json.utf8)).deviceEvents.isEmpty)
    }

    @Test func theReplyCarriesTheDeviceEventCursorAndOlderRepliesLeaveItUnsaid() throws {
        let old = try WireCoding.decode(UploadReply.self, from: Array(#"{"acked_through":3,"rejected":[],"store_id":"S","unrated_services_acked_through":1}"#.utf8))
        #expect(old.deviceEventsAckedThrough == nil && old.rejectedDeviceEvents.isEmpty)
        let full = UploadReply(storeID: "S", ackedThrough: 3, rejected: [], deviceEventsAckedThrough: 4,
                               rejectedDeviceEvents: [RejectedRecord(seq: 4, reason: "detail must be a JSON object")])
        let json = String(decoding: try WireCoding.encode(full), as: UTF8.self)
        #expect(json.contains(#""device_events_acked_through":4"#) && json.contains(#""rejected_device_events":[{"reason""#))
        #expect(try WireCoding.decode(UploadReply.self, from: Array(json.utf8)) == full)
    }

    @Test func aStoredEventMapsToTheWireWithItsDetailParsed() throws {
        let device = DeviceTime(wallMillis: 5, bootID: "boot", monotonicNanos: 7, clockSynced: false)
        let record = DeviceEventRecord(storeID: "S", seq: 2, event: DeviceEvent(kind: "selftest", detail: #"{ "b": [1, 2.5], "a": true }"#, time: device))
        let wire = WireDeviceEvent(record)
        #expect(wire == WireDeviceEvent(seq: 2, kind: "selftest", detail: .object(["a": .bool(true), "b": .array([.integer(1), .number(2.5)])]),
                                        time: WireTime(device)))
        #expect(try wire.detail.text() == #"{"a":true,"b":[1,2.5]}"#, "compact, keys sorted")
        var broken = record
        broken.event.detail = "not json"
        #expect(WireDeviceEvent(broken).detail == .string("not json"), "travels as a string, for the collector to set aside")
    }

    @Test func jsonValuesKeepBooleansWholeNumbersAndTextApart() throws {
        let parsed = try JSONValue(parsing: #"[true, 0, 1, -9223372036854775808, 1.5, 1e300, "1", null, {}, []]"#)
        #expect(parsed == .array([.bool(true), .integer(0), .integer(1), .integer(.min), .number(1.5), .number(1e300), .string("1"), .null,
                                  .object([:]), .array([])]))
        #expect(try JSONValue(parsing: try parsed.text()) == parsed)
        #expect(try JSONValue(parsing: #"{"a":"Quầy 3 ✓"}"#).text() == #"{"a":"Quầy 3 ✓"}"#)
        #expect(throws: (any Error).self) { try JSONValue(parsing: "{") }
    }

    @Test func anExportCarriesDeviceEventsAndCountsThem() throws {
        let secret = DeviceSecret.random()
        var writer = ExportWriter(header: ExportHeader(deviceID: "D", storeID: "S", exportedAt: time, sinceWallMillis: nil))
        var bytes = try writer.headerLine()
        let event = WireDeviceEvent(seq: 1, kind: "selftest", detail: detail, time: time)
        bytes += try writer.line(.deviceEvent(event))
        bytes += try writer.endLine(secret: secret)
        #expect(writer.counts == (ratings: 0, amendments: 0, unratedServices: 0, deviceEvents: 1))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#"{"device_event":{"detail":{"#) && text.contains(#""device_events":1"#), "\(text)")
        let parsed = try ParsedExport(bytes: bytes)
        #expect(parsed.isSigned(by: secret) && parsed.records == [.deviceEvent(event)])
        #expect(parsed.batches().map(\.deviceEvents) == [[event]])
    }

    @Test func anEndLineWithoutTheDeviceEventCountReadsAsNone() throws {
        let trailer = try WireCoding.decode(ExportTrailer.self, from: Array(#"{"amendments":0,"ratings":1,"signature":"ab","unrated_services":0}"#.utf8))
        #expect(trailer == ExportTrailer(ratings: 1, amendments: 0, unratedServices: 0, deviceEvents: 0, signature: "ab"))
    }
}
