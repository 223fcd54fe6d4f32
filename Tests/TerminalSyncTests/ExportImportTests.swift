import CollectorCore
import Foundation
import RatingCore
import RatingWire
import TerminalApp
import TerminalStore
import TerminalSync
import Testing

/// The USB-stick path: a real terminal store exported, the file imported into the real collector's
/// SQLite storage, and the same records uploaded afterwards — each counted once.
struct ExportImportTests {
    let deviceID = "HN-BD-Q3"
    let secret = DeviceSecret.random()
    let placement = Placement(deviceID: "HN-BD-Q3", site: "Điện lực Ba Đình", counter: "Quầy 3")
    static let synced = DeviceTime(wallMillis: 1_800_000_000_000, bootID: "boot-a", monotonicNanos: 5, clockSynced: true)
    static let unsynced = DeviceTime(wallMillis: 1_000, bootID: "boot-b", monotonicNanos: 7, clockSynced: false)

    /// A store with ratings 5, 1 (with a reason), 4 (made before the clock was set), one unrated service and one self-test report.
    func store() async throws -> RatingStore {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).sqlite").path
        let store = try RatingStore(path: path)
        for (score, time) in [(5, Self.synced), (1, Self.synced), (4, Self.unsynced)] {
            _ = try await store.append(RatingDraft(score: Score(score) ?? Score.all[0], flags: [], time: time), placement: placement)
        }
        _ = try await store.amend(ratingSeq: 2, .reason(.waitingTime), at: Self.synced)
        _ = try await store.recordUnratedService(ServiceRecord(ticket: "A-017", staff: "nv-07", openedAt: Self.synced), closedAt: Self.synced)
        _ = try await store.recordDeviceEvent(DeviceEvent(kind: "selftest", detail: #"{"passed": true}"#, time: Self.synced))
        return store
    }

    func export(_ store: RatingStore, _ format: ExportFormat, since: Int64? = nil) async throws -> ([UInt8], ExportCounts) {
        var bytes: [UInt8] = []
        let counts = try await StoreExport(store: store, deviceID: deviceID, selection: ExportSelection(sinceWallMillis: since))
            .run(format, secret: secret, exportedAt: Self.synced) { bytes += $0 }
        return (bytes, counts)
    }

    @Test func anImportedExportHoldsEveryRecordOnceAndALaterUploadAddsNothing() async throws {
        let collector = try await TestCollector.start(devices: [deviceID: secret])
        defer { Task { await collector.stop() } }
        let store = try await store()
        let (bytes, counts) = try await export(store, .jsonl)
        #expect(counts == { var c = ExportCounts(); (c.ratings, c.amendments, c.unratedServices, c.deviceEvents, c.unsyncedRatings) = (3, 1, 1, 1, 1); return c }())

        let first = try await ExportImport.run(try ParsedExport(bytes: bytes), storage: collector.storage, receivedAtMillis: 1)
        #expect((first.ratings.added, first.amendments.added, first.unratedServices.added, first.deviceEvents.added) == (3, 1, 1, 1))
        #expect(first.text.contains("device events: 1 in the file, 1 added, 0 already held, 0 set aside"), "\(first.text)")
        let again = try await ExportImport.run(try ParsedExport(bytes: bytes), storage: collector.storage, receivedAtMillis: 2)
        #expect((again.ratings.added, again.ratings.alreadyHeld, again.amendments.alreadyHeld, again.unratedServices.alreadyHeld) == (0, 3, 1, 1))
        #expect((again.deviceEvents.added, again.deviceEvents.alreadyHeld, again.deviceEvents.setAside) == (0, 1, 0))
        let events = try await collector.storage.deviceEvents(after: 0, limit: 10)
        #expect(events.map(\.record.event.kind) == ["selftest"] && events.first?.record.event.detail == #"{"passed":true}"#)

        let held = try await collector.storage.ratings(after: 0, limit: 10)
        let kept = try await store.exportRatings(ExportSelection(sinceWallMillis: nil), afterSeq: 0, limit: 10)
        #expect(held.map(\.rating).sorted { $0.seq < $1.seq } == kept, "the collector holds exactly the terminal's ratings, content included")
        #expect(held.first { $0.rating.seq == 2 }?.reason == .waitingTime)

        // The terminal reaches the network later and uploads the same records: nothing is added, all is acknowledged.
        let upload = UploaderCollectorTests()
        let (uploader, _) = try upload.uploader(store, url: collector.url, secret: secret)
        _ = try await upload.upload(uploader) { _, _ in try await store.unsentRecordCount() == 0 }
        #expect(try await collector.storage.storedCounts(deviceID: deviceID, storeID: store.storeID)
                == StoredCounts(ratings: 3, amendments: 1, unratedServices: 1, deviceEvents: 1))
    }

