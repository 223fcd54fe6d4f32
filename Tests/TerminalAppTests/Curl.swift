import Foundation
import TerminalHardware

/// One HTTP request made by the curl command-line tool (a real client, independent of the
/// server under test), over loopback TCP or a Unix socket.
struct Curl {
    struct Answer: Sendable {
        var status: Int
        var body: String
        var headers: String
    }

    /// Sends `method path` with `body` to the server at `address`; runs off the cooperative pool.
    static func send(_ method: String, _ path: String, body: String? = nil, to address: LocalListenAddress,
                     extra: [String] = []) async throws -> Answer {
        var arguments = ["-sS", "--max-time", "10", "-X", method, "-D", "-", "-w", "\n%{http_code}"]
        switch address {
        case .loopback(let host, let port): arguments.append("http://\(host):\(port)\(path)")
        case .unixSocket(let socket): arguments += ["--unix-socket", socket, "http://localhost\(path)"]
        }
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        arguments += extra
        let command = arguments
        let run = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Int32, String, String), any Error>) in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runCurl(command) })
            }
        }
        guard run.0 == 0 else { throw CurlFailed(status: run.0, stderr: run.2) }
        let output = run.1
        let headEnd = output.range(of: "\r\n\r\n")
        let headers = headEnd.map { String(output[..<$0.lowerBound]) } ?? ""
        let rest = headEnd.map { String(output[$0.upperBound...]) } ?? output
        let lines = rest.split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.last ?? "") ?? 0
        return Answer(status: status, body: lines.dropLast().joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines),
                      headers: headers)
    }

    struct CurlFailed: Error { var status: Int32; var stderr: String }

    private static func runCurl(_ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
