import Foundation
import Testing

/// The systemd units in systemd/: `systemd-analyze verify` must print nothing at all (it exits
/// 0 on typos and bad values, so any output is a failure), and the terminal's hardening must
/// keep its exposure score at 2.5 or below.
struct SystemdUnitTests {
    static let units = ["rating-terminal", "rating-collector"]

    @Test(arguments: units)
    func verifyPrintsNothing(unit: String) async throws {
        let copy = try Self.unitPointingAtTheBuild(unit)
        let run = try await ProcessRun.run("/usr/bin/systemd-analyze", ["verify", copy.path])
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty && run.stderr.isEmpty, "systemd-analyze verify \(unit).service said:\n\(run.stdout)\(run.stderr)")
    }

    @Test func verifyCatchesAMistakeSoSilenceMeansSomething() async throws {
        let copy = try Self.unitPointingAtTheBuild("rating-terminal")
        let text = try String(contentsOf: copy, encoding: .utf8).replacingOccurrences(of: "Restart=always", with: "Restart=allways")
        try text.write(to: copy, atomically: true, encoding: .utf8)
        let run = try await ProcessRun.run("/usr/bin/systemd-analyze", ["verify", copy.path])
        #expect((run.stdout + run.stderr).contains("allways"), "a bad value must be reported: \(run.stderr)")
    }

    @Test func terminalExposureIsAtMostTwoPointFive() async throws {
        let copy = try Self.unitPointingAtTheBuild("rating-terminal")
        let run = try await ProcessRun.run("/usr/bin/systemd-analyze", ["security", "--offline=true", copy.path])
        let line = try #require(run.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) })
        #expect(score <= 2.5, "\(line)")
    }

    @Test func terminalUnitKeepsTheDevicesVisibleAndNotifiesReadiness() async throws {
        let text = try String(contentsOf: Rig.root.appendingPathComponent("systemd/rating-terminal.service"), encoding: .utf8)
        let lines = Set(text.split(separator: "\n").map(String.init))
        for required in ["Type=notify", "Restart=always", "RestartSec=5", "StartLimitIntervalSec=0", "DevicePolicy=closed",
                         "DeviceAllow=char-gpiochip rw", "DeviceAllow=char-i2c rw", "ProtectSystem=strict",
                         "StateDirectory=rating-terminal", "SupplementaryGroups=gpio i2c dialout"] {
            #expect(lines.contains(required), "\(required) missing")
        }
        #expect(!lines.contains { $0.hasPrefix("PrivateDevices=yes") }, "PrivateDevices hides the GPIO chip, I2C bus and serial ports")
        #expect(lines.contains { $0.hasPrefix("WatchdogSec=") })
    }

    /// A copy of systemd/UNIT.service whose ExecStart names the built binary. Why: verify checks
    /// that the ExecStart program exists, and /usr/bin/UNIT only exists once the .deb is installed.
    static func unitPointingAtTheBuild(_ unit: String) throws -> URL {
        let source = Rig.root.appendingPathComponent("systemd/\(unit).service")
        let binary = try Executables.path(unit)
        let text = try String(contentsOf: source, encoding: .utf8).replacingOccurrences(of: "/usr/bin/\(unit)", with: binary)
        let folder = try Executables.temporaryFolder("units")
        let copy = folder.appendingPathComponent("\(unit).service")
        try text.write(to: copy, atomically: true, encoding: .utf8)
        return copy
    }
}
