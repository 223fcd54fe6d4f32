import Foundation
import GRDB
import RatingCore
@testable import TerminalStore
import Testing

/// Ticket, staff and window with a rating; the amendments and unrated-services outboxes.
struct OutboxAdditionsTests {
    let placement = Placement(deviceID: "HN-BD-Q3", site: "Điện lực Ba Đình", counter: "Quầy 3")

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)/ratings.sqlite").path
    }

    func time(_ seconds: UInt64) -> DeviceTime {
        DeviceTime(wallMillis: 1_700_000_000_000 + Int64(seconds) * 1000, bootID: "boot-1", monotonicNanos: seconds * 1_000_000_000, clockSynced: true)
    }

    @Test func aV1FileMigratesAndItsRatingsReadBackWithoutAWindow() async throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: path)
        try RatingStore.migrator.migrate(old, upTo: "v1: store info, ratings outbox, upload state, set-aside")
        try await old.write { db in
            try db.execute(sql: "INSERT INTO store_info (id, store_id, created_wall_ms) VALUES (1, 'old-store', 0)")
            try db.execute(sql: """
                INSERT INTO ratings (rating_id, score, flags, device_id, site, counter, wall_ms, boot_id, mono_ns, clock_synced)
                VALUES ('r1', 4, '', 'HN-BD-Q3', 's', 'c', 1, 'b', 2, 1)
                """)
        }
        try old.close()
        let store = try RatingStore(path: path)
        #expect(store.storeID == "old-store")
        let ratings = try await store.unsent(limit: 10)
        #expect(ratings.map(\.seq) == [1] && ratings[0].service == nil)
        #expect(try await store.unsentAmendments(limit: 10).isEmpty)
        #expect(try await store.unsentRecordCount() == 1)
    }

    @Test func ticketStaffAndWindowAreKeptWithTheRating() async throws {
        let store = try RatingStore(path: temporaryPath())
        let service = ServiceRecord(ticket: "A017", staff: "nv07", openedAt: time(10))
        let stored = try await store.append(RatingDraft(score: try #require(Score(2)), flags: [], time: time(12), service: service),
                                            placement: placement)
        let plain = try await store.append(RatingDraft(score: try #require(Score(5)), flags: [.noWindow], time: time(90)), placement: placement)
        let unsent = try await store.unsent(limit: 10)
        #expect(unsent == [stored, plain])
        #expect(unsent[0].service == service && unsent[1].service == nil)
        let nothing = ServiceRecord(ticket: nil, staff: nil, openedAt: time(100))
        let anonymous = try await store.append(RatingDraft(score: try #require(Score(3)), flags: [], time: time(101), service: nothing),
                                               placement: placement)
        #expect(try await store.unsent(limit: 10).last?.service == anonymous.service, "a window without ticket or staff is still a window")
    }

    @Test func amendmentsHaveTheirOwnSeqAndCursorAndSurviveAReopen() async throws {
        let path = temporaryPath()
        let store = try RatingStore(path: path)
        let rating = try await store.append(RatingDraft(score: try #require(Score(2)), flags: [], time: time(1)), placement: placement)
        let reason = try await store.amend(ratingSeq: rating.seq, .reason(.waitingTime), at: time(4))
        let burst = try await store.amend(ratingSeq: rating.seq, .flag(.burst), at: time(6))
        #expect(reason.seq == 1 && burst.seq == 2 && reason.ratingSeq == 1)
        #expect(try await store.unsent(limit: 10) == [rating], "the rating itself is never rewritten")

        let reopened = try RatingStore(path: path)
        #expect(try await reopened.unsentAmendments(limit: 10) == [reason, burst])
        #expect(try await reopened.unsentRecordCount() == 3)
        #expect(try await reopened.status().unsentAmendments == 2)
        // The collector acknowledges the rating and the first amendment; it sets the second aside.
        try await reopened.acknowledge(OutboxAcknowledgement(ratingsThrough: 1, amendmentsThrough: 2, unratedServicesThrough: 0,
                                                             rejectedAmendments: [(seq: 2, reason: "conflict")]),
                                       storeID: reopened.storeID, at: 1_000)
        #expect(try await reopened.unsentAmendments(limit: 10).isEmpty)
        #expect(try await reopened.unsentRecordCount() == 0)
        #expect(try await reopened.ackedThroughOthers() == (amendments: 2, unratedServices: 0, deviceEvents: 0))
        let setAside = try await reopened.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM set_aside_records WHERE kind = 'amendment'") }
        #expect(setAside == 1)
        let status = try await reopened.status()
        #expect(status.unsentAmendments == 0 && status.setAsideRecords == 1, "status shows the refused amendment")
        // An older collector says nothing about amendments: their cursor does not move (or move back).
        try await reopened.acknowledge(OutboxAcknowledgement(ratingsThrough: 1), storeID: reopened.storeID, at: 2_000)
        #expect(try await reopened.ackedThroughOthers().amendments == 2)
    }

    @Test func unratedServicesAreAnOutboxOfTheirOwn() async throws {
        let store = try RatingStore(path: temporaryPath())
        let first = try await store.recordUnratedService(ServiceRecord(ticket: "A018", staff: "nv07", openedAt: time(20)), closedAt: time(50))
        let second = try await store.recordUnratedService(ServiceRecord(ticket: nil, staff: nil, openedAt: time(60)), closedAt: time(70))
        #expect(first.seq == 1 && second.seq == 2)
        #expect(try await store.unsentUnratedServices(limit: 10) == [first, second])
        #expect(try await store.unsentUnratedServices(limit: 1) == [first])
        #expect(try await store.status().unsentUnratedServices == 2, "status shows what waits")
        try await store.acknowledge(OutboxAcknowledgement(ratingsThrough: 0, unratedServicesThrough: 1), storeID: store.storeID, at: 0)
        #expect(try await store.unsentUnratedServices(limit: 10) == [second])
        #expect(try await store.status().unsentUnratedServices == 1)
        await #expect(throws: StoreError.self) {
            try await store.acknowledge(OutboxAcknowledgement(ratingsThrough: 0, unratedServicesThrough: 2), storeID: "other", at: 0)
        }
    }

    @Test func retentionPrunesAcknowledgedAmendmentsAndServicesButNeverUnsentOnes() async throws {
        let store = try RatingStore(path: temporaryPath())
        let day: Int64 = 86_400_000
        let rating = try await store.append(RatingDraft(score: try #require(Score(1)), flags: [], time: time(1)), placement: placement)
        _ = try await store.amend(ratingSeq: rating.seq, .reason(.other), at: time(2))
        let kept = try await store.amend(ratingSeq: rating.seq, .flag(.burst), at: time(3))
        _ = try await store.recordUnratedService(ServiceRecord(ticket: "A1", staff: nil, openedAt: time(4)), closedAt: time(5))
        try await store.acknowledge(OutboxAcknowledgement(ratingsThrough: 1, amendmentsThrough: 1, unratedServicesThrough: 1),
                                    storeID: store.storeID, at: 0)
        #expect(try await store.pruneAcknowledged(olderThanDays: 30, now: 31 * day) == 1)
        #expect(try await store.unsentAmendments(limit: 10) == [kept])
        let left = try await store.database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM amendments") ?? -1, try Int.fetchOne(db, sql: "SELECT count(*) FROM unrated_services") ?? -1)
        }
        #expect(left == (1, 0))
        #expect(try await store.amend(ratingSeq: 1, .flag(.burst), at: time(9)).seq == 3, "AUTOINCREMENT: amendment seqs are never reused")
    }
}
