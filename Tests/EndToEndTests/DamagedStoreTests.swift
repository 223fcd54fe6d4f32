import Foundation
import RatingCore
import TerminalStore
import Testing

/// A damaged store at start-up: `rating-terminal run` moves it aside (never deletes it), starts a
/// new store, takes presses, and uploads the old store's readable records later under their own
/// identity; the collector ends with the new presses and the readable old ratings exactly once,
/// including the ones it had before the damage.
@Suite(.serialized)
struct DamagedStoreTests {
    enum Damage: String, CaseIterable, Sendable {
        case truncated, garbageHeader, garbledPage
    }

    /// Ratings uploaded before the damage, and kept only on the device.
    static let (uploadedFirst, keptOnly) = (300, 100)

    @Test(arguments: Damage.allCases)
    func theTerminalStartsANewStoreAndUploadsTheReadableOldRecordsOnce(_ damage: Damage) async throws {
        let site = try await TerminalSite("damaged-\(damage.rawValue)")
        defer { try? FileManager.default.removeItem(at: site.folder) }
        let collector = try CollectorServer(binary: try Executables.path("rating-collector"), database: site.database)
        defer { collector.stop() }
        try site.writeConfig(collectorURL: collector.baseURL)
        let placement = Placement(deviceID: site.deviceID, site: "", counter: "")

        // Before the damage: some ratings reach the collector, more stay on the device only.
        let original = try await Self.append(Self.uploadedFirst, to: site.store, placement: placement)
        let first = try TerminalProcess(binary: try Executables.path("rating-terminal"), config: site.config)
        #expect(try await collector.awaitRatings(count: Self.uploadedFirst).count == Self.uploadedFirst)
        try await first.stop()
        let all = original.merging(try await Self.append(Self.keptOnly, to: site.store, placement: placement)) { $1 }
        try Self.damage(site.store, damage)

        let terminal = try TerminalProcess(binary: try Executables.path("rating-terminal"), config: site.config)
        do {
            let moved = try await terminal.nextLine(containing: ["moved aside"])
            #expect(moved != nil, "\(terminal.output.suffix(3000))")
            var pressed = 0
            for score in [5, 4, 3] {
                terminal.press(score)
                if try await terminal.nextLine(containing: ["rating stored"]) != nil { pressed += 1 }
            }
            #expect(pressed == 3, "the new store takes presses: \(terminal.output.suffix(3000))")
            let salvaged = try #require(try await terminal.nextLine(containing: ["salvaged the readable records"]), "\(terminal.output.suffix(3000))")
            let salvageRecords = try #require(Self.number("records", in: salvaged))
            let folder = URL(fileURLWithPath: site.store).deletingLastPathComponent().path
            let aside = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("ratings.sqlite.damaged-") }
            #expect(aside.contains { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }, "the damaged file is kept: \(aside)")

            // The collector: the 3 new presses, and of the old store every rating it had plus every one salvaged, once each.
            let salvage = try Self.salvageStore(in: folder)
            let oldStore = salvage.storeID
            let salvagedSeqs = Set(try await salvage.exportRatings(ExportSelection(sinceWallMillis: nil), afterSeq: 0, limit: 10_000).map(\.seq))
            let expectedOld = salvagedSeqs.union(1...Int64(Self.uploadedFirst))
            let held = try await collector.awaitRatings(count: expectedOld.count + 3)
            let old = held.filter { $0.store == oldStore }
            let new = held.filter { $0.store != oldStore }
            #expect(new.count == 3 && Set(new.map(\.store)).count == 1, "\(new)")
            #expect(Set(old.map(\.seq)) == expectedOld && old.count == expectedOld.count, "each readable old rating once: \(old.count) of \(expectedOld.count)")
            for rating in old {
                #expect(all[rating.seq]?.id == rating.id && all[rating.seq]?.score.value == rating.score, "old seq \(rating.seq) arrived unchanged")
            }
            #expect(old.count >= Self.uploadedFirst, "the ratings uploaded before the damage are still there")
            if damage == .garbageHeader {
                #expect(old.count == all.count && salvageRecords >= all.count, "a rebuilt header makes every record readable")
            } else {
                #expect(salvageRecords > 0, "some records of the damaged store are readable")
            }
            print("damaged store, \(damage): \(salvageRecords) records salvaged; the collector holds \(old.count) old ratings (\(Self.uploadedFirst) sent before) and \(new.count) new")
            // The salvage store's holes stop the collector's contiguous watermark; the whole batch is still
            // acknowledged, so nothing stays unsent (else it would be sent again forever).
            var status = try await ProcessRun.run(try Executables.path("rating-terminal"), ["status", "--config", site.config])
            for _ in 0..<20 where !status.stdout.contains("; 0 not uploaded yet") {
                try await Task.sleep(for: .milliseconds(500)) // the acknowledgement is recorded just after the collector's commit
                status = try await ProcessRun.run(try Executables.path("rating-terminal"), ["status", "--config", site.config])
            }
            #expect(status.stdout.contains("damaged     the store was damaged") && status.stdout.contains("; 0 not uploaded yet"), "\(status.stdout)")
        } catch {
            try await terminal.stop()
            throw error
        }
        try await terminal.stop()
    }

    /// Appends `count` ratings to the store at `path` (closing it after); returns them by seq.
    static func append(_ count: Int, to path: String, placement: Placement) async throws -> [Int64: Rating] {
        let store = try RatingStore(path: path)
        var ratings: [Int64: Rating] = [:]
        let time = DeviceTime(wallMillis: 1_790_000_000_000, bootID: "boot-damage", monotonicNanos: 1_000, clockSynced: true)
        for index in 0..<count {
            let score = try #require(Score(1 + index % 5))
            let rating = try await store.append(RatingDraft(score: score, flags: [], time: time), placement: placement)
            ratings[rating.seq] = rating
        }
        return ratings
    }

    /// Damages the (closed, checkpointed) store file.
    static func damage(_ path: String, _ damage: Damage) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        var random = SystemRandomNumberGenerator()
        func garbage(_ count: Int) -> Data { Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }) }
        switch damage {
        case .truncated:
            try handle.truncate(atOffset: size * 3 / 4 + 100)
        case .garbageHeader:
            try handle.seek(toOffset: 0)
            try handle.write(contentsOf: garbage(100))
        case .garbledPage:
            // Three pages near the end (among the ratings never uploaded): table and index pages are interleaved, so this hits rows of both.
            let pages = size / 4096
            try handle.seek(toOffset: (pages * 7 / 8) * 4096)
            try handle.write(contentsOf: garbage(3 * 4096))
        }
    }

    /// The salvage store beside the damaged file (it holds the old store's id).
    static func salvageStore(in folder: String) throws -> RatingStore {
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder)
            .first { $0.hasPrefix("ratings.sqlite.salvage-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") && !$0.contains(".work") })
        return try RatingStore(path: "\(folder)/\(name)")
    }

    /// The integer after `key=` in a log line.
    static func number(_ key: String, in line: String) -> Int? {
        guard let range = line.range(of: "\(key)=\\d+", options: .regularExpression) else { return nil }
        return Int(line[range].dropFirst(key.count + 1))
    }
}
