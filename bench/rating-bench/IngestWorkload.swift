import CollectorCore
import Foundation
import RatingWire

/// The ingest benchmark's workload: `terminals` devices, each sending `batches` gzip batches of
/// `size` ratings, made and signed before the clock starts.
struct IngestWorkload {
    struct Request {
        var deviceID: String
        var headers: [(String, String)]
        var body: [UInt8]
    }

    let terminals: Int
    let batches: Int
    let size: Int
    /// Each device's secret, to register it with the collector.
    let secrets: [(id: String, secret: DeviceSecret)]
    /// Batch 0 of every terminal, then batch 1 of every terminal, …: a terminal's batches go in order.
    let requests: [Request]
    /// The same ratings, for the database's own bulk insert.
    let rows: [(deviceID: String, rating: WireRating)]

    var ratings: Int { terminals * batches * size }

    init(terminals: Int, batches: Int, size: Int) throws {
        self.terminals = terminals
        self.batches = batches
        self.size = size
        secrets = (0..<terminals).map { (id: String(format: "BENCH-%04d", $0), secret: DeviceSecret.random()) }
        var requests: [Request] = []
        var rows: [(String, WireRating)] = []
        let base: Int64 = 1_700_000_000_000
        for batch in 0..<batches {
            for (terminal, device) in secrets.enumerated() {
                let ratings = (0..<size).map { index -> WireRating in
                    let seq = Int64(batch * size + index + 1)
                    return WireRating(seq: seq, id: "\(device.id)-\(seq)", score: Int(seq % 5) + 1, flags: [],
                                      site: "Điện lực Ba Đình", counter: "Quầy \(terminal % 9 + 1)",
                                      time: WireTime(wallMillis: base + seq * 1000, bootID: "boot-\(terminal)",
                                                     monotonicNanos: UInt64(seq) * 1_000_000_000, synced: true))
                }
                let upload = UploadBatch(deviceID: device.id, storeID: "store-1",
                                         sentAt: WireTime(wallMillis: base + Int64(batch + 1) * 200_000, bootID: "boot-\(terminal)",
                                                          monotonicNanos: UInt64(batch + 1) * 200_000_000_000, synced: true),
                                         queueDepth: (batches - batch) * size, ratings: ratings)
                let body = try Gzip.compress(try WireCoding.encode(upload))
                let signature = BatchSignature.header(secret: device.secret, deviceID: device.id, method: "POST",
                                                      path: WireFormat.batchesPath, body: body)
                requests.append(Request(deviceID: device.id, headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip"),
                                                                       ("Authorization", signature)], body: body))
                rows += ratings.map { (device.id, $0) }
            }
        }
        self.requests = requests
        self.rows = rows
    }
}
