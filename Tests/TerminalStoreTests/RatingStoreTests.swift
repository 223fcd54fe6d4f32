import Foundation
import GRDB
import RatingCore
@testable import TerminalStore
import Testing

struct RatingStoreTests {
    let placement = Placement(deviceID: "HN-BD-Q3", site: "Điện lực Ba Đình", counter: "Quầy 3")

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)/ratings.sqlite").path
    }

    func draft(_ score: Int, flags: Set<RatingFlag> = [], wall: Int64 = 1_700_000_000_000) throws -> RatingDraft {
        RatingDraft(score: try #require(Score(score)), flags: flags,
                    time: DeviceTime(wallMillis: wall, bootID: "boot-1", monotonicNanos: 123_456_789, clockSynced: false))
    }

    @Test func everyConnectionIsWALWithFullSync() async throws {
        let path = temporaryPath()
        let store = try RatingStore(path: path)
        #expect(try await store.database.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2, "synchronous=FULL is 2")
        // An independent connection sees the persistent WAL mode in the file itself.
        let probe = try DatabaseQueue(path: path)
        #expect(try await probe.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        // A second connection made with the store's configuration gets FULL too.
        let second = try DatabaseQueue(path: path, configuration: RatingStore.configuration())
        #expect(try await second.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
    }

    @Test func appendAssignsIncreasingSeqsAndKeepsEverything() async throws {
        let store = try RatingStore(path: temporaryPath())
        let a = try await store.append(try draft(5), placement: placement)
        let b = try await store.append(try draft(1, flags: [.repeat]), placement: placement)
        #expect(a.seq == 1 && b.seq == 2)
        #expect(a.storeID == store.storeID && a.id != b.id)
        let unsent = try await store.unsent(limit: 10)
        #expect(unsent == [a, b])
        #expect(unsent[1].flags == [.repeat])
        #expect(unsent[0].placement.site == "Điện lực Ba Đình")
    }

    @Test func storeIDSurvivesReopenAndANewFileGetsANewOne() async throws {
        let path = temporaryPath()
        let first = try RatingStore(path: path).storeID
        #expect(try RatingStore(path: path).storeID == first)
        #expect(try RatingStore(path: temporaryPath()).storeID != first)
    }

    @Test func acknowledgementMovesTheWatermarkAndSetsRejectedAside() async throws {
        let store = try RatingStore(path: temporaryPath())
        for score in [5, 4, 3] { _ = try await store.append(try draft(score), placement: placement) }
        try await store.acknowledge(storeID: store.storeID, through: 2, rejected: [(seq: 2, reason: "conflict")], at: 1_000)
        #expect(try await store.unsent(limit: 10).map(\.seq) == [3])
        #expect(try await store.unsentCount() == 1)
        let status = try await store.status()
        #expect(status.ackedThrough == 2 && status.setAsideCount == 1 && status.lastSeq == 3)
        // An older acknowledgement never moves the watermark back.
        try await store.acknowledge(storeID: store.storeID, through: 1, rejected: [], at: 2_000)
        #expect(try await store.ackedThrough() == 2)
        await #expect(throws: StoreError.self) { try await store.acknowledge(storeID: "other", through: 3, rejected: [], at: 0) }
    }

    @Test func retentionDeletesOnlyOldAcknowledgedRowsAndNeverReusesSeq() async throws {
        let store = try RatingStore(path: temporaryPath())
        let day: Int64 = 86_400_000
        for score in [5, 4, 3, 2] { _ = try await store.append(try draft(score), placement: placement) }
        try await store.acknowledge(storeID: store.storeID, through: 1, rejected: [], at: 0)
        try await store.acknowledge(storeID: store.storeID, through: 2, rejected: [], at: 20 * day)
        // Day 31, keep 30 days: seq 1 (acked day 0) goes; seq 2 (acked day 20) stays; 3 and 4 are unsent and stay.
        #expect(try await store.pruneAcknowledged(olderThanDays: 30, now: 31 * day) == 1)
        #expect(try await store.status().totalKept == 3)
        #expect(try await store.unsent(limit: 10).map(\.seq) == [3, 4])
        // Even 10 years later unsent ratings are kept.
        try await store.pruneAcknowledged(olderThanDays: 1, now: 3_650 * day)
        #expect(try await store.unsent(limit: 10).map(\.seq) == [3, 4])
        let next = try await store.append(try draft(1), placement: placement)
        #expect(next.seq == 5, "AUTOINCREMENT never hands out a deleted seq again")
    }

    @Test func aDamagedFileIsReportedNotOverwritten() throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let garbage = Data(repeating: 0x5a, count: 8_192)
        #expect(FileManager.default.createFile(atPath: path, contents: garbage))
        #expect(throws: StoreError.self) { _ = try RatingStore(path: path) }
        #expect(FileManager.default.contents(atPath: path) == garbage, "the damaged file is left as it was")
    }
}
