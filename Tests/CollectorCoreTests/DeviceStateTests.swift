import CollectorCore
import GRDB
import RatingWire
import Testing

@Suite("Uploads update the device's state")
struct DeviceStateTests {
    @Test func lastUploadQueueDepthAndSentAtAreRecorded() async throws {
        let fixture = try await CollectorFixture()
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        let sent = batch([rating(1), rating(2)])
        try await fixture.withServer { client in
            let response = try await client.postBatch(sent, secret: secret)
            #expect(response.status == .ok)
        }
        let reader = try DatabaseQueue(path: fixture.databasePath)
        let row = try await reader.read { db in
            try Row.fetchOne(db, sql: "SELECT last_upload_at, last_queue_depth, last_sent_at FROM devices WHERE id = ?",
                             arguments: [CollectorFixture.deviceID]).map { ($0["last_upload_at"] as Int64?, $0["last_queue_depth"] as Int?, $0["last_sent_at"] as String?) }
        }
        #expect(row?.0 == 1_700_000_123_456)
        #expect(row?.1 == 2)
        let sentAt = try row?.2.map { try WireCoding.decode(WireTime.self, from: Array($0.utf8)) }
        #expect(sentAt == sent.sentAt)
        try reader.close()
    }

    @Test func addingAnExistingDeviceFailsAndRotationReplacesTheSecret() async throws {
        let fixture = try await CollectorFixture()
        defer { fixture.removeFolder() }
        await #expect(throws: CollectorStorageError.deviceExists(CollectorFixture.deviceID)) {
            try await fixture.storage.addDevice(id: CollectorFixture.deviceID, secret: .random(), addedAtMillis: 0)
        }
        let fresh = DeviceSecret.random()
        try await fixture.storage.rotateDeviceSecret(id: CollectorFixture.deviceID, secret: fresh)
        #expect(try await fixture.storage.device(id: CollectorFixture.deviceID)?.secret == fresh)
        await #expect(throws: CollectorStorageError.unknownDevice("NOBODY")) {
            try await fixture.storage.retireDevice(id: "NOBODY")
        }
    }
}
