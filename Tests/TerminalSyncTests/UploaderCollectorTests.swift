import CollectorCore
import Foundation
import GRDB
import Logging
import RatingCore
import RatingWire
import TerminalApp
import TerminalStore
import TerminalSync
import Testing

/// The real uploader (libcurl) and the real SQLite store against the real collector on 127.0.0.1.
struct UploaderCollectorTests {
    let deviceID = "HN-BD-Q3"
    let secret = DeviceSecret.random()
    let clock = FakeClock()

    func filledStore(_ count: Int) async throws -> RatingStore {
        let store = try RatingStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("terminal-\(UUID().uuidString).sqlite").path)
        let placement = Placement(deviceID: deviceID, site: "Điện lực Ba Đình", counter: "Quầy 3")
        let drafts = (0..<count).map { RatingDraft(score: Score($0 % 5 + 1) ?? Score.all[0], flags: [], time: clock.now()) }
        _ = try await store.appendAll(drafts, placement: placement)
        return store
    }

    func uploader(_ store: RatingStore, url: String, secret: DeviceSecret? = nil) throws -> (Uploader, StoreUploadQueue) {
        let queue = StoreUploadQueue(store: store, clock: clock)
        let settings = UploaderSettings(collectorURL: url, deviceID: deviceID, secret: secret ?? self.secret, idleInterval: .seconds(60),
                                        startupDelayMax: .zero, backoff: Backoff(base: .milliseconds(20), cap: .milliseconds(200)))
        var logger = Logger(label: "uploader")
        logger.logLevel = .critical
        let transport = try CurlTransport(settings: CurlSettings(connectTimeout: .seconds(2), totalTimeout: .seconds(10)))
        return (Uploader(settings: settings, queue: queue, transport: transport, clock: clock, logger: logger), queue)
    }

    /// Runs the uploader until `done` says so about an attempt; returns every attempt.
    func upload(_ uploader: Uploader, until done: @escaping (UploadReport, [UploadReport]) async throws -> Bool) async throws -> [UploadReport] {
        let task = Task { await uploader.run() }
        defer { task.cancel() }
        var reports: [UploadReport] = []
        for await report in uploader.attempts {
            reports.append(report)
            if try await done(report, reports) { break }
        }
        return reports
    }

    @Test func uploadsEverythingExactlyOnce() async throws {
        let collector = try await TestCollector.start(devices: [deviceID: secret])
        defer { Task { await collector.stop() } }
        let store = try await filledStore(1_200)
        let (uploader, _) = try uploader(store, url: collector.url)
        _ = try await upload(uploader) { _, _ in try await store.unsentCount() == 0 }
        let held = try await collector.storage.ratings(after: 0, limit: 5_000)
        let sent = try await store.status()
        #expect(held.count == 1_200)
        #expect(Set(held.map(\.rating.id)).count == 1_200)
        #expect(held.map(\.rating.seq) == Array(1...1_200))
        #expect(sent.ackedThrough == 1_200 && sent.lastResult == "acknowledged through 1200")
    }

    @Test func collectorDownThenUp() async throws {
        // Held (bound, not listening) until the collector starts: refused meanwhile, and no server
        // started by a test running in parallel can take it.
        let reserved = try ReservedLoopbackPort()
        let port = reserved.port
        let store = try await filledStore(5)
        let (uploader, _) = try uploader(store, url: "http://127.0.0.1:\(port)")
        let collectorStarted = CollectorBox()
        let reports = try await upload(uploader) { report, all in
            if all.count == 3 && !report.succeeded {
                reserved.release()
                await collectorStarted.set(try await TestCollector.start(port: port, devices: [deviceID: secret]))
            }
            return report.succeeded
        }
        defer { Task { await collectorStarted.value?.stop() } }
        #expect(reports.prefix(3).allSatisfy { !$0.succeeded && $0.httpStatus == nil }, "refused while down: \(reports.map(\.summary))")
        #expect(reports.first?.summary.contains("Couldn't connect") == true || reports.first?.summary.contains("refused") == true)
        #expect(reports.last?.succeeded == true)
        #expect(try await store.unsentCount() == 0)
        #expect(try await collectorStarted.value?.storage.ratings(after: 0, limit: 100).count == 5)
    }

    @Test func busyCollectorAnswers503WithRetryAfterAndTheUploaderWaits() async throws {
        let collector = try await TestCollector.start(settings: CollectorSettings(busyTimeout: .milliseconds(200), retryAfterSeconds: 1),
                                                      devices: [deviceID: secret])
        defer { Task { await collector.stop() } }
        // Another connection holds the write lock: the collector cannot commit.
        let blocker = try DatabaseQueue(path: collector.databasePath)
        let locked = LockHolder(blocker)
        try await locked.lock()
        let store = try await filledStore(3)
        let (uploader, _) = try uploader(store, url: collector.url)
        let clock = ContinuousClock()
        var firstBusyAt: ContinuousClock.Instant?
        let reports = try await upload(uploader) { report, _ in
            if report.httpStatus == 503 && firstBusyAt == nil {
                firstBusyAt = clock.now
                try await locked.unlock()
            }
            return report.succeeded
        }
        let waited = try #require(firstBusyAt).duration(to: clock.now)
        #expect(reports.first?.httpStatus == 503)
        #expect(reports.last?.succeeded == true)
        #expect(waited >= .milliseconds(900), "Retry-After: 1 was honoured (waited \(waited))")
        #expect(try await collector.storage.ratings(after: 0, limit: 10).count == 3)
    }

    @Test func wrongSecretIs401AndNothingIsStoredOrDropped() async throws {
        let collector = try await TestCollector.start(devices: [deviceID: secret])
        defer { Task { await collector.stop() } }
        let store = try await filledStore(4)
        let (uploader, _) = try uploader(store, url: collector.url, secret: DeviceSecret.random())
        let reports = try await upload(uploader) { _, all in all.count == 3 }
        #expect(reports.allSatisfy { $0.httpStatus == 401 })
        #expect(try await collector.storage.ratings(after: 0, limit: 10).isEmpty)
        #expect(try await store.unsentCount() == 4, "the terminal keeps every rating")
    }

    @Test func bodyOverTheLimitIs413AndTheUploaderShrinksItsBatches() async throws {
        let collector = try await TestCollector.start(settings: CollectorSettings(maxBodyBytes: 3_000), devices: [deviceID: secret])
        defer { Task { await collector.stop() } }
        let store = try await filledStore(300)
        let (uploader, _) = try uploader(store, url: collector.url)
        let reports = try await upload(uploader) { _, _ in try await store.unsentCount() == 0 }
        #expect(reports.first?.httpStatus == 413)
        #expect(reports.contains { $0.succeeded })
        #expect(try await collector.storage.ratings(after: 0, limit: 1_000).count == 300)
    }
}

/// Holds a collector started from inside a callback.
actor CollectorBox {
    var value: TestCollector?
    func set(_ collector: TestCollector) { value = collector }
}

/// Holds SQLite's write lock on the collector database from a second connection.
actor LockHolder {
    let database: DatabaseQueue
    private var holding: Task<Void, any Error>?
    /// Released by unlock(); a semaphore because GRDB's closure is synchronous and runs on GRDB's own thread.
    nonisolated let gate = DispatchSemaphore(value: 0)

    init(_ database: DatabaseQueue) { self.database = database }

    func lock() async throws {
        let (acquired, signal) = AsyncStream<Void>.makeStream()
        let gate = self.gate
        holding = Task {
            try await database.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN EXCLUSIVE")
                signal.yield()
                gate.wait()
                try db.execute(sql: "ROLLBACK")
            }
        }
        var iterator = acquired.makeAsyncIterator()
        _ = await iterator.next()
    }

    func unlock() async throws {
        gate.signal()
        try await holding?.value
    }
}
