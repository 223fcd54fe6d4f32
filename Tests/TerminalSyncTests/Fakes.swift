import Foundation
import RatingCore
import RatingWire
import TerminalSync

/// A fixed clock for uploads.
struct FakeClock: DeviceClock {
    func now() -> DeviceTime { DeviceTime(wallMillis: 1_700_000_000_000, bootID: "boot", monotonicNanos: 1, clockSynced: true) }
}

/// A random source that always gives the same word: 1 makes every jitter 0, `.max` makes it the ceiling.
/// (0 would make the standard library's unbiased sampling loop forever.)
struct FixedRandom: RandomNumberGenerator {
    var value: UInt64
    mutating func next() -> UInt64 { value }
}

/// A rating of store "store-1" with number `seq`.
func sampleRating(_ seq: Int64) -> Rating {
    Rating(storeID: "store-1", seq: seq, id: "id-\(seq)", score: Score(Int(seq % 5) + 1) ?? Score.all[0], flags: [],
           placement: Placement(deviceID: "D", site: "s", counter: "c"),
           time: DeviceTime(wallMillis: 0, bootID: "b", monotonicNanos: UInt64(seq), clockSynced: false))
}

/// An in-memory upload queue that records acknowledgements and announces what happens to it.
actor MemoryQueue: UploadQueue {
    let storeID = "store-1"
    private var ratings: [Rating] = []
    private(set) var ackedThrough: Int64 = 0
    private(set) var rejected: [RejectedRecord] = []
    private(set) var reports: [UploadReport] = []
    private var failReads: Int
    private let drained: AsyncStream<Void>.Continuation
    private let emptyReads: AsyncStream<Void>.Continuation
    /// Yields each time an acknowledgement leaves nothing unsent.
    nonisolated let whenDrained: AsyncStream<Void>
    /// Yields each time the uploader finds the queue empty.
    nonisolated let whenFoundEmpty: AsyncStream<Void>

    /// A queue holding seq 1...count; the first `failReads` reads throw.
    init(count: Int, failReads: Int = 0) {
        self.failReads = failReads
        (whenDrained, drained) = AsyncStream<Void>.makeStream()
        (whenFoundEmpty, emptyReads) = AsyncStream<Void>.makeStream()
        ratings = count > 0 ? (1...Int64(count)).map(sampleRating) : []
    }

    /// Adds `count` ratings after the last one (the button path, in tests).
    func add(_ count: Int) {
        let last = ratings.last?.seq ?? 0
        ratings += (last + 1...last + Int64(count)).map(sampleRating)
    }

    func nextBatch(limit: Int) async throws -> PendingBatch {
        if failReads > 0 {
            failReads -= 1
            throw CocoaError(.fileReadUnknown)
        }
        let unsent = ratings.filter { $0.seq > ackedThrough }
        if unsent.isEmpty { emptyReads.yield() }
        return PendingBatch(storeID: storeID, ratings: Array(unsent.prefix(limit)), unsentCount: unsent.count)
    }

    func acknowledge(_ reply: UploadReply) async throws {
        ackedThrough = max(ackedThrough, reply.ackedThrough)
        rejected += reply.rejected
        if ackedThrough >= (ratings.last?.seq ?? 0) { drained.yield() }
    }

    func noteAttempt(_ report: UploadReport) async { reports.append(report) }
}

/// One request as a fake transport saw it.
struct SeenRequest: Sendable {
    var url: String
    var headers: [(String, String)]
    var body: [UInt8]
    var batch: UploadBatch
    var at: ContinuousClock.Instant

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// A collector stand-in for pure uploader tests: answers by a script, then acknowledges in full.
actor ScriptedTransport: HTTPTransport {
    /// Answers for the first requests, in order; afterwards every batch is acknowledged in full.
    private var script: [HTTPResult]
    private(set) var requests: [SeenRequest] = []
    var batches: [UploadBatch] { requests.map(\.batch) }
    var encodings: [String?] { requests.map { $0.header("Content-Encoding") } }

    init(script: [HTTPResult] = []) { self.script = script }

    func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResult {
        let encoding = headers.first { $0.0 == "Content-Encoding" }?.1
        let plain = encoding == "gzip" ? try Gzip.decompress(body, limit: 1 << 24) : body
        let batch = try WireCoding.decode(UploadBatch.self, from: plain)
        requests.append(SeenRequest(url: url, headers: headers, body: body, batch: batch, at: .now))
        if !script.isEmpty { return script.removeFirst() }
        let last = batch.ratings.last?.seq ?? 0
        let rejected = batch.ratings.contains { $0.seq == 2 } ? [RejectedRecord(seq: 2, reason: "conflict")] : []
        return HTTPResult(status: 200, body: try WireCoding.encode(UploadReply(storeID: batch.storeID, ackedThrough: last, rejected: rejected)))
    }
}

/// A transport whose requests never end until the task is cancelled.
struct HangingTransport: HTTPTransport {
    let started: AsyncStream<Void>.Continuation

    func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResult {
        started.yield()
        try await Task.sleep(for: .seconds(3_600))
        return HTTPResult(status: 200)
    }
}

/// The first element of a stream (awaits it; `nil` if the stream ends first).
func first<T: Sendable>(_ stream: AsyncStream<T>) async -> T? {
    var iterator = stream.makeAsyncIterator()
    return await iterator.next()
}
