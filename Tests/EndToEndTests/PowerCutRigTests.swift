import Foundation
import Testing

/// Power cuts in the QEMU guest (rig/power_cuts.py): the terminal's store on a virtual disk, QEMU
/// killed with SIGKILL at random moments while scores are pressed; after every reboot of the same
/// image the store opens, passes `PRAGMA integrity_check`, and holds every acknowledged rating once.
/// A short run here (`RATING_POWER_CUTS`, default 3); `make chaos-power` runs 100.
@Suite(.serialized, .enabled(if: Rig.shouldRun, Rig.skipReason))
struct PowerCutRigTests {
    /// Cuts in the short run; `RATING_POWER_CUTS` changes it.
    static var cuts: Int { Int(ProcessInfo.processInfo.environment["RATING_POWER_CUTS"] ?? "") ?? 3 }

    @Test func everyAcknowledgedRatingSurvivesPowerCutsAndTheStoreStaysIntact() async throws {
        let run = try await Self.runCuts(["--cuts", String(Self.cuts)])
        #expect(run.status == 0, "the power-cut run's verdict: \(run.summary)")
        let counts = try run.counts()
        #expect(counts["cuts"] as? Int == Self.cuts, "every cut happened: \(run.summary)")
        #expect(counts["lost"] as? Int == 0 && counts["duplicated"] as? Int == 0, "\(run.summary)")
        #expect(counts["integrity_failures"] as? Int == 0 && counts["start_failures"] as? Int == 0, "\(run.summary)")
        #expect(counts["checks"] as? Int ?? 0 >= 1, "at least the last boot checked the store: \(run.summary)")
    }

    /// The harness's own check: an acknowledged rating deleted on purpose before the last check must
    /// be reported lost, or a green run above would prove nothing.
    @Test func theHarnessReportsAnAcknowledgedRatingThatIsGone() async throws {
        let run = try await Self.runCuts(["--cuts", "1", "--sabotage", "--min-acknowledged", "1"])
        #expect(run.status == 1, "a deleted rating fails the run: \(run.summary)")
        let counts = try run.counts()
        #expect(counts["lost"] as? Int == 1, "\(run.summary)")
        #expect(counts["integrity_failures"] as? Int == 0, "a deleted row is not damage: \(run.summary)")
        // The harness keeps the folder of a failed run (this one fails on purpose): a 64 MiB image each time.
        if let folder = counts["folder"] as? String, folder.contains("/.rig/runs/power-cuts-") {
            try FileManager.default.removeItem(atPath: folder)
        }
    }

    struct CutsRun {
        var status: Int32
        var output: String
        var summary: String {
            output.split(separator: "\n").filter { $0.hasPrefix("power cuts") || $0.hasPrefix("PROBLEM") || $0.hasPrefix("power-cuts:") }
                .joined(separator: "\n")
        }

        /// The POWERCUT-RESULT line's JSON object.
        func counts() throws -> [String: Any] {
            let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("POWERCUT-RESULT ") }, "no verdict line in:\n\(output)")
            let json = Data(line.dropFirst("POWERCUT-RESULT ".count).utf8)
            return try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        }
    }

    static func runCuts(_ arguments: [String]) async throws -> CutsRun {
        let products = Executables.productsFolder.path
        _ = try Executables.path("rating-terminal")
        let script = Rig.root.appendingPathComponent("rig/power_cuts.py").path
        let run = try await ProcessRun.run("/usr/bin/env", ["python3", script, "--products", products] + arguments)
        return CutsRun(status: run.status, output: run.stdout + run.stderr)
    }
}
