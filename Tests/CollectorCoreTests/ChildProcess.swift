import Foundation

/// A program run to its end without blocking a cooperative thread: `Process` reports its exit
/// through `terminationHandler` (on a thread of its own), and output goes to files, so a chatty
/// child never fills a pipe nobody reads.
struct ChildProcess {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Killed because it outlived its time.
    var timedOut: Bool

    /// Runs `executable` with `arguments`; after `timeout` it is killed (SIGKILL) and `timedOut` is set.
    static func run(_ executable: String, _ arguments: [String], timeout: Duration) async throws -> ChildProcess {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        let (exits, exited) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { exited.yield($0.terminationStatus); exited.finish() }
        try process.run()
        let pid = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            kill(pid, SIGKILL)
        }
        var status: Int32 = -1
        for await code in exits { status = code }
        watchdog.cancel()
        // The watchdog finished its sleep (and killed) only if it was not cancelled first.
        let timedOut = (try? await watchdog.value) != nil
        return ChildProcess(status: status, stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "", timedOut: timedOut)
    }
}
