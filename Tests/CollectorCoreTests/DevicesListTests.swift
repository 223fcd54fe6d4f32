import CollectorCore
import HummingbirdTesting
import RatingWire
import Testing

@Suite("GET /v1/devices: last upload, backlog, clock, stores and seq gaps")
struct DevicesListTests {
    @Test func gapsAreTheMissingSeqsAboveTheWatermark() {
        #expect(SeqGaps.between(ackedThrough: 10, heldAbove: []) == ([], 0))
        let found = SeqGaps.between(ackedThrough: 10, heldAbove: [12, 13, 16])
        #expect(found.gaps == [11...11, 14...15] && found.missing == 3)
        let many = SeqGaps.between(ackedThrough: 0, heldAbove: stride(from: 2, through: 400, by: 2).map { Int64($0) })
        #expect(many.gaps.count == SeqGaps.listed && many.missing == 200, "ranges listed are capped, the count is not")
    }

    @Test(arguments: Backend.allCases) func aDeviceShowsItsUploadItsClockAndItsGaps(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let before = try await client.getJSON("/v1/devices", as: DevicesList.self)
            #expect(before.devices.map(\.id) == [CollectorFixture.deviceID])
            #expect(before.devices.first?.lastUploadAt == nil && before.devices.first?.stores.isEmpty == true)

            _ = try await client.postBatch(batch([1, 2, 3, 5, 6, 9].map { rating($0) }), secret: secret)
            let device = try #require(try await client.getJSON("/v1/devices", as: DevicesList.self).devices.first)
            #expect(device.lastUploadAt == "2023-11-14T22:15:23.456Z", "the collector's clock at receipt")
            #expect(device.queueDepth == 6)
            // The fixture's sent_at is 1_700_000_100_000, synchronised; received at 1_700_000_123_456.
            #expect(device.clock == PulledClock(synced: true, offsetMillis: -23_456, bootID: "boot-1"))
            let store = try #require(device.stores.first)
            #expect(store.storeID == CollectorFixture.storeID && store.ackedThrough == 3 && store.highestSeq == 9 && store.ratings == 6)
            #expect(store.gaps == [[4, 4], [7, 8]] && store.missing == 3)
        }
    }
}
