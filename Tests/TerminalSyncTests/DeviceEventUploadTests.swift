import CollectorCore
import Foundation
import Logging
import RatingCore
import RatingWire
import TerminalApp
import TerminalStore
import TerminalSync
import Testing

/// A self-test report through the real store, the real uploader (libcurl) and the real collector.
struct DeviceEventUploadTests {
    let deviceID = "HN-BD-Q3"
    let secret = DeviceSecret.random()
    let clock = FakeClock()

    @Test func aRecordedEventArrivesExactlyOnceAfterTheRatingsAndTheCursorAdvances() async throws {
        let collector = try await TestCollector.start(devices: [deviceID: secret])
        defer { Task { await collector.stop() } }
        let store = try RatingStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString).sqlite").path)
        let placement = Placement(deviceID: deviceID, site: "Ba Đình", counter: "Quầy 3")
        _ = try await store.appendAll((1...3).map { RatingDraft(score: Score($0) ?? Score.all[0], flags: [], time: clock.now()) }, placement: placement)
        let detail = #"{"passed": false, "steps": [{"name": "display", "ok": false, "note": "row 2 dark"}]}"#
        let event = try await store.recordDeviceEvent(DeviceEvent(kind: "selftest", detail: detail, time: clock.now()))
        #expect(try await store.unsentRecordCount() == 4)

        // Batches of 2: the ratings fill the first two, the event rides in the second, after the third rating.
        let settings = UploaderSettings(collectorURL: collector.url, deviceID: deviceID, secret: secret, idleInterval: .seconds(60),
                                        startupDelayMax: .zero, maxBatch: 2, backoff: Backoff(base: .milliseconds(20), cap: .milliseconds(200)))
        var logger = Logger(label: "uploader")
        logger.logLevel = .critical
        let uploader = Uploader(settings: settings, queue: StoreUploadQueue(store: store, clock: clock), transport: try CurlTransport(),
                                clock: clock, logger: logger)
        let task = Task { await uploader.run() }
        defer { task.cancel() }
        for await report in uploader.attempts where report.succeeded && report.remaining == 0 { break }

        #expect(try await store.unsentRecordCount() == 0)
        #expect(try await store.ackedThroughOthers().deviceEvents == event.seq)
        #expect(try await store.status().unsentDeviceEvents == 0)
        #expect(try await store.latestDeviceEvent(kind: "selftest") == event, "still on the device for the status line")
        let held = try await collector.storage.deviceEvents(after: 0, limit: 10)
        #expect(held.count == 1)
        let stored = try #require(held.first)
        #expect(stored.deviceID == deviceID && stored.record.storeID == store.storeID && stored.record.seq == event.seq)
        #expect(stored.record.event.kind == "selftest" && stored.record.event.time == event.event.time)
        #expect(try JSONValue(parsing: stored.record.event.detail) == JSONValue(parsing: detail), "the same report, re-spaced")
        #expect(try await collector.storage.storedCounts(deviceID: deviceID, storeID: store.storeID)
                == StoredCounts(ratings: 3, amendments: 0, unratedServices: 0, deviceEvents: 1))
    }
}
