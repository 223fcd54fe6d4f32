import CollectorCore
import RatingWire
import Testing

@Suite("Uploads update the device's state")
struct DeviceStateTests {
    @Test(arguments: Backend.allCases) func lastUploadQueueDepthAndSentAtAreRecorded(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        let sent = batch([rating(1), rating(2)])
        try await fixture.withServer { client in
            let response = try await client.postBatch(sent, secret: secret)
            #expect(response.status == .ok)
        }
        let row = try await fixture.deviceUploadState()
        #expect(row?.lastUploadAt == 1_700_000_123_456)
        #expect(row?.queueDepth == 2)
        let sentAt = try row?.sentAtJSON.map { try WireCoding.decode(WireTime.self, from: Array($0.utf8)) }
        #expect(sentAt == sent.sentAt)
    }

    @Test(arguments: Backend.allCases) func addingAnExistingDeviceFailsAndRotationReplacesTheSecret(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
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
