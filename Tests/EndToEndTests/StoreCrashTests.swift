import Foundation
import RatingCore
import TerminalStore
import Testing

/// Durability: a child process appends ratings and prints each seq once its commit returned;
/// it is killed with SIGKILL at random moments; every printed rating must be in the store.
struct StoreCrashTests {
    @Test func everyAcknowledgedRatingSurvivesSIGKILL() async throws {
        let writer = try Executables.path("rating-terminal")
        let folder = try Executables.temporaryFolder("crash")
        defer { try? FileManager.default.removeItem(at: folder) }
        let storePath = folder.appendingPathComponent("ratings.sqlite").path
        let rounds = 60
        // Why a thread of its own: the rounds block on pipes and child exits for seconds, which would
        // hold one of the few cooperative threads every other test needs.
        let (acknowledged, signalled) = try await Executables.offPool { () throws -> ([Int64: String], Int) in
            var acknowledged: [Int64: String] = [:]
            var signalled = 0
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<rounds {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: writer)
                process.arguments = ["_store-writer", "--store", storePath]
                let output = Pipe()
                process.standardOutput = output
                try process.run()
                // Kill after a random number of acknowledged lines (0 = possibly before the first commit).
                let killAfter = Int.random(in: 0...12, using: &generator)
                var reader = LineReader(handle: output.fileHandleForReading)
                var seen = 0
                while seen < killAfter, let line = reader.nextLine() {
                    try Self.record(line, into: &acknowledged)
                    seen += 1
                }
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                // Lines written before the kill were acknowledged too: read what is left in the pipe.
                while let line = reader.nextLine() { try Self.record(line, into: &acknowledged) }
                if process.terminationReason == .uncaughtSignal { signalled += 1 }
            }
            return (acknowledged, signalled)
        }
        #expect(signalled == rounds, "every writer was killed by the signal")
        let store = try RatingStore(path: storePath)
        let kept = try await store.unsent(limit: 1_000_000)
        let keptIDs = Dictionary(uniqueKeysWithValues: kept.map { ($0.seq, $0.id) })
        let missing = acknowledged.filter { keptIDs[$0.key] != $0.value }
        #expect(acknowledged.count > rounds, "the writer should have acknowledged ratings")
        #expect(missing.isEmpty, "acknowledged but lost after SIGKILL: \(missing.keys.sorted())")
        // Seqs are never reused: they increase without duplicates.
        #expect(kept.map(\.seq) == kept.map(\.seq).sorted() && Set(kept.map(\.seq)).count == kept.count)
    }

    private static func record(_ line: String, into acknowledged: inout [Int64: String]) throws {
        let parts = line.split(separator: " ")
        guard parts.count == 2, let seq = Int64(parts[0]) else { throw UnexpectedWriterOutput(line: line) }
        acknowledged[seq] = String(parts[1])
    }
}

/// The writer printed something that is not "SEQ RATING_ID".
struct UnexpectedWriterOutput: Error {
    var line: String
}

/// Reads lines from a pipe, blocking until a line or EOF arrives.
struct LineReader {
    let handle: FileHandle
    private var buffer: [UInt8] = []
    private var ended = false

    init(handle: FileHandle) { self.handle = handle }

    mutating func nextLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if ended { return nil }
            let chunk = handle.availableData
            if chunk.isEmpty { ended = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
