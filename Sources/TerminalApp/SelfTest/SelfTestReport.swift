import Foundation

/// One check of the self-test and how it went.
public struct SelfTestCheck: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        case pass, fail, skipped
    }

    /// "button 3", "leds", "letters", "collector", "clock" …
    public var name: String
    public var outcome: Outcome
    /// What was seen, or what to fix.
    public var detail: String

    public init(_ name: String, _ outcome: Outcome, _ detail: String) {
        self.name = name
        self.outcome = outcome
        self.detail = detail
    }
}

/// The self-test's report: printed, stored in the terminal's store and uploaded as a device event.
public struct SelfTestReport: Codable, Sendable, Equatable {
    public var deviceID: String
    public var storeID: String
    /// Wall clock at the end (ms since 1970), as the terminal read it.
    public var finishedWallMillis: Int64
    public var checks: [SelfTestCheck]

    enum CodingKeys: String, CodingKey {
        case deviceID = "device_id", storeID = "store_id", finishedWallMillis = "finished_wall_ms", checks, passed
    }

    public init(deviceID: String, storeID: String, finishedWallMillis: Int64, checks: [SelfTestCheck]) {
        self.deviceID = deviceID
        self.storeID = storeID
        self.finishedWallMillis = finishedWallMillis
        self.checks = checks
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deviceID = try container.decode(String.self, forKey: .deviceID)
        storeID = try container.decode(String.self, forKey: .storeID)
        finishedWallMillis = try container.decode(Int64.self, forKey: .finishedWallMillis)
        checks = try container.decode([SelfTestCheck].self, forKey: .checks)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(deviceID, forKey: .deviceID)
        try container.encode(storeID, forKey: .storeID)
        try container.encode(finishedWallMillis, forKey: .finishedWallMillis)
        try container.encode(checks, forKey: .checks)
        try container.encode(passed, forKey: .passed)
    }

    /// How many checks failed.
    public var failures: Int { checks.filter { $0.outcome == .fail }.count }
    /// No check failed (skipped ones do not fail the test: the config did not ask for that part).
    public var passed: Bool { failures == 0 }

    /// The report as one JSON object (the device event's detail).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The printed report: one line per check, then the verdict.
    public var text: String {
        let lines = checks.map { check in
            let mark = switch check.outcome { case .pass: "PASS"; case .fail: "FAIL"; case .skipped: "skip" }
            return "  \(mark) \(check.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(check.detail)"
        }
        let verdict = passed ? "self-test PASSED" : "self-test FAILED: \(failures) of \(checks.count) checks"
        return (["self-test of \(deviceID) (store \(storeID)):"] + lines + [verdict]).joined(separator: "\n")
    }
}
