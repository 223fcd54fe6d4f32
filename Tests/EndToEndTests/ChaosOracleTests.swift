import Foundation
import Testing

/// The fault-injection oracle (chaos/oracle.py, chaos/README.md), short version: the real terminal,
/// collector and PostgreSQL under random faults; every acknowledged rating must reach the
/// collector exactly once with identical content. `make chaos` runs the long version (1,000 faults).
@Suite(.serialized) struct ChaosOracleTests {
    /// Faults in the short run; `RATING_CHAOS_FAULTS` changes it.
    static var faults: Int { Int(ProcessInfo.processInfo.environment["RATING_CHAOS_FAULTS"] ?? "") ?? 40 }

    @Test func nothingAcknowledgedIsLostOrCountedTwiceUnderRandomFaults() async throws {
        let result = try await Self.runOracle(["--faults", String(Self.faults)])
        #expect(result.status == 0, "the oracle's verdict: \(result.summary)")
        let counts = try result.counts()
        #expect(counts["faults"] as? Int ?? 0 >= Self.faults)
        #expect(counts["lost"] as? Int == 0 && counts["duplicated"] as? Int == 0 && counts["mismatched"] as? Int == 0)
        #expect(counts["new_press_flowed"] as? Bool == true, "a new press still flows after the faults")
        #expect(counts["acknowledged"] as? Int ?? 0 > 20, "the generator's presses were acknowledged: \(result.summary)")
        let kinds = counts["fault_kinds"] as? [String: Int] ?? [:]
        #expect(kinds.count >= 5, "many kinds of fault were injected: \(kinds)")
    }

    /// The oracle's own check: a collector copy damaged on purpose must be reported, or a green
    /// run above would prove nothing.
    @Test func theOracleReportsALostADuplicatedAndAChangedRating() async throws {
        let result = try await Self.runOracle(["--faults", "3", "--sabotage"])
        #expect(result.status == 1, "a damaged copy fails the run: \(result.summary)")
        let counts = try result.counts()
        #expect(counts["lost"] as? Int == 1)
        #expect(counts["duplicated"] as? Int == 1)
        #expect(counts["mismatched"] as? Int == 1)
    }

    struct OracleRun {
        var status: Int32
        var output: String
        var summary: String { output.split(separator: "\n").filter { $0.hasPrefix("chaos") || $0.contains("PROBLEM") }.joined(separator: "\n") }

        /// The CHAOS-RESULT line's JSON object.
        func counts() throws -> [String: Any] {
            let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("CHAOS-RESULT ") }, "no verdict line in:\n\(output)")
            let json = Data(line.dropFirst("CHAOS-RESULT ".count).utf8)
            return try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        }
    }

    static func runOracle(_ arguments: [String]) async throws -> OracleRun {
        let products = Executables.productsFolder.path
        let script = Rig.root.appendingPathComponent("chaos/oracle.py").path
        let run = try await ProcessRun.run("/usr/bin/env", ["python3", script, "--products", products] + arguments)
        return OracleRun(status: run.status, output: run.stdout + run.stderr)
    }
}
