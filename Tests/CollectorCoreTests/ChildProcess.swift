import Foundation

/// A child process run to its end (or killed at a deadline) on a thread of its own.
///
/// Why a thread: waiting for a child blocks, and a blocked cooperative thread (as many as cores,
/// 2 here) starves every other test running in parallel. The same idea as EndToEndTests'
/// `ProcessRun`, plus a deadline, so a hung child fails the test instead of hanging it.
struct ChildProcess: Sendable {
    var status: Int32
    var stdout: Data
    var stderr: String
    /// Killed at the deadline.
    var timedOut: Bool

    static func run(_ path: String, _ arguments: [String], timeout: Duration) async throws -> ChildProcess {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(path, arguments, timeout: timeout) })
            }
        }
    }

    private static func runBlocking(_ path: String, _ arguments: [String], timeout: Duration) throws -> ChildProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // Read both pipes to the end beside the wait, so a full pipe never blocks the child.
        let reading = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        reading.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); reading.leave() }
        reading.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); reading.leave() }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        var timedOut = false
        if exited.wait(timeout: .now() + seconds) == .timedOut {
            timedOut = true
            // SIGKILL to the child; its own children (Chromium's renderers) lose their parent pipe and exit.
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        }
        // A grandchild that kept the pipes open must not hang the test either.
        _ = reading.wait(timeout: .now() + 10)
        return ChildProcess(status: process.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self), timedOut: timedOut)
    }
}
