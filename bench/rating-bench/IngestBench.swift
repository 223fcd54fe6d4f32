import CollectorCore
import Foundation
import Logging
import RatingWire
import TerminalSync

/// Many simulated terminals uploading to running `rating-collector serve` processes over loopback:
/// signed, gzipped batches sent with libcurl (the terminals' own client), one request in flight per terminal.
enum IngestBench {
    struct Options {
        var database: StorageLocation
        /// Base URLs of the collector instances (terminal i uploads to instance i mod count).
        var collectors: [String]
        var terminals: Int
        var batchSize: Int
        var batchesPerTerminal: Int
        var workers: Int
    }

    struct Result {
        var ratings: Int
        var seconds: Double
        var latency: LatencyStats
        /// Answers other than 200 (each retried until stored).
        var retries: Int
        /// Ratings the database holds afterwards (must equal `ratings`).
        var stored: Int
    }

    /// Registers the terminals (run before the collectors start serving them).
    static func register(_ options: Options) async throws -> [DeviceSecret] {
        let secrets = (0..<options.terminals).map { _ in DeviceSecret.random() }
        try await options.database.withStorage(logger: quietLogger) { storage in
            for (index, secret) in secrets.enumerated() {
                try await storage.addDevice(id: terminalID(index), secret: secret, addedAtMillis: 0)
            }
        }
        return secrets
    }

    static func run(_ options: Options, secrets: [DeviceSecret]) async throws -> Result {
        let batches = try (0..<options.terminals).map { terminal in
            try (0..<options.batchesPerTerminal).map { batch in
                try signedBody(terminal: terminal, batch: batch, size: options.batchSize, secret: secrets[terminal])
            }
        }
        let start = ContinuousClock.now
        let outcomes = try await withThrowingTaskGroup(of: (samples: [UInt64], retries: Int).self) { group in
            for worker in 0..<options.workers {
                group.addTask {
                    let transport = try CurlTransport()
                    var samples: [UInt64] = [], retries = 0
                    // Batch by batch: a terminal's second batch goes after every terminal's first (as in a real fleet).
                    for batch in 0..<options.batchesPerTerminal {
                        for terminal in stride(from: worker, to: options.terminals, by: options.workers) {
                            let url = options.collectors[terminal % options.collectors.count] + WireFormat.batchesPath
                            let (body, authorization) = batches[terminal][batch]
                            while true {
                                let sent = ContinuousClock.now
                                let reply = try await transport.post(url: url, headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip"),
                                                                                         ("Authorization", authorization)], body: body)
                                if reply.status == 200 {
                                    samples.append(nanoseconds(ContinuousClock.now - sent))
                                    break
                                }
                                retries += 1
                                try await Task.sleep(for: reply.retryAfter ?? .milliseconds(100))
                            }
                        }
                    }
                    return (samples, retries)
                }
            }
            return try await group.reduce(into: [(samples: [UInt64], retries: Int)]()) { $0.append($1) }
        }
        let seconds = Double(nanoseconds(ContinuousClock.now - start)) / 1e9
        let stored = try await options.database.withStorage(logger: quietLogger) { storage in
            var count = 0
            for terminal in 0..<options.terminals {
                count += try await storage.storedCounts(deviceID: terminalID(terminal), storeID: storeID(terminal)).ratings
            }
            return count
        }
        return Result(ratings: options.terminals * options.batchesPerTerminal * options.batchSize, seconds: seconds,
                      latency: LatencyStats(nanoseconds: outcomes.flatMap(\.samples)), retries: outcomes.map(\.retries).reduce(0, +),
                      stored: stored)
    }

    static func terminalID(_ index: Int) -> String { "bench-\(index)" }
    static func storeID(_ index: Int) -> String { "store-\(index)" }

    /// The ratings of one batch, as every part of the bench makes them (the bulk insert uses the same).
    static func ratings(terminal: Int, batch: Int, size: Int) -> [WireRating] {
        (0..<size).map { index in
            let seq = Int64(batch * size + index + 1)
            return WireRating(seq: seq, id: "\(terminalID(terminal))-\(seq)", score: Int(seq % 5) + 1, flags: [],
                              site: "Điện lực \(terminal / 10)", counter: "Quầy \(terminal % 10)",
                              time: WireTime(wallMillis: 1_795_420_800_000 + seq * 1000, bootID: "boot-\(terminal)",
                                             monotonicNanos: UInt64(seq) * 1_000_000_000, synced: true))
        }
    }

    static func signedBody(terminal: Int, batch: Int, size: Int, secret: DeviceSecret) throws -> (body: [UInt8], authorization: String) {
        let ratings = ratings(terminal: terminal, batch: batch, size: size)
        let upload = UploadBatch(deviceID: terminalID(terminal), storeID: storeID(terminal),
                                 sentAt: WireTime(wallMillis: 1_795_420_800_000 + Int64(size * (batch + 1)) * 1000 + 500, bootID: "boot-\(terminal)",
                                                  monotonicNanos: UInt64(size * (batch + 1)) * 1_000_000_000 + 500_000_000, synced: true),
                                 queueDepth: size, ratings: ratings)
        let body = try Gzip.compress(try WireCoding.encode(upload))
        return (body, BatchSignature.header(secret: secret, deviceID: terminalID(terminal), method: "POST", path: WireFormat.batchesPath, body: body))
    }

    static let quietLogger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
}

extension IngestBench {
    /// The header of the table ``tableRow(database:collectors:bulkDatabase:label:terminals:batchSize:batches:workers:folder:)`` fills.
    static let tableHeader = """
        | setup | ratings | seconds | ratings/s | batch p50 ms | batch p99 ms | 429/503 retried | stored | bulk insert of the same rows, ratings/s |
        | --- | --- | --- | --- | --- | --- | --- | --- | --- |
        """

    /// Registers the terminals, uploads, checks the count, then measures the bulk insert into `bulkDatabase`; one table row.
    static func tableRow(database: StorageLocation, collectors: [String], bulkDatabase: StorageLocation, label: String,
                         terminals: Int, batchSize: Int, batches: Int, workers: Int, folder: String) async throws -> String {
        guard !collectors.isEmpty else { throw BenchError("--collectors needs at least one URL") }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let options = Options(database: database, collectors: collectors, terminals: terminals, batchSize: batchSize,
                              batchesPerTerminal: batches, workers: workers)
        let secrets = try await register(options)
        let result = try await run(options, secrets: secrets)
        guard result.stored == result.ratings else {
            throw BenchError("\(label): \(result.ratings) ratings sent and acknowledged, but the database holds \(result.stored)")
        }
        let bulkSeconds = try await BulkInsertBench.run(bulkDatabase, terminals: terminals, batches: batches, size: batchSize, folder: folder)
        return "| \(label) | \(result.ratings) | \(format(result.seconds, decimals: 2)) | \(format(Double(result.ratings) / result.seconds, decimals: 0)) | "
            + "\(format(result.latency.medianMillis, decimals: 1)) | \(format(result.latency.p99Millis, decimals: 1)) | \(result.retries) | "
            + "\(result.stored) | \(format(Double(result.ratings) / bulkSeconds, decimals: 0)) |"
    }
}
