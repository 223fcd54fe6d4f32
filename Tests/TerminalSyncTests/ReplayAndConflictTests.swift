import CollectorCore
import Foundation
import RatingWire
import TerminalSync
import Testing

/// Replays and same-key conflicts, posted with the real libcurl transport to the real collector.
struct ReplayAndConflictTests {
    let deviceID = "HN-BD-Q3"
    let secret = DeviceSecret.random()

    func batch(score: Int, id: String = "rating-1") -> UploadBatch {
        let time = WireTime(wallMillis: 1_700_000_000_000, bootID: "boot", monotonicNanos: 5, synced: true)
        return UploadBatch(deviceID: deviceID, storeID: "store-A", sentAt: time, queueDepth: 2, ratings: [
            WireRating(seq: 1, id: id, score: score, flags: [], site: "Ba Đình", counter: "Quầy 3", time: time),
            WireRating(seq: 2, id: id + "-b", score: 4, flags: ["repeat"], site: "Ba Đình", counter: "Quầy 3", time: time),
        ])
    }

    func post(_ batch: UploadBatch, to collector: TestCollector) async throws -> (HTTPResult, UploadReply?) {
        let body = try Gzip.compress(try WireCoding.encode(batch))
        let headers = [("Content-Type", "application/json"), ("Content-Encoding", "gzip"),
                       ("Authorization", BatchSignature.header(secret: secret, deviceID: deviceID, method: "POST", path: "/v1/batches", body: body))]
        let result = try await CurlTransport().post(url: collector.url + "/v1/batches", headers: headers, body: body)
        return (result, try? WireCoding.decode(UploadReply.self, from: result.body))
    }

    @Test func aReplayedBatchIsStoredOnceWithTheSameAnswer() async throws {
        let collector = try await TestCollector.start(devices: [deviceID: secret])
        defer { Task { await collector.stop() } }
        let (first, firstReply) = try await post(batch(score: 5), to: collector)
        let (second, secondReply) = try await post(batch(score: 5), to: collector)
        #expect(first.status == 200 && second.status == 200)
        #expect(firstReply == UploadReply(storeID: "store-A", ackedThrough: 2, rejected: [], amendmentsAckedThrough: 0, unratedServicesAckedThrough: 0,
                                         deviceEventsAckedThrough: 0))
        #expect(secondReply == firstReply)
        #expect(try await collector.storage.ratings(after: 0, limit: 10).count == 2)
    }

    @Test func theSameKeyWithOtherContentIsSetAsideReportedAndNotOverwritten() async throws {
        let collector = try await TestCollector.start(devices: [deviceID: secret])
        defer { Task { await collector.stop() } }
        _ = try await post(batch(score: 5), to: collector)
        let (result, reply) = try await post(batch(score: 1), to: collector)
        #expect(result.status == 200)
        #expect(reply?.ackedThrough == 2)
        #expect(reply?.rejected.map(\.seq) == [1])
        #expect(reply?.rejected.first?.reason.contains("conflict") == true)
        let held = try await collector.storage.ratings(after: 0, limit: 10)
        #expect(held.first { $0.rating.seq == 1 }?.rating.score.value == 5, "the first content is kept")
        let setAside = try await collector.storage.conflicts(after: 0, limit: 10)
        #expect(setAside.count == 1)
    }
}
