import Foundation
import Testing

/// The built `rating-terminal demo --presses … --until-synced`, run as a process.
struct DemoEndToEndTests {
    @Test func unattendedDemoSyncsExactlyThePressedScores() async throws {
        let terminal = try Executables.path("rating-terminal")
        let collector = try Executables.path("rating-collector")
        let folder = try Executables.temporaryFolder("demo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state").path

        // A short pace keeps the test quick; presses inside the 5 s response interval are stored flagged "repeat".
        let run = try await ProcessRun.run(terminal, ["demo", "--presses", "5,4,1,3", "--until-synced", "--pace", "0.2",
                                                "--state-dir", state, "--timeout", "60"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let summary = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(summary.hasPrefix("demo: 4 ratings stored, 4 acknowledged by the collector at http://127.0.0.1:"), "\(run.stdout)")
        #expect(summary.contains(", 0 waiting"))
        #expect(run.stdout.contains("Cảm ơn quý khách"), "the console display thanked the customer")
        #expect(run.stdout.hasPrefix("rating-terminal demo: dashboard at http://127.0.0.1:"), "the dashboard's URL comes first: \(run.stdout.prefix(200))")

        // The demo stopped its collector; start one on the same database and read the pull API.
        let server = try CollectorServer(binary: collector, database: state + "/collector.sqlite")
        defer { server.stop() }
        let page = try await server.getJSON("/v1/ratings?limit=100&include_flagged=true")
        let ratings = try #require(page["ratings"] as? [[String: Any]])
        #expect(ratings.compactMap { $0["score"] as? Int } == [5, 4, 1, 3])
        #expect(ratings.compactMap { ($0["flags"] as? [String]) } == [[], ["repeat"], ["repeat"], ["repeat"]])
        #expect(Set(ratings.compactMap { $0["device_id"] as? String }) == ["demo-terminal"])
        #expect(ratings.compactMap { $0["seq"] as? Int } == [1, 2, 3, 4])
    }

    @Test func demoRejectsABadPressList() async throws {
        let run = try await ProcessRun.run(try Executables.path("rating-terminal"), ["demo", "--presses", "5,7"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("'7' is not one"))
    }
}

/// A finished child process's status and output.
struct ProcessRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `path` to its end on a thread of its own; `input` is written to its standard input, then
    /// closed (none: /dev/null).
    ///
    /// Why a thread: waiting for a child blocks, and a blocked cooperative thread (there are only as
    /// many as cores: 2 here) starves every other test running in parallel; the watchdog test once
    /// got no ping for 5 s that way.
    static func run(_ path: String, _ arguments: [String], input: String? = nil) async throws -> ProcessRun {
        try await Executables.offPool { try runBlocking(path, arguments, input: input) }
    }

    /// `run` on the calling thread: only for callers that are on a thread of their own already.
    static func runBlocking(_ path: String, _ arguments: [String], input: String? = nil) throws -> ProcessRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        // Read both pipes to the end before waiting, so a full pipe never blocks the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
    }
}
