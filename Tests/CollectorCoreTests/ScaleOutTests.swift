import CollectorCore
import Foundation
import HummingbirdTesting
import RatingWire
import Testing

/// Two collector instances on one PostgreSQL database, fed the same batches at once.
@Suite("Two collector instances on one PostgreSQL database")
struct ScaleOutTests {
    static let devices = 20
    static let ratingsPerDevice: Int64 = 100
    /// Every fifth rating gets a reason amendment.
    static let amendmentEvery: Int64 = 5

    @Test func overlappingReplayedBatchesToBothInstancesStoreEveryRatingExactlyOnce() async throws {
        let location = try await PostgresTestServer.shared.freshDatabase()
        let first = try await PostgresCollectorStorage.open(location, logger: quietLogger)
        let second = try await PostgresCollectorStorage.open(location, logger: quietLogger)
        try await first.whileRunning {
            try await second.whileRunning {
                let secrets = try await Self.registerDevices(first)
                let settings = CollectorSettings(host: "127.0.0.1", port: 0)
                let appA = buildCollectorApplication(settings: settings, storage: first, logger: quietLogger)
                let appB = buildCollectorApplication(settings: settings, storage: second, logger: quietLogger)
                try await appA.test(.router) { clientA in
                    try await appB.test(.router) { clientB in
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            for (deviceID, secret) in secrets {
                                group.addTask { try await Self.upload(deviceID: deviceID, secret: secret, to: [clientA, clientB]) }
                            }
                            try await group.waitForAll()
                        }
                    }
                }
                try await Self.checkEveryRatingOnce(first)
            }
        }
    }

    static func deviceID(_ index: Int) -> String { "SCALE-\(index)" }

    static func registerDevices(_ storage: any CollectorStorage) async throws -> [(String, DeviceSecret)] {
        var secrets: [(String, DeviceSecret)] = []
        for index in 0..<devices {
            let secret = DeviceSecret.random()
            try await storage.addDevice(id: deviceID(index), secret: secret, addedAtMillis: 1_700_000_000_000)
            secrets.append((deviceID(index), secret))
        }
        return secrets
    }

    /// Batches of 10 new ratings that repeat the previous batch's last 5 (as a terminal does after a lost
    /// reply), with the amendments of those ratings; each batch goes to both instances at once, twice.
    static func upload(deviceID: String, secret: DeviceSecret, to clients: [any TestClientProtocol]) async throws {
        var low: Int64 = 1
        while low <= ratingsPerDevice {
            let high = min(low + 9, ratingsPerDevice)
            let seqs = max(1, low - 5)...high
            var value = batch(seqs.map { rating($0, id: "\(deviceID)-r\($0)") }, deviceID: deviceID)
            value.amendments = seqs.filter { $0 % amendmentEvery == 0 }.map { amendment($0 / amendmentEvery, rating: $0) }
            let body = try WireCoding.encode(value)
            let replies = try await withThrowingTaskGroup(of: UploadReply.self) { group in
                for client in clients + clients {
                    group.addTask { try await postRetryingWhileBusy(body, secret: secret, deviceID: deviceID, client: client) }
                }
                return try await group.reduce(into: [UploadReply]()) { $0.append($1) }
            }
            for reply in replies {
                // Everything up to this batch's end is stored (by this reply's instance or the other).
                #expect(reply.ackedThrough == high, "\(deviceID) batch \(seqs)")
                #expect(reply.amendmentsAckedThrough == high / amendmentEvery, "\(deviceID) batch \(seqs)")
                #expect(reply.rejected.isEmpty && reply.rejectedAmendments.isEmpty, "\(deviceID) batch \(seqs)")
            }
            low = high + 1
        }
    }

    /// Posts a batch; a 503 (busy) is retried as a terminal would.
    static func postRetryingWhileBusy(_ body: [UInt8], secret: DeviceSecret, deviceID: String,
                                      client: any TestClientProtocol) async throws -> UploadReply {
        for _ in 0..<50 {
            let response = try await client.postBatch(body, secret: secret, deviceID: deviceID)
            if response.status == .serviceUnavailable {
                try await Task.sleep(for: .milliseconds(50))
                continue
            }
            #expect(response.status == .ok, "\(response.text)")
            return try response.decoded(UploadReply.self)
        }
        throw FixtureError.status(503, "still busy after 50 tries")
    }

    static func checkEveryRatingOnce(_ storage: any CollectorStorage) async throws {
        let expectedCount = devices * Int(ratingsPerDevice)
        let stored = try await storage.ratings(after: 0, limit: expectedCount + 10)
        #expect(stored.count == expectedCount)
        let expectedIDs = Set((0..<devices).flatMap { index in (1...ratingsPerDevice).map { "\(deviceID(index))-r\($0)" } })
        #expect(Set(stored.map(\.rating.id)) == expectedIDs)
        #expect(Set(stored.map(\.cursor)).count == stored.count, "pull revisions are unique")
        #expect(stored.map(\.cursor) == stored.map(\.cursor).sorted())
        let amended = stored.filter { $0.rating.seq % amendmentEvery == 0 }
        #expect(amended.allSatisfy { $0.reason != nil })
        #expect(try await storage.conflicts(after: 0, limit: 10).isEmpty)
        for index in 0..<devices {
            let counts = try await storage.storedCounts(deviceID: deviceID(index), storeID: CollectorFixture.storeID)
            #expect(counts == StoredCounts(ratings: Int(ratingsPerDevice), amendments: Int(ratingsPerDevice / amendmentEvery), unratedServices: 0))
        }
    }
}
