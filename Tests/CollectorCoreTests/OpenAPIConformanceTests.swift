import CollectorCore
import Foundation
import HummingbirdTesting
import RatingWire
import Testing

/// schemathesis (PyPI, installed by `make test` into .rig/pytools) generates requests from
/// `/openapi.yaml` and checks the live collector's answers: no 5xx, documented status codes and
/// content types, bodies that match the schemas. On both backends, with data of every kind stored.
@Suite("The collector against its OpenAPI document (schemathesis)", .enabled(if: Schemathesis.shouldRun, Schemathesis.skipReason))
struct OpenAPIConformanceTests {
    @Test(arguments: Backend.allCases) func generatedRequestsGetNoServerErrorAndConformingAnswers(backend: Backend) async throws {
        let st = try #require(Schemathesis.path, Schemathesis.skipReason)
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            // Something of every kind, so list answers are not only empty.
            _ = try await client.postBatch(fullBatch([windowRating(1), rating(2, flags: ["repeat"]), rating(3)],
                                                     amendments: [amendment(1, rating: 1)], services: [unrated(1)]), secret: secret)
            _ = try await client.postBatch(batch([rating(3, score: 1)]), secret: secret) // set aside: same seq, other content
            let port = try #require(client.port)
            let before = try await storedSnapshot(client)
            let run = try await ChildProcess.run(st, [
                "run", "http://127.0.0.1:\(port)/openapi.yaml",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                "--max-examples", "40", "--workers", "1", "--seed", "20261123", "--no-color",
            ], timeout: .seconds(240))
            let output = String(decoding: run.stdout, as: UTF8.self)
            #expect(!run.timedOut, "schemathesis ran out of time")
            #expect(run.status == 0, "schemathesis found problems:\n\(output.suffix(6000))\n\(run.stderr.suffix(2000))")
            // It really tested: every operation of the document (less the document itself) got generated requests.
            let tested = output.firstMatch(of: /Tested: (\d+)/).flatMap { Int($0.1) } ?? 0
            #expect(tested >= 10, "operations tested: \(tested)\n\(output.suffix(3000))")
            #expect(output.contains(/\d{3,} generated, \d+ passed/), "\(output.suffix(3000))")
            // Nothing stored from a rejected request: no generated request can carry a valid signature,
            // so whatever schemathesis sent (forged batches, unknown alert ids) was refused, and every
            // list the collector keeps must read exactly as before.
            let after = try await storedSnapshot(client)
            #expect(after == before, "schemathesis's requests changed what the collector stores")
            #expect(before.contains("rating-3") && before.contains("HN-BD-Q3"), "the snapshot shows the stored data: \(before.prefix(500))")
        }
    }
}

/// Everything the collector keeps, as its read API lists it (flagged ratings included).
private func storedSnapshot(_ client: some TestClientProtocol) async throws -> String {
    var parts: [String] = []
    for path in ["/v1/ratings?include_flagged=true&limit=1000", "/v1/services?limit=1000", "/v1/device-events?limit=1000",
                 "/v1/conflicts?limit=1000", "/v1/devices", "/v1/alerts?limit=1000"] {
        let response = try await client.execute(uri: path, method: .get)
        #expect(response.status == .ok, "GET \(path)")
        parts.append(path + " " + String(decoding: response.bytes, as: UTF8.self))
    }
    return parts.joined(separator: "\n")
}

/// Where the tests find schemathesis.
enum Schemathesis {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `.rig/pytools/bin/st`, if installed.
    static var path: String? {
        let candidate = root.appendingPathComponent(".rig/pytools/bin/st").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }
    /// Installed, or required by `make test` (then a missing tool fails the test instead of skipping it).
    static var shouldRun: Bool { path != nil || ProcessInfo.processInfo.environment["RATING_RIG_REQUIRED"] == "1" }
    static let skipReason: Comment = "schemathesis is not installed (.rig/pytools/bin/st): `make test` installs it (scripts/install-python-tools.sh)"
}