    @Test func aChangedScoreOrACutShortFileIsRefusedAndNothingIsStored() async throws {
        let collector = try await TestCollector.start(devices: [deviceID: secret])
        defer { Task { await collector.stop() } }
        let store = try await store()
        let (bytes, _) = try await export(store, .jsonl)
        let text = String(decoding: bytes, as: UTF8.self)
        let edited = Array(text.replacingOccurrences(of: "\"score\":1", with: "\"score\":5").utf8)
        #expect(edited != bytes)
        await #expect(throws: ExportImportError.self) {
            try await ExportImport.run(try ParsedExport(bytes: edited), storage: collector.storage, receivedAtMillis: 1)
        }
        let lines = text.split(separator: "\n")
        #expect(throws: ExportFileError.self) { try ParsedExport(bytes: Array(lines.dropLast().joined(separator: "\n").utf8)) }
        let droppedRecord = Array((lines.prefix(1) + lines.dropFirst(2)).joined(separator: "\n").utf8)
        #expect(throws: ExportFileError.self) { try ParsedExport(bytes: droppedRecord) }
        #expect(try await collector.storage.storedCounts(deviceID: deviceID, storeID: store.storeID) == StoredCounts(ratings: 0, amendments: 0, unratedServices: 0, deviceEvents: 0))
    }

    @Test func anExportForAnotherSecretOrAnUnknownDeviceIsRefused() async throws {
        let collector = try await TestCollector.start(devices: [deviceID: DeviceSecret.random()])
        defer { Task { await collector.stop() } }
        let (bytes, _) = try await export(try await store(), .jsonl)
        let error = await #expect(throws: ExportImportError.self) {
            try await ExportImport.run(try ParsedExport(bytes: bytes), storage: collector.storage, receivedAtMillis: 1)
        }
        #expect(error?.description.contains("signature does not match") == true)
        let stranger = try await TestCollector.start()
        defer { Task { await stranger.stop() } }
        let unknown = await #expect(throws: ExportImportError.self) {
            try await ExportImport.run(try ParsedExport(bytes: bytes), storage: stranger.storage, receivedAtMillis: 1)
        }
        #expect(unknown?.description.contains("device HN-BD-Q3 is not registered") == true)
    }

    @Test func sinceLeavesOutOlderSyncedRatingsButKeepsThoseMadeBeforeTheClockWasSet() async throws {
        let store = try await store()
        let (bytes, counts) = try await export(store, .jsonl, since: Self.synced.wallMillis + 1)
        #expect((counts.ratings, counts.unsyncedRatings, counts.amendments, counts.unratedServices, counts.deviceEvents) == (1, 1, 0, 0, 0))
        let parsed = try ParsedExport(bytes: bytes)
        #expect(parsed.records.map { if case .rating(let r) = $0 { r.score } else { 0 } } == [4])
        #expect(parsed.header.sinceWallMillis == Self.synced.wallMillis + 1)
    }

    @Test func theCSVHasABOMAHeaderOneRowPerRatingWithItsReasonAndIsNotImported() async throws {
        let (bytes, counts) = try await export(try await store(), .csv)
        #expect(counts.ratings == 3 && counts.deviceEvents == 0, "device events are not rows of ratings")
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let rows = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 4)
        #expect(rows[0] == ExportCSV.columns.joined(separator: ","))
        #expect(rows[2].contains(",1,") && rows[2].hasSuffix(",waiting_time,,,"), "\(rows[2])")
        #expect(rows[1].contains("Điện lực Ba Đình,Quầy 3"))
        let error = #expect(throws: ExportFileError.self) { try ParsedExport(bytes: bytes) }
        #expect(error?.description.contains("CSV export") == true)
    }
}
