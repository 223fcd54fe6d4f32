import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The built `rating-collector serve` on 127.0.0.1 with a free port.
final class CollectorServer {
    let process = Process()
    let baseURL: String

    init(binary: String, database: String) throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--db", "sqlite:\(database)", "--listen", "127.0.0.1:0"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var reader = LineReader(handle: out.fileHandleForReading)
        let first = reader.nextLine()
        let line = try #require(first, "the collector exited before it listened")
        let range = try #require(line.range(of: "listening on "), "unexpected first line: \(line)")
        baseURL = String(line[range.upperBound...])
    }

    func getJSON(_ path: String) async throws -> [String: Any] {
        let url = try #require(URL(string: baseURL + path))
        let (data, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
