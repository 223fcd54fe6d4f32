import Foundation
import RatingWire

/// The demo's collector: the real `rating-collector` executable, run beside
/// this one on 127.0.0.1 with a free port and its state in the demo folder.
public final class CollectorProcess: Sendable {
    /// Where it listens, e.g. `http://127.0.0.1:41234`.
    public let baseURL: String
    private let process: Process

    private init(baseURL: String, process: Process) {
        self.baseURL = baseURL
        self.process = process
    }

    /// The `rating-collector` executable next to the running one.
    public static func locateBinary() throws -> String {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let sibling = own.deletingLastPathComponent().appendingPathComponent("rating-collector").path
        guard FileManager.default.isExecutableFile(atPath: sibling) else {
            throw DemoError.collectorMissing(expected: sibling)
        }
        return sibling
    }

    /// Registers `deviceID` with the collector database and returns its new secret.
    public static func addDevice(binary: String, database: String, deviceID: String, log: FileHandle) throws -> DeviceSecret {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["device", "add", deviceID, "--db", "sqlite:\(database)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = log
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let secret = DeviceSecret(hex: text) else {
            throw DemoError.collectorFailed("`rating-collector device add \(deviceID)` exited with \(process.terminationStatus)")
        }
        return secret
    }

    /// Starts `rating-collector serve` on 127.0.0.1 with a free port; returns once it listens.
    public static func start(binary: String, database: String, log: FileHandle) async throws -> CollectorProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--db", "sqlite:\(database)", "--listen", "127.0.0.1:0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = log
        try process.run()
        // The collector prints one line, "listening on http://HOST:PORT", once it accepts connections.
        let line = await Self.firstLine(of: output.fileHandleForReading)
        guard let line, let range = line.range(of: "listening on ") else {
            process.terminate()
            throw DemoError.collectorFailed("rating-collector serve stopped before it listened")
        }
        return CollectorProcess(baseURL: String(line[range.upperBound...]), process: process)
    }

    /// Stops the collector (SIGTERM) and waits for it to exit.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// Reads the first line on a plain thread: the read blocks, and Swift's cooperative pool must not.
    private static func firstLine(of handle: FileHandle) async -> String? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                while true {
                    let chunk = handle.readData(ofLength: 1)
                    guard let byte = chunk.first else { continuation.resume(returning: nil); return }
                    if byte == UInt8(ascii: "\n") { break }
                    bytes.append(byte)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}

/// Why the demo could not run.
public enum DemoError: Error, CustomStringConvertible, Equatable {
    case collectorMissing(expected: String)
    case collectorFailed(String)
    case unsafeStateFolder(String)
    case notSynced(stored: Int, acknowledged: Int, after: Int)

    public var description: String {
        switch self {
        case .collectorMissing(let expected):
            return "the collector executable is missing at \(expected); build both with `swift build` (or `make demo`)"
        case .collectorFailed(let detail):
            return "the demo collector failed: \(detail) (its log is collector.log in the demo folder)"
        case .unsafeStateFolder(let path):
            return "\(path) exists and is not a demo folder; choose another --state-dir or remove it"
        case .notSynced(let stored, let acknowledged, let after):
            return "only \(acknowledged) of \(stored) ratings were acknowledged after \(after) s (see collector.log in the demo folder)"
        }
    }
}
