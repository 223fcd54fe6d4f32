import CollectorCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RatingWire
import Testing

/// Every log line and its metadata, kept as text.
final class LogCapture: @unchecked Sendable {
    // NSLock, not Mutex: Mutex needs macOS 15 (see LeaseFlag in CollectorCore).
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
    var count: Int { lock.withLock { lines.count } }

    /// A logger at trace level that writes here.
    func logger(_ label: String) -> Logger {
        var logger = Logger(label: label, factory: { label in CapturingLogHandler(label: label, capture: self) })
        logger.logLevel = .trace
        return logger
    }
}

struct CapturingLogHandler: LogHandler {
    let label: String
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        capture.append("\(event.level) \(label) \(event.source) \(event.message) \(all) \(event.error.map { "\($0)" } ?? "")")
    }
}

@Suite("Device secrets never reach the logs")
struct SecretLoggingTests {
    @Test(arguments: Backend.allCases) func secretsAreNotLoggedAcrossRegisterRotateIngestAndFailedAuth(backend: Backend) async throws {
        let capture = LogCapture()
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        // The storage under test logs to the capture too (PostgreSQL logs its statements at trace).
        let storage: any CollectorStorage
        var pool: Task<Void, Never>?
        switch backend {
        case .sqlite:
            storage = fixture.storage
        case .postgres:
            let location = try #require(fixture.postgres)
            let opened = try await PostgresCollectorStorage.open(location, logger: capture.logger("storage"))
            pool = Task { await opened.run() }
            storage = opened
        }
        defer { pool?.cancel() }
        let added = DeviceSecret.random()
        let rotated = DeviceSecret.random()
        try await storage.addDevice(id: "SECRET-1", secret: added, addedAtMillis: 0)
        try await storage.rotateDeviceSecret(id: "SECRET-1", secret: rotated)
        let app = buildCollectorApplication(settings: fixture.settings, storage: storage, logger: capture.logger("app"),
                                            now: { 1_700_000_123_456 })
        try await app.test(.live) { client in
            let body = try WireCoding.encode(batch([rating(1)], deviceID: "SECRET-1"))
            #expect(try await client.postBatch(body, secret: rotated, deviceID: "SECRET-1").status == .ok)
            #expect(try await client.postBatch(body, secret: added, deviceID: "SECRET-1").status == .unauthorized)
            #expect(try await client.postBatch(body, secret: DeviceSecret.random(), deviceID: "SECRET-1").status == .unauthorized)
            #expect(try await client.execute(uri: "/v1/ratings", method: .get).status == .ok)
        }
        let text = capture.text
        // The capture works: the stored batch was logged.
        #expect(text.contains("batch stored"))
        for secret in [added, rotated] {
            let bytes = Data(secret.bytes)
            // Also the hex of the secret's hex text: PostgreSQL stores it as text, and a logged row shows its bytes in hex.
            let hexOfHex = secret.hex.utf8.map { String($0, radix: 16) }.joined()
            for form in [secret.hex, secret.hex.uppercased(), bytes.base64EncodedString(), "\(secret.bytes)"]
                + [hexOfHex.prefix(16), hexOfHex.suffix(16)].map(String.init) {
                // A Bool, so a failure does not print the whole log.
                let leaked = text.contains(form)
                #expect(!leaked, "a secret appears in the logs")
            }
        }
    }
}
