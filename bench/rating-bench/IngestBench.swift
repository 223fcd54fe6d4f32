import CollectorCore
import Foundation
import Logging
import RatingWire
import TerminalSync

/// Ingest through the real collector: every request of an ``IngestWorkload`` posted by `clients`
/// concurrent libcurl clients (each keeps its connection, like a terminal) to one or more
/// collector instances on 127.0.0.1 that share one database.
enum IngestBench {
    struct Result {
        var ratings: Int
        var seconds: Double
        /// One per request, nanoseconds from send to the 200.
        var latencies: [UInt64]

        var ratingsPerSecond: Double { Double(ratings) / seconds }
    }

    /// Hands out request indices to the clients.
    actor Queue {
        private var next = 0
        private let count: Int
        init(count: Int) { self.count = count }
        func take() -> Int? {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    /// Registers the workload's devices in `storages[0]`, starts one collector per storage, posts everything.
    static func run(_ workload: IngestWorkload, storages: [any CollectorStorage], clients: Int) async throws -> Result {
        for device in workload.secrets {
            try await storages[0].addDevice(id: device.id, secret: device.secret, addedAtMillis: 0)
        }
        var collectorLogger = Logger(label: "bench")
        // Why critical: cancelling the server task at the end makes HummingbirdCore log its shutdown at error level.
        collectorLogger.logLevel = .critical
        var servers: [Task<Void, any Error>] = []
        defer { servers.forEach { $0.cancel() } }
        var urls: [String] = []
        for storage in storages {
            let (addresses, sink) = AsyncStream<ListeningAddress>.makeStream()
            // The production settings, rate limit included (each terminal sends fewer batches than the burst).
            let app = buildCollectorApplication(settings: CollectorSettings(port: 0), storage: storage, logger: collectorLogger,
                                                onServerRunning: { sink.yield($0) })
            servers.append(Task { try await app.runService(gracefulShutdownSignals: []) })
            var iterator = addresses.makeAsyncIterator()
            guard let address = await iterator.next() else { throw BenchError("a collector did not start") }
            urls.append(address.url + WireFormat.batchesPath)
        }
        let queue = Queue(count: workload.requests.count)
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for client in 0..<clients {
                let transport = try CurlTransport()
                // Each client sticks to one instance, as a keep-alive connection through a balancer would.
                let url = urls[client % urls.count]
                group.addTask {
                    var mine: [UInt64] = []
                    while let index = await queue.take() {
                        let request = workload.requests[index]
                        let sent = ContinuousClock.now
                        let answer = try await transport.post(url: url, headers: request.headers, body: request.body)
                        guard answer.status == 200 else {
                            throw BenchError("\(request.deviceID): HTTP \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
                        }
                        mine.append(UInt64((ContinuousClock.now - sent).nanoseconds))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let seconds = (ContinuousClock.now - start).secondsDouble
        return Result(ratings: workload.ratings, seconds: seconds, latencies: latencies)
    }
}

extension Duration {
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
