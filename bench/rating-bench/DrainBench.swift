import CollectorCore
import Foundation
import Logging
import RatingCore
import RatingWire
import TerminalApp
import TerminalHardware
import TerminalStore
import TerminalSync

/// Draining a backlog into the loopback collector: the real store, uploader, libcurl and collector.
enum DrainBench {
    struct Result {
        var ratings: Int
        var seconds: Double
        var requests: Int
        var bytesSent: Int
    }

    static func run(folder: String, backlog: Int) async throws -> Result {
        let storage = try SQLiteCollectorStorage(path: folder + "/collector.sqlite")
        let secret = DeviceSecret.random()
        try await storage.addDevice(id: "bench", secret: secret, addedAtMillis: 0)
        let (addresses, addressSink) = AsyncStream<ListeningAddress>.makeStream()
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        // Why critical: cancelling the server task at the end makes HummingbirdCore log its
        // shutdown ("Waiting on child channel: CancellationError") at error level, which is noise here.
        var collectorLogger = logger
        collectorLogger.logLevel = .critical
        // No per-device rate limit: this measures how fast one terminal drains a backlog, which the
        // production limit (1 batch/s after a burst of 10) would cap instead.
        let app = buildCollectorApplication(settings: CollectorSettings(port: 0, deviceRateLimit: nil), storage: storage, logger: collectorLogger,
                                            onServerRunning: { addressSink.yield($0) })
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        var iterator = addresses.makeAsyncIterator()
        guard let address = await iterator.next() else { throw BenchError("the collector did not start") }

        let store = try RatingStore(path: folder + "/drain.sqlite")
        let clock = SystemDeviceClock()
        let placement = Placement(deviceID: "bench", site: "Điện lực Ba Đình", counter: "Quầy 3")
        var filled = 0
        while filled < backlog {
            let count = min(10_000, backlog - filled)
            let drafts = (0..<count).map { index in
                RatingDraft(score: Score((filled + index) % 5 + 1) ?? Score.all[0], flags: [], time: clock.now())
            }
            _ = try await store.appendAll(drafts, placement: placement)
            filled += count
        }
        let queue = StoreUploadQueue(store: store, clock: clock)
        let uploader = Uploader(settings: UploaderSettings(collectorURL: address.url, deviceID: "bench", secret: secret,
                                                           startupDelayMax: .zero),
                                queue: queue, transport: try CurlTransport(), clock: clock, logger: logger)
        let start = ContinuousClock.now
        let uploading = Task { await uploader.run() }
        var requests = 0
        var bytes = 0
        for await report in uploader.attempts {
            requests += 1
            bytes += report.bytesSent
            guard report.succeeded else { throw BenchError("upload failed: \(report.summary)") }
            if try await store.unsentCount() == 0 { break }
        }
        let elapsed = ContinuousClock.now - start
        uploading.cancel()
        return Result(ratings: backlog, seconds: elapsed.secondsDouble, requests: requests, bytesSent: bytes)
    }
}
