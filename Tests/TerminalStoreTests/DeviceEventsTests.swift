import Foundation
import GRDB
import RatingCore
@testable import TerminalStore
import Testing

/// The device-events outbox: self-test reports kept, sent, acknowledged, pruned like the other kinds.
struct DeviceEventsTests {
    let placement = Placement(deviceID: "HN-BD-Q3", site: "Điện lực Ba Đình", counter: "Quầy 3")

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)/ratings.sqlite").path
    }

    func time(_ seconds: UInt64, synced: Bool = true) -> DeviceTime {
        DeviceTime(wallMillis: 1_700_000_000_000 + Int64(seconds) * 1000, bootID: "boot-1", monotonicNanos: seconds * 1_000_000_000,
                   clockSynced: synced)
    }

    func selftest(_ seconds: UInt64, passed: Bool = true) -> DeviceEvent {
        DeviceEvent(kind: "selftest", detail: #"{"passed": \#(passed), "steps": [{"name": "buttons", "ok": true}]}"#, time: time(seconds))
    }

    @Test func recordedEventsWaitUntilAcknowledgedAndKeepTheirDetailVerbatim() async throws {
        let path = temporaryPath()
        let store = try RatingStore(path: path)
        let rating = try await store.append(RatingDraft(score: try #require(Score(4)), flags: [], time: time(1)), placement: placement)
        let first = try await store.recordDeviceEvent(selftest(10, passed: false))
        let second = try await store.recordDeviceEvent(selftest(20))
        #expect(first.seq == 1 && second.seq == 2 && rating.seq == 1, "device events have their own seq")
        #expect(first.event == selftest(10, passed: false) && first.storeID == store.storeID)

        let reopened = try RatingStore(path: path)
        #expect(try await reopened.unsentDeviceEvents(limit: 10) == [first, second])
        #expect(try await reopened.unsentDeviceEvents(limit: 1) == [first])
        #expect(try await reopened.unsentDeviceEvents(limit: 1).first?.event.detail == selftest(10, passed: false).detail, "kept verbatim")
        #expect(try await reopened.unsentRecordCount() == 3)
        #expect(try await reopened.status().unsentDeviceEvents == 2, "status shows what waits")

        try await reopened.acknowledge(OutboxAcknowledgement(ratingsThrough: 1, deviceEventsThrough: 1), storeID: reopened.storeID, at: 1_000)
        #expect(try await reopened.unsentDeviceEvents(limit: 10) == [second])
        #expect(try await reopened.unsentRecordCount() == 1)
        #expect(try await reopened.ackedThroughOthers() == (amendments: 0, unratedServices: 0, deviceEvents: 1))
        // An older collector says nothing about device events: their cursor does not move (or move back).
        try await reopened.acknowledge(OutboxAcknowledgement(ratingsThrough: 1), storeID: reopened.storeID, at: 2_000)
        #expect(try await reopened.ackedThroughOthers().deviceEvents == 1)
        try await reopened.acknowledge(OutboxAcknowledgement(ratingsThrough: 1, deviceEventsThrough: 2, rejectedDeviceEvents: [(seq: 2, reason: "conflict")]),
                                       storeID: reopened.storeID, at: 3_000)
        let status = try await reopened.status()
        #expect(status.unsentDeviceEvents == 0 && status.setAsideRecords == 1, "status shows the refused event")
        let setAside = try await reopened.database.read { try String.fetchAll($0, sql: "SELECT kind FROM set_aside_records") }
        #expect(setAside == ["device_event"])
    }

    @Test func theLatestEventOfAKindIsTheNewestStillOnTheDevice() async throws {
        let store = try RatingStore(path: temporaryPath())
        #expect(try await store.latestDeviceEvent(kind: "selftest") == nil)
        _ = try await store.recordDeviceEvent(selftest(10, passed: false))
        let newest = try await store.recordDeviceEvent(selftest(20))
        _ = try await store.recordDeviceEvent(DeviceEvent(kind: "disk_check", detail: "{}", time: time(30)))
        try await store.acknowledge(OutboxAcknowledgement(ratingsThrough: 0, deviceEventsThrough: 3), storeID: store.storeID, at: 0)
        #expect(try await store.latestDeviceEvent(kind: "selftest") == newest, "sent or not")
        #expect(try await store.latestDeviceEvent(kind: "disk_check")?.seq == 3)
        #expect(try await store.latestDeviceEvent(kind: "other") == nil)
    }

    @Test(arguments: [("SelfTest", "{}"), ("", "{}"), ("self-test", "{}"), (String(repeating: "a", count: 41), "{}"),
                      ("selftest", "[1, 2]"), ("selftest", "passed"), ("selftest", #""text""#), ("selftest", "{\"a\": "),
                      ("selftest", #"{"log": ""# + String(repeating: "x", count: 16 * 1024) + #""}"#)])
    func anInvalidKindOrDetailIsRefusedAndNothingIsKept(kind: String, detail: String) async throws {
        let store = try RatingStore(path: temporaryPath())
        let error = await #expect(throws: StoreError.self) {
            try await store.recordDeviceEvent(DeviceEvent(kind: kind, detail: detail, time: time(1)))
        }
        #expect(error?.description.contains("a device event was not kept") == true, "\(String(describing: error))")
        #expect(try await store.unsentRecordCount() == 0)
        let longest = DeviceEvent(kind: String(repeating: "a", count: 40), detail: "{}", time: time(1))
        #expect(try await store.recordDeviceEvent(longest).seq == 1, "40 characters is still a kind; seq 1 was not used up")
    }

    @Test func aV2FileMigratesKeepingItsRecordsAndTakesDeviceEvents() async throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: path)
        try RatingStore.migrator.migrate(old, upTo: "v2: ticket, staff and window of a rating; amendments and unrated services outboxes")
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO store_info (id, store_id, created_wall_ms) VALUES (1, 'v2-store', 0);
                INSERT INTO ratings (rating_id, score, flags, device_id, site, counter, wall_ms, boot_id, mono_ns, clock_synced)
                VALUES ('r1', 4, '', 'HN-BD-Q3', 's', 'c', 1, 'b', 2, 1);
                INSERT INTO amendments (rating_seq, kind, value, wall_ms, boot_id, mono_ns, clock_synced) VALUES (1, 'flag', 'burst', 1, 'b', 3, 1);
                INSERT INTO amendments (rating_seq, kind, value, wall_ms, boot_id, mono_ns, clock_synced) VALUES (1, 'reason', 'other', 1, 'b', 4, 1);
                INSERT INTO set_aside_records (kind, seq, reason, set_aside_wall_ms) VALUES ('amendment', 1, 'conflict', 5);
                UPDATE upload_state SET amendments_acked_through = 1;
                """)
        }
        try old.close()

        let store = try RatingStore(path: path)
        #expect(store.storeID == "v2-store")
        #expect(try await store.unsent(limit: 10).map(\.id) == ["r1"])
        #expect(try await store.unsentAmendments(limit: 10).map(\.seq) == [2])
        #expect(try await store.unsentDeviceEvents(limit: 10).isEmpty)
        #expect(try await store.unsentRecordCount() == 2)
        #expect(try await store.status().setAsideRecords == 1, "the set-aside amendment survives the table's rebuild")
        let event = try await store.recordDeviceEvent(selftest(9))
        #expect(event.seq == 1)
        #expect(try await store.unsentRecordCount() == 3)
        try await store.acknowledge(OutboxAcknowledgement(ratingsThrough: 1, deviceEventsThrough: 1, rejectedDeviceEvents: [(seq: 1, reason: "x")]),
                                    storeID: store.storeID, at: 0)
        #expect(try await store.status().setAsideRecords == 2, "the rebuilt table takes device events")
        let checks = try await store.database.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        #expect(checks == ["ok"])
    }

    @Test func retentionPrunesAcknowledgedEventsButNeverUnsentOrSetAsideOnes() async throws {
        let store = try RatingStore(path: temporaryPath())
        let day: Int64 = 86_400_000
        _ = try await store.recordDeviceEvent(selftest(1))
        _ = try await store.recordDeviceEvent(selftest(2))
        let unsent = try await store.recordDeviceEvent(selftest(3))
        try await store.acknowledge(OutboxAcknowledgement(ratingsThrough: 0, deviceEventsThrough: 2, rejectedDeviceEvents: [(seq: 2, reason: "x")]),
                                    storeID: store.storeID, at: 0)
        try await store.pruneAcknowledged(olderThanDays: 30, now: 29 * day)
        #expect(try await store.database.read { try Int64.fetchAll($0, sql: "SELECT seq FROM device_events") } == [1, 2, 3], "too young")
        try await store.pruneAcknowledged(olderThanDays: 30, now: 31 * day)
        #expect(try await store.database.read { try Int64.fetchAll($0, sql: "SELECT seq FROM device_events") } == [2, 3])
        #expect(try await store.unsentDeviceEvents(limit: 10) == [unsent])
        #expect(try await store.recordDeviceEvent(selftest(4)).seq == 4, "AUTOINCREMENT: seqs are never reused")
    }

    @Test func retentionKeepsTheNewestEventOfEachKindForStatus() async throws {
        let store = try RatingStore(path: temporaryPath())
        let day: Int64 = 86_400_000
        for number: UInt64 in 1...3 { _ = try await store.recordDeviceEvent(selftest(number)) }
        try await store.acknowledge(OutboxAcknowledgement(ratingsThrough: 0, deviceEventsThrough: 3), storeID: store.storeID, at: 0)
        try await store.pruneAcknowledged(olderThanDays: 30, now: 31 * day)
        #expect(try await store.database.read { try Int64.fetchAll($0, sql: "SELECT seq FROM device_events") } == [3])
        #expect(try await store.latestDeviceEvent(kind: "selftest")?.seq == 3)
    }

    @Test func exportSelectsEventsByTheirTime() async throws {
        let store = try RatingStore(path: temporaryPath())
        let old = try await store.recordDeviceEvent(selftest(1))
        let unsynced = try await store.recordDeviceEvent(DeviceEvent(kind: "selftest", detail: "{}", time: time(2, synced: false)))
        let recent = try await store.recordDeviceEvent(selftest(100))
        let all = ExportSelection(sinceWallMillis: nil)
        #expect(try await store.exportDeviceEvents(all, afterSeq: 0, limit: 10) == [old, unsynced, recent])
        #expect(try await store.exportDeviceEvents(all, afterSeq: 1, limit: 1) == [unsynced])
        let since = ExportSelection(sinceWallMillis: time(50).wallMillis)
        #expect(try await store.exportDeviceEvents(since, afterSeq: 0, limit: 10) == [unsynced, recent])
    }
}
