import Foundation
import Testing

/// The terminal's disk fills up (a real tmpfs filled by a filler file): presses go on being stored
/// and thanked in the reserve's room, `status` and the collector's device view say so; with the
/// reserve used up too a press is answered with the store-problem screen and not counted; once
/// space returns the condition clears and every stored press is at the collector exactly once.
@Suite(.serialized)
struct DiskFullTests {
    @Test(.enabled(if: SmallDisk.canMount, "needs root to mount a small tmpfs (make test runs as root)"))
    func pressesGoOnInTheReserveAndTheConditionReachesTheCollector() async throws {
        try await SmallDisk.with(megabytes: 24) { disk in
            let site = try await TerminalSite("diskfull", storeFolder: disk.folder)
            defer { try? FileManager.default.removeItem(at: site.folder) }
            let collector = try CollectorServer(binary: try Executables.path("rating-collector"), database: site.database)
            defer { collector.stop() }
            try site.writeConfig(collectorURL: collector.baseURL)
            let terminal = try TerminalProcess(binary: try Executables.path("rating-terminal"), config: site.config)
            // The terminal must be gone before the disk is unmounted, also when an expectation throws.
            do {
                try await Self.fillAndFree(disk, site, collector, terminal)
            } catch {
                try await terminal.stop()
                throw error
            }
            try await terminal.stop()
        }
    }

    private static func fillAndFree(_ disk: SmallDisk, _ site: TerminalSite, _ collector: CollectorServer, _ terminal: TerminalProcess) async throws {
        var stored: Set<Int> = []
        func press(_ score: Int, expectStored: Bool = true) async throws {
            terminal.press(score)
            let line = try #require(try await terminal.nextLine(containing: ["rating stored", "could not be stored"]), "no answer: \(terminal.output.suffix(2000))")
            if expectStored {
                try #require(line.contains("rating stored"), "\(line)")
                stored.insert(try #require(TerminalSite.seq(in: line)))
            } else {
                #expect(line.contains("could not be stored"), "\(line)")
            }
        }
        try await press(5)
        let reserve = disk.folder.appendingPathComponent("ratings.sqlite.reserve")
        #expect(FileManager.default.fileExists(atPath: reserve.path), "the reserve is made at start")

        // Fill the disk: the next presses release the reserve and are still stored and thanked.
        let filler = disk.folder.appendingPathComponent("filler")
        try disk.fill(filler)
        for score in [4, 3, 5, 2, 5] { try await press(score) }
        #expect(!FileManager.default.fileExists(atPath: reserve.path), "the reserve was given back")
        let inUse = try await site.status()
        #expect(inUse.condition == "reserve_in_use" && (inUse.freeBytes ?? 0) > 0, "\(inUse)")
        try await collector.awaitStorage(of: site.deviceID, "reserve_in_use")

        // Fill the reserve's room too: a press is answered with the store-problem screen, not stored.
        try disk.fill(filler)
        try await press(1, expectStored: false)
        let screen = try await terminal.nextLine(containing: ["torage error"], within: 10)
        #expect(screen != nil, "the store-problem screen is shown, not a thank-you")
        let full = try await site.status()
        #expect(full.condition == "full", "\(full)")

        // Space returns: the reserve is made again, the condition clears, nothing is missing.
        try FileManager.default.removeItem(at: filler)
        for score in [3, 4] { try await press(score) }
        #expect(FileManager.default.fileExists(atPath: reserve.path), "the reserve is made again")
        #expect(try await site.status().condition == "ok")
        try await collector.awaitStorage(of: site.deviceID, "ok")
        let held = try await collector.awaitRatings(count: stored.count).map { Int($0.seq) }
        #expect(Set(held) == stored && held.count == stored.count, "held \(held.sorted()), stored \(stored.sorted())")
    }
}
