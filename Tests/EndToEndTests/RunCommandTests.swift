import Foundation
import Testing

/// `rating-terminal run` as a process, on this machine (which has no GPIO chip).
struct RunCommandTests {
    @Test func aMissingGPIOChipIsExitCode4NamingTheChipAndWhatToCheck() async throws {
        let folder = try Executables.temporaryFolder("run-nochip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try Self.writeConfig(in: folder, buttons: """
            driver = "gpiod"
            chip = "gpiochip-not-on-this-board"
            """)
        let run = try await ProcessRun.run(try Executables.path("rating-terminal"), ["run", "--config", config.path])
        #expect(run.status == 4)
        #expect(run.stderr.contains("gpiochip-not-on-this-board") && run.stderr.contains("gpiodetect"), "\(run.stderr)")
        #expect(!run.stdout.contains("READY"), "never ready without its buttons")
    }

    /// A SIGTERM that comes just as the keypad's input ends (between the press loop and the
    /// uploads-only phase) still stops `run`: it was once lost there, and only SIGKILL stopped it.
    @Test func aSignalJustAfterTheInputEndsStillStopsIt() async throws {
        let folder = try Executables.temporaryFolder("run-signal")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try Self.writeConfig(in: folder, buttons: "driver = \"stdin\"")
        // Several rounds: the window between the two phases is short, and each round lands in a different place.
        for round in 1...5 {
            let terminal = try TerminalProcess(binary: try Executables.path("rating-terminal"), config: config.path)
            let ready = try await terminal.nextLine(containing: ["READY"])
            try #require(ready != nil, "round \(round): not ready:\n\(terminal.output)")
            let status = try await terminal.endInputThenTerminate(within: 15)
            #expect(status == 0, "round \(round): still running 15 s after SIGTERM (nil) or failed:\n\(terminal.output)")
        }
    }

    /// A terminal config in `folder` with a console display, an unreachable collector and `buttons`
    /// as the body of its [buttons] section.
    static func writeConfig(in folder: URL, buttons: String) throws -> URL {
        let secret = folder.appendingPathComponent("secret")
        try String(repeating: "ab", count: 32).write(to: secret, atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("terminal.toml")
        try """
            [device]
            id = "T-1"
            secret_file = "\(secret.path)"
            [collector]
            url = "http://127.0.0.1:9"
            startup_delay_max_s = 0
            [buttons]
            \(buttons)
            [display]
            driver = "console"
            [storage]
            path = "\(folder.path)/ratings.sqlite"
            """.write(to: config, atomically: true, encoding: .utf8)
        return config
    }
}
