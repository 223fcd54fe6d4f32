import Foundation
import Testing

/// `rating-terminal run` as a child process: presses go in through its stdin keypad, its output
/// (console display frames and log lines) is collected line by line on a thread of its own.
final class TerminalProcess: @unchecked Sendable {
    // SAFETY: `lines` and `ended` are guarded by `condition`.
    private let process = Process()
    private let input = Pipe()
    private let condition = NSCondition()
    private var lines: [String] = []
    private var ended = false
    /// How many lines the waits have consumed.
    private var consumed = 0

    init(binary: String, config: String) throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["run", "--config", config]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = input
        try process.run()
        let handle = output.fileHandleForReading
        Thread.detachNewThread { [condition] in
            var reader = LineReader(handle: handle)
            while let line = reader.nextLine() {
                condition.withLock { self.lines.append(line) }
                condition.broadcast()
            }
            condition.withLock { self.ended = true }
            condition.broadcast()
        }
    }

    /// Presses button `score` (one line on the stdin keypad).
    func press(_ score: Int) {
        input.fileHandleForWriting.write(Data("\(score)\n".utf8))
    }

    /// The next line not yet consumed that contains one of `needles`, waiting up to `seconds`;
    /// `nil` on timeout or when the output ended. Lines before it are consumed too.
    func nextLine(containing needles: [String], within seconds: Double = 30) async throws -> String? {
        try await Executables.offPool { self.waitBlocking(needles, deadline: Date().addingTimeInterval(seconds)) }
    }

    private func waitBlocking(_ needles: [String], deadline: Date) -> String? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            while consumed < lines.count {
                let line = lines[consumed]
                consumed += 1
                if needles.contains(where: line.contains) { return line }
            }
            if ended || !condition.wait(until: deadline) { return nil }
        }
    }

    /// Everything printed so far (for failure messages).
    var output: String { condition.withLock { lines.joined(separator: "\n") } }

    /// Stops the process with SIGTERM, as systemd would, then ends the keypad's input; returns its exit status.
    @discardableResult
    func stop() async throws -> Int32 {
        if process.isRunning { process.terminate() }
        let status = try await Executables.offPool {
            self.process.waitUntilExit()
            return self.process.terminationStatus
        }
        try? input.fileHandleForWriting.close()
        return status
    }

    /// Ends the keypad's input (EOF on its stdin), then at once sends SIGTERM; returns the exit
    /// status, or `nil` when the process was still running after `seconds` (it is then killed).
    func endInputThenTerminate(within seconds: Double) async throws -> Int32? {
        try? input.fileHandleForWriting.close()
        process.terminate()
        return try await Executables.offPool { () -> Int32? in
            let deadline = Date().addingTimeInterval(seconds)
            while self.process.isRunning && Date() < deadline { usleep(20_000) }
            guard !self.process.isRunning else {
                kill(self.process.processIdentifier, SIGKILL)
                self.process.waitUntilExit()
                return nil
            }
            return self.process.terminationStatus
        }
    }
}
