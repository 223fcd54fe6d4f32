import CollectorCore
import Foundation
import HummingbirdTesting
import PostgresNIO
import RatingWire
import Testing

@Suite("PostgreSQL: a busy or unreachable database")
struct PostgresBusyTests {
    @Test func aLockHeldByAnotherTransactionGives503ThenTheRetrySucceeds() async throws {
        var settings = CollectorSettings(host: "127.0.0.1", port: 0)
        settings.busyTimeout = .milliseconds(200)
        let fixture = try await CollectorFixture(backend: .postgres, settings: settings)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        let location = try #require(fixture.postgres)
        let configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: nil, database: location.database, tls: .disable)
        let other = try await PostgresConnection.connect(configuration: configuration, id: 3, logger: quietLogger)
        try await fixture.withServer { client in
            // Another instance in the middle of an ingest: it holds the pull revision counter.
            _ = try await other.query("BEGIN", logger: quietLogger).collect()
            _ = try await other.query("SELECT last FROM pull_counters WHERE name = 'revision' FOR UPDATE", logger: quietLogger).collect()
            let locked = try await client.postBatch(batch([rating(1)]), secret: secret)
            #expect(locked.status == .serviceUnavailable, "\(locked.text)")
            #expect(locked.headers[.retryAfter] == "5")
            #expect(try locked.errorReason().contains("busy"))

            _ = try await other.query("ROLLBACK", logger: quietLogger).collect()
            let retried = try await client.postBatch(batch([rating(1)]), secret: secret)
            #expect(retried.status == .ok)
            #expect(try retried.decoded(UploadReply.self).ackedThrough == 1)
        }
        try await other.close()
    }

    @Test func aRefusedConnectionAtStartUpSaysSo() async throws {
        let nobody = PostgresLocation(host: "127.0.0.1", port: try PostgresTestServer.freePort(), database: "nothing")
        do {
            _ = try await PostgresCollectorStorage.open(nobody, logger: quietLogger)
            Issue.record("opened a database where no server listens")
        } catch {
            guard case .cannotOpen(let where_, let detail) = error else {
                Issue.record("expected cannotOpen, got \(error)")
                return
            }
            #expect(where_.contains("127.0.0.1"))
            #expect(detail.lowercased().contains("refused"), "\(detail)")
        }
    }

    @Test func aDatabaseThatGoesAwayIsUnavailableWithinTheConnectWait() async throws {
        let location = try await PostgresTestServer.shared.freshDatabase()
        let storage = try await PostgresCollectorStorage.open(location, connectWait: .seconds(1), logger: quietLogger)
        try await storage.whileRunning {
            try await storage.checkHealth()
            let admin = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                         password: nil, database: "postgres", tls: .disable)
            let connection = try await PostgresConnection.connect(configuration: admin, id: 4, logger: quietLogger)
            _ = try await connection.query("DROP DATABASE \(unescaped: location.database) WITH (FORCE)", logger: quietLogger).collect()
            try await connection.close()
            let started = ContinuousClock.now
            for _ in 0..<2 { // the first call may still meet a pooled connection the drop closed
                do {
                    try await storage.checkHealth()
                    Issue.record("the health check passed on a dropped database")
                } catch let error as CollectorStorageError {
                    guard case .unavailable = error else {
                        Issue.record("expected unavailable, got \(error)")
                        continue
                    }
                }
            }
            #expect(ContinuousClock.now - started < .seconds(8))
        }
    }
}
