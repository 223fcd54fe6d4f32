import CollectorCore
import Foundation
import GRDB
import HummingbirdTesting
import RatingWire
import Testing

@Suite("A busy or failing database answers 503 with Retry-After")
struct BusyDatabaseTests {
    @Test func exclusiveLockHeldElsewhereGives503ThenTheRetrySucceeds() async throws {
        var settings = CollectorSettings(host: "127.0.0.1", port: 0)
        settings.busyTimeout = .milliseconds(200)
        let fixture = try await CollectorFixture(settings: settings)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        var configuration = Configuration()
        // The test holds a transaction open across GRDB accesses on purpose: that is the lock under test.
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: fixture.databasePath, configuration: configuration)
        try await fixture.withServer { client in
            try await other.writeWithoutTransaction { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
            let locked = try await client.postBatch(batch([rating(1)]), secret: secret)
            #expect(locked.status == .serviceUnavailable)
            #expect(locked.headers[.retryAfter] == "5")
            #expect(try locked.errorReason().contains("busy"))

            try await other.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
            let retried = try await client.postBatch(batch([rating(1)]), secret: secret)
            #expect(retried.status == .ok)
            #expect(try retried.decoded(UploadReply.self).ackedThrough == 1)
        }
        try other.close()
    }

    @Test func unavailableStorageGives503OnIngestAndHealth() async throws {
        let fixture = try await CollectorFixture()
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        let failing = UnavailableStorage(secret: secret)
        try await fixture.withServer(storage: failing) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .serviceUnavailable)
            let ingest = try await client.postBatch(batch([rating(1)]), secret: secret)
            #expect(ingest.status == .serviceUnavailable)
            #expect(ingest.headers[.retryAfter] == "5")
            for uri in ["/v1/ratings", "/v1/services", "/v1/device-events", "/"] {
                let pull = try await client.execute(uri: uri, method: .get)
                #expect(pull.status == .serviceUnavailable, "\(uri)")
            }
        }
    }
}

/// A storage whose database is gone: it knows the device, then every other call fails.
struct UnavailableStorage: CollectorStorage {
    let secret: DeviceSecret
    var failure: CollectorStorageError { .unavailable(detail: "disk I/O error") }

    func device(id: String) async throws -> DeviceCredentials? { DeviceCredentials(id: id, secret: secret, retired: false) }
    func addDevice(id: String, secret: DeviceSecret, addedAtMillis: Int64) async throws { throw failure }
    func rotateDeviceSecret(id: String, secret: DeviceSecret) async throws { throw failure }
    func retireDevice(id: String) async throws { throw failure }
    func ingest(_ batch: CheckedBatch, receivedAtMillis: Int64) async throws -> UploadReply { throw failure }
    func ratingsPage(after cursor: Int64, limit: Int, includeFlagged: Bool, filter: RatingsFilter) async throws -> RatingsScan { throw failure }
    func unratedServices(after cursor: Int64, limit: Int) async throws -> [StoredUnratedService] { throw failure }
    func deviceEvents(after cursor: Int64, limit: Int) async throws -> [StoredDeviceEvent] { throw failure }
    func conflicts(after cursor: Int64, limit: Int) async throws -> [SetAsideRecord] { throw failure }
    func storedCounts(deviceID: String, storeID: String) async throws -> StoredCounts { throw failure }
    func devices() async throws -> [DeviceOverview] { throw failure }
    func dashboardCounts(_ query: DashboardQuery) async throws -> DashboardCounts { throw failure }
    func checkHealth() async throws { throw failure }
}
