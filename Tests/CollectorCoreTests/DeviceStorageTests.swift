import CollectorCore
import HummingbirdTesting
import RatingWire
import Testing

/// A `storage` event's detail as the terminal writes it.
private func storage(_ condition: String, free: Int64) -> JSONValue {
    .object(["condition": .string(condition), "free_bytes": .integer(free), "reserve_bytes": .integer(8 << 20)])
}

@Suite("GET /v1/devices: the device's storage condition from its newest storage event")
struct DeviceStorageTests {
    @Test(arguments: Backend.allCases) func theNewestStorageEventIsTheDevicesCondition(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            #expect(try await client.getJSON("/v1/devices", as: DevicesList.self).devices.first?.storage == nil, "none before any storage event")
            _ = try await client.postBatch(eventBatch([deviceEvent(1, kind: "storage", detail: storage("reserve_in_use", free: 4096)),
                                                       deviceEvent(2)]), secret: secret)
            let full = try #require(try await client.getJSON("/v1/devices", as: DevicesList.self).devices.first?.storage)
            #expect(full.condition == "reserve_in_use" && full.freeBytes == 4096 && full.reportedAt == "2023-11-14T22:13:21.000Z", "\(full)")
            _ = try await client.postBatch(eventBatch([deviceEvent(3, kind: "storage", detail: storage("ok", free: 20 << 20))]), secret: secret)
            let ok = try #require(try await client.getJSON("/v1/devices", as: DevicesList.self).devices.first?.storage)
            #expect(ok.condition == "ok" && ok.freeBytes == 20 << 20, "\(ok)")
        }
    }
}
