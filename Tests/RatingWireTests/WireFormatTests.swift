import RatingCore
import RatingWire
import Testing

struct WireFormatTests {
    @Test func keysOnTheWireAreSnakeCaseAndStable() throws {
        let time = WireTime(wallMillis: 1_700_000_000_000, bootID: "b", monotonicNanos: 42, synced: false)
        let batch = UploadBatch(deviceID: "D", storeID: "S", sentAt: time, queueDepth: 1,
                                ratings: [WireRating(seq: 1, id: "r", score: 5, flags: ["repeat"], site: "s", counter: "c", time: time)])
        let json = String(decoding: try WireCoding.encode(batch), as: UTF8.self)
        #expect(json == """
            {"device_id":"D","queue_depth":1,"ratings":[{"counter":"c","flags":["repeat"],"id":"r","score":5,"seq":1,"site":"s",\
            "time":{"boot_id":"b","mono_ns":42,"synced":false,"wall_ms":1700000000000}}],"sent_at":{"boot_id":"b","mono_ns":42,\
            "synced":false,"wall_ms":1700000000000},"store_id":"S","version":1}
            """)
        #expect(try WireCoding.decode(UploadBatch.self, from: Array(json.utf8)) == batch)
    }

    @Test func aStoredRatingMapsToTheWire() throws {
        let time = DeviceTime(wallMillis: 5, bootID: "boot", monotonicNanos: 7, clockSynced: true)
        let rating = Rating(storeID: "S", seq: 9, id: "id", score: try #require(Score(2)), flags: [.repeat],
                            placement: Placement(deviceID: "D", site: "Ba Đình", counter: "Quầy 3"), time: time)
        let wire = WireRating(rating)
        #expect(wire == WireRating(seq: 9, id: "id", score: 2, flags: ["repeat"], site: "Ba Đình", counter: "Quầy 3",
                                   time: WireTime(wallMillis: 5, bootID: "boot", monotonicNanos: 7, synced: true)))
        #expect(wire.time.deviceTime == time)
    }
}
