import CollectorCore
import Foundation
import Hummingbird
import HummingbirdTesting
import RatingWire
import Testing

@Suite("The read endpoints need the admin token; ingest, /healthz and /metrics stay open")
struct AdminTokenTests {
    static let token = "s3cret-admin-token-0123"

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    @Test(arguments: Backend.allCases) func readsWithoutOrWithAWrongTokenAre401(backend: Backend) async throws {
        var settings = CollectorSettings(host: "127.0.0.1", port: 0)
        settings.adminToken = Self.token
        let fixture = try await CollectorFixture(backend: backend, settings: settings)
        defer { fixture.removeFolder() }
        try await fixture.withServer { client in
            for path in ["/v1/ratings", "/v1/services", "/v1/conflicts", "/v1/device-events"] {
                let missing = try await client.execute(uri: path, method: .get)
                #expect(missing.status == .unauthorized, "\(path)")
                #expect(try missing.errorReason().contains("needs the collector's admin token"), "\(path)")
                #expect(missing.headers[.wwwAuthenticate] == #"Basic realm="rating-collector""#, "\(path)")
            }
            for header in ["Bearer wrong-token-0123456789", "Bearer \(Self.token)x", Self.basic("admin", "nope"), "Token \(Self.token)"] {
                let wrong = try await client.execute(uri: "/v1/ratings", method: .get, headers: [.authorization: header])
                #expect(wrong.status == .unauthorized, "\(header)")
                #expect(wrong.headers[.wwwAuthenticate] == #"Basic realm="rating-collector""#)
                #expect(!(try wrong.errorReason()).isEmpty)
            }
            let wrong = try await client.execute(uri: "/v1/ratings", method: .get, headers: [.authorization: "Bearer not-it-at-all-000"])
            #expect(try wrong.errorReason().contains("does not match"))
        }
    }

    @Test(arguments: Backend.allCases) func bearerAndBasicReadAndIngestNeedsNoAdminToken(backend: Backend) async throws {
        var settings = CollectorSettings(host: "127.0.0.1", port: 0)
        settings.adminToken = Self.token
        let fixture = try await CollectorFixture(backend: backend, settings: settings)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let stored = try await client.postBatch(batch([rating(1), rating(2)]), secret: secret)
            #expect(stored.status == .ok)
            let bearer = try await client.execute(uri: "/v1/ratings", method: .get, headers: [.authorization: "Bearer \(Self.token)"])
            #expect(bearer.status == .ok)
            #expect(try bearer.decoded(RatingsPage.self).ratings.map(\.seq) == [1, 2])
            for user in ["admin", "", "anyone at all"] {
                let basic = try await client.execute(uri: "/v1/conflicts", method: .get, headers: [.authorization: Self.basic(user, Self.token)])
                #expect(basic.status == .ok, "user \(user)")
            }
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .ok)
        }
    }

    @Test func withoutATokenOnlyLoopbackMayListen() {
        for host in ["127.0.0.1", "127.8.9.10", "localhost", "::1", "::ffff:127.0.0.1"] {
            #expect(AdminAccess.problem(host: host, adminToken: nil) == nil, "\(host)")
        }
        for host in ["0.0.0.0", "::", "10.1.2.3", "192.168.1.20", "collector.example", "1127.0.0.1"] {
            let problem = AdminAccess.problem(host: host, adminToken: nil)
            #expect(problem?.contains("--admin-token-file") == true, "\(host)")
            #expect(AdminAccess.problem(host: host, adminToken: Self.token) == nil, "\(host)")
        }
    }

    @Test func tokenFileIsTrimmedAndShortTokensAreRefusedNamingTheFile() throws {
        #expect(try AdminAccess.token("\(Self.token)\n", from: "/etc/t") == Self.token)
        #expect(try AdminAccess.token("\(Self.token)\r\n", from: "/etc/t") == Self.token)
        #expect(throws: AdminAccess.TokenFileError.tooShort(path: "/etc/short", length: 15)) {
            try AdminAccess.token("0123456789abcde\n", from: "/etc/short")
        }
        #expect(AdminAccess.TokenFileError.tooShort(path: "/etc/short", length: 15).description.contains("/etc/short"))
        let missing = "/nonexistent-\(UUID().uuidString)/token"
        do {
            _ = try AdminAccess.readToken(file: missing)
            Issue.record("a missing file gave a token")
        } catch {
            #expect(error.description.contains(missing))
        }
    }

    @Test func tokenComparisonMatchesOnlyTheSameToken() {
        #expect(AdminAccess.matches(Self.token, expected: Self.token))
        for other in ["", "s", String(Self.token.dropLast()), Self.token + "x", "S3cret-admin-token-0123", String(repeating: Self.token, count: 2)] {
            #expect(!AdminAccess.matches(other, expected: Self.token), "\(other)")
        }
        #expect(AdminAccess.presentedToken(authorization: "Bearer abc") == "abc")
        #expect(AdminAccess.presentedToken(authorization: Self.basic("u", "p:q")) == "p:q")
        #expect(AdminAccess.presentedToken(authorization: "Basic !!!") == nil)
        #expect(AdminAccess.presentedToken(authorization: nil) == nil)
    }
}
