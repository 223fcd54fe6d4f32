import CollectorCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RatingWire

/// The databases the collector suites run on.
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    /// A fresh database on the test process's own server (``PostgresTestServer``).
    case postgres

    var description: String { rawValue }
}

/// A collector over a fresh database (a SQLite file in a temporary folder, or a new PostgreSQL
/// database), with one registered device.
struct CollectorFixture {
    static let deviceID = "HN-BD-Q3"
    static let storeID = "store-a"

    let backend: Backend
    let folder: URL
    /// The SQLite file (unused with PostgreSQL).
    let databasePath: String
    /// The PostgreSQL database (`nil` with SQLite).
    let postgres: PostgresLocation?
    let storage: any CollectorStorage
    let secret: DeviceSecret
    var settings: CollectorSettings
    /// Runs the PostgreSQL storage's connection pool until ``removeFolder()``.
    private let pool: Task<Void, Never>?

    init(backend: Backend = .sqlite, settings: CollectorSettings = CollectorSettings(host: "127.0.0.1", port: 0)) async throws {
        self.backend = backend
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("collector-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        databasePath = folder.appendingPathComponent("collector.sqlite").path
        self.settings = settings
        switch backend {
        case .sqlite:
            storage = try SQLiteCollectorStorage(path: databasePath, busyTimeout: settings.busyTimeout)
            postgres = nil
            pool = nil
        case .postgres:
            let location = try await PostgresTestServer.shared.freshDatabase()
            let opened = try await PostgresCollectorStorage.open(location, busyTimeout: settings.busyTimeout, logger: quietLogger)
            storage = opened
            postgres = location
            pool = Task { await opened.run() }
        }
        secret = DeviceSecret.random()
        try await storage.addDevice(id: Self.deviceID, secret: secret, addedAtMillis: 1_700_000_000_000)
    }

    /// Starts the real server on a free loopback port and runs `body` with an HTTP client.
    func withServer<T: Sendable>(storage: (any CollectorStorage)? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let app = buildCollectorApplication(settings: settings, storage: storage ?? self.storage, logger: quietLogger,
                                            now: { 1_700_000_123_456 })
        return try await app.test(.live) { client in try await body(client) }
    }

    /// Stops the PostgreSQL pool (the database goes with the test server) and removes the folder.
    func removeFolder() {
        pool?.cancel()
        try? FileManager.default.removeItem(at: folder)
    }
}

let quietLogger = Logger(label: "collector-tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// A valid rating record.
func rating(_ seq: Int64, score: Int = 4, id: String? = nil, flags: [String] = []) -> WireRating {
    WireRating(seq: seq, id: id ?? "rating-\(seq)", score: score, flags: flags, site: "Điện lực Ba Đình", counter: "Quầy 3",
               time: WireTime(wallMillis: 1_700_000_000_000 + seq * 1000, bootID: "boot-1", monotonicNanos: UInt64(seq) * 1_000_000_000, synced: true))
}

/// A batch of `ratings` from the fixture's device and store.
func batch(_ ratings: [WireRating], version: Int = WireFormat.version, deviceID: String = CollectorFixture.deviceID,
           storeID: String = CollectorFixture.storeID) -> UploadBatch {
    UploadBatch(version: version, deviceID: deviceID, storeID: storeID,
                sentAt: WireTime(wallMillis: 1_700_000_100_000, bootID: "boot-1", monotonicNanos: 99_000_000_000, synced: true),
                queueDepth: ratings.count, ratings: ratings)
}

extension TestClientProtocol {
    /// Posts `body` (bytes as sent) signed with `secret` as `deviceID`.
    func postBatch(_ body: [UInt8], secret: DeviceSecret, deviceID: String = CollectorFixture.deviceID,
                   encoding: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[.authorization] = BatchSignature.header(secret: secret, deviceID: deviceID, method: "POST",
                                                        path: WireFormat.batchesPath, body: body)
        if let encoding { headers[.contentEncoding] = encoding }
        return try await execute(uri: WireFormat.batchesPath, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    /// Posts a batch encoded as JSON, signed with `secret`.
    func postBatch(_ value: UploadBatch, secret: DeviceSecret) async throws -> TestResponse {
        try await postBatch(try WireCoding.encode(value), secret: secret)
    }

    /// `GET uri`, decoded as `T`.
    func getJSON<T: Decodable>(_ uri: String, as type: T.Type) async throws -> T {
        let response = try await execute(uri: uri, method: .get)
        guard response.status == .ok else { throw FixtureError.status(response.status.code, response.text) }
        return try WireCoding.decode(type, from: response.bytes)
    }
}

extension TestResponse {
    var bytes: [UInt8] { Array(body.readableBytesView) }
    var text: String { String(decoding: bytes, as: UTF8.self) }
    func decoded<T: Decodable>(_ type: T.Type) throws -> T { try WireCoding.decode(type, from: bytes) }
    /// The reason of an ``ErrorReply`` body (fails the decode if the body is not one).
    func errorReason() throws -> String { try decoded(ErrorReply.self).error }
}

enum FixtureError: Error {
    case status(Int, String)
}
