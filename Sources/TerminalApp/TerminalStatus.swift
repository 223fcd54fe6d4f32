import Foundation
import TerminalStore

/// Everything `rating-terminal status --json` prints: the store, the clock and the config.
public struct TerminalStatus: Codable, Sendable {
    /// The config file on disk, and the one the running service started with.
    public struct Config: Codable, Sendable, Equatable {
        public var path: String
        /// Fingerprint of the file now (``ConfigRevision``); `nil` if unreadable.
        public var revision: String?
        /// What the service recorded at its last start; `nil` if it never started with this store.
        public var running: RunningConfig?

        /// The running service uses the file as it is now.
        public var inEffect: Bool { revision != nil && running?.revision == revision }

        enum CodingKeys: String, CodingKey { case path, revision, running, inEffect = "in_effect" }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(revision, forKey: .revision)
            try container.encode(running, forKey: .running)
            try container.encode(inEffect, forKey: .inEffect)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            path = try container.decode(String.self, forKey: .path)
            revision = try container.decodeIfPresent(String.self, forKey: .revision)
            running = try container.decodeIfPresent(RunningConfig.self, forKey: .running)
        }

        public init(path: String, revision: String?, running: RunningConfig?) {
            self.path = path
            self.revision = revision
            self.running = running
        }
    }

    /// The newest self-test report kept in the store.
    public struct LastSelfTest: Codable, Sendable, Equatable {
        public var wallMillis: Int64
        public var passed: Bool
        public var failed: [String]
        /// Whether the collector has it (the device event was acknowledged).
        public var uploaded: Bool
        enum CodingKeys: String, CodingKey { case wallMillis = "wall_ms", passed, failed, uploaded }
    }

    public var store: StoreStatus
    /// The clock as the terminal read it for this status.
    public var clock: SystemClockReading
    public var config: Config
    public var lastSelfTest: LastSelfTest?
    /// The newest damaged store moved aside, and every damaged file beside the store with its salvage.
    public var lastDamage: LastDamage?
    public var salvages: [Salvage] = []

    enum CodingKeys: String, CodingKey {
        case store, clock, config, lastSelfTest = "last_selftest", lastDamage = "last_damage", salvages
    }

    /// The status of `store` now.
    public static func read(_ store: RatingStore, configPath: String) async throws -> TerminalStatus {
        var status = TerminalStatus(store: try await store.status(), clock: SystemClockReading.now(), configPath: configPath)
        if let record = try await store.latestDeviceEvent(kind: SelfTestRecord.kind),
           let report = try? JSONDecoder().decode(SelfTestReport.self, from: Data(record.event.detail.utf8)) {
            let acked = try await store.ackedThroughOthers().deviceEvents
            status.lastSelfTest = LastSelfTest(wallMillis: record.event.time.wallMillis, passed: report.passed,
                                               failed: report.checks.filter { $0.outcome == .fail }.map(\.name), uploaded: record.seq <= acked)
        }
        try await status.readDamage(store)
        return status
    }

    public init(store: StoreStatus, clock: SystemClockReading, configPath: String) {
        self.store = store
        self.clock = clock
        self.config = Config(path: configPath, revision: ConfigRevision.of(file: configPath), running: RunningConfig.read(forStore: store.path))
    }

    /// The text line about the last self-test.
    public var selfTestLine: String {
        guard let last = lastSelfTest else { return "self-test   never run on this store (rating-terminal selftest)" }
        let when = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(last.wallMillis) / 1000))
        let verdict = last.passed ? "PASSED" : "FAILED (\(last.failed.joined(separator: ", ")))"
        return "self-test   \(verdict) at \(when), \(last.uploaded ? "uploaded" : "not uploaded yet")"
    }

    /// The text line about the config revision.
    public var configLine: String {
        let revision = config.revision ?? "unreadable"
        guard let running = config.running else {
            return "config      \(config.path) revision \(revision); no service has started with this store yet"
        }
        let started = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(running.startedWallMillis) / 1000))
        let verdict = config.inEffect ? "in effect" : "NOT in effect: the service started \(started) with revision \(running.revision); restart it (systemctl restart rating-terminal)"
        return "config      \(config.path) revision \(revision), \(verdict)"
    }
}
