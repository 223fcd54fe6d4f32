import CollectorCore
import RatingWire
import Testing

/// True timestamps as stored: terminals whose clocks start in 1970, jump, or never synchronise,
/// uploaded batch by batch; the corrected time and its quality are read back through the storage.
@Suite("True timestamps: corrected time and quality stored beside the device's fields")
struct TrueTimestampTests {
    /// 2026-11-23 08:00:00 UTC on the collector's clock: the true moment boot-1 started.
    static let bootStart: Int64 = 1_795_420_800_000

    static func time(_ wall: Int64, mono seconds: UInt64, synced: Bool, boot: String = "boot-1") -> WireTime {
        WireTime(wallMillis: wall, bootID: boot, monotonicNanos: seconds * 1_000_000_000, synced: synced)
    }

    /// A press `seconds` after boot on a board that believes it is 1970.
    static func press1970(_ seq: Int64, at seconds: UInt64, boot: String = "boot-1") -> WireRating {
        var record = rating(seq)
        record.time = time(Int64(seconds) * 1000, mono: seconds, synced: false, boot: boot)
        return record
    }

    /// Stores `ratings` sent at `sentAt`, received `latency` ms after the true moment of sending (boot-1 timeline).
    func upload(_ fixture: CollectorFixture, _ ratings: [WireRating], sentAt: WireTime, received: Int64,
                events: [WireDeviceEvent] = []) async throws {
        let wire = UploadBatch(deviceID: CollectorFixture.deviceID, storeID: CollectorFixture.storeID, sentAt: sentAt,
                               queueDepth: 0, ratings: ratings, deviceEvents: events)
        _ = try await fixture.storage.ingest(try BatchIngest.check(wire, authenticatedDevice: CollectorFixture.deviceID),
                                             receivedAtMillis: received)
    }

    func corrected(_ fixture: CollectorFixture) async throws -> [Int64: CorrectedTime] {
        let stored = try await fixture.storage.ratings(after: 0, limit: 100)
        return Dictionary(uniqueKeysWithValues: stored.map { ($0.rating.seq, $0.correctedTime) })
    }

    @Test(arguments: Backend.allCases) func aBoardThatStartsIn1970IsPlacedByItsUploadThenExactlyOnceItsClockIsSet(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        // Pressed 60 s and 120 s after boot, sent at 300 s with the clock still in 1970, 40 ms on the network.
        try await upload(fixture, [Self.press1970(1, at: 60), Self.press1970(2, at: 120)],
                         sentAt: Self.time(300_000, mono: 300, synced: false), received: Self.bootStart + 300_040)
        var times = try await corrected(fixture)
        #expect(times[1] == CorrectedTime(wallMillis: Self.bootStart + 60_040, quality: .anchored))
        #expect(times[2] == CorrectedTime(wallMillis: Self.bootStart + 120_040, quality: .anchored))
        let before = try await fixture.storage.ratings(after: 0, limit: 100).map(\.cursor).max() ?? 0

        // NTP set the clock at 900 s; the next batch (a press at 1000 s) is sent synchronised.
        var synced = rating(3)
        synced.time = Self.time(Self.bootStart + 1_000_000, mono: 1000, synced: true)
        try await upload(fixture, [synced], sentAt: Self.time(Self.bootStart + 1_200_000, mono: 1200, synced: true),
                         received: Self.bootStart + 1_200_030)
        times = try await corrected(fixture)
        #expect(times[1] == CorrectedTime(wallMillis: Self.bootStart + 60_000, quality: .anchored), "exact now: no network time")
        #expect(times[2] == CorrectedTime(wallMillis: Self.bootStart + 120_000, quality: .anchored))
        #expect(times[3] == CorrectedTime(wallMillis: Self.bootStart + 1_000_000, quality: .synced))
        // Corrected again → moved past the old cursor, so a reader following the cursor sees the new times.
        let moved = try await fixture.storage.ratings(after: before, limit: 100).map(\.rating.seq).sorted()
        #expect(moved == [1, 2, 3])
    }

    @Test(arguments: Backend.allCases) func aClockThatNeverSynchronisesIsPlacedByEachBatchsReceipt(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        try await upload(fixture, [Self.press1970(1, at: 100)], sentAt: Self.time(110_000, mono: 110, synced: false),
                         received: Self.bootStart + 110_020)
        // A day later, same boot, still never synchronised.
        try await upload(fixture, [Self.press1970(2, at: 86_500)], sentAt: Self.time(86_510_000, mono: 86_510, synced: false),
                         received: Self.bootStart + 86_510_020)
        let times = try await corrected(fixture)
        #expect(times[1] == CorrectedTime(wallMillis: Self.bootStart + 100_020, quality: .anchored))
        #expect(times[2] == CorrectedTime(wallMillis: Self.bootStart + 86_500_020, quality: .anchored), "its own batch's receipt, the nearest")
    }

    @Test(arguments: Backend.allCases) func aClockThatJumpedIsCorrectedFromMonotonicTime(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        // The unsynchronised clock read a year ahead at the press, then jumped back to 1970 before sending.
        var press = rating(1)
        press.time = Self.time(Self.bootStart + 365 * 86_400_000, mono: 50, synced: false)
        try await upload(fixture, [press], sentAt: Self.time(70_000, mono: 70, synced: false), received: Self.bootStart + 70_000)
        #expect(try await corrected(fixture)[1] == CorrectedTime(wallMillis: Self.bootStart + 50_000, quality: .anchored))
    }

    @Test(arguments: Backend.allCases) func anEarlierBootIsBoundedUntilItsClockAnchorArrives(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        // boot-0 ran from true 07:00 to 07:30, never uploaded; pressed at 10 s of boot-0.
        // Sent from boot-1 (started 08:00) at 100 s: boot-0 ended before 08:00.
        try await upload(fixture, [Self.press1970(1, at: 10, boot: "boot-0")], sentAt: Self.time(100_000, mono: 100, synced: false),
                         received: Self.bootStart + 100_000)
        #expect(try await corrected(fixture)[1] == CorrectedTime(wallMillis: Self.bootStart, quality: .bounded))

        // boot-0's clock was set at 600 s (07:10) and the terminal wrote a clock event then; it arrives later.
        let clockEvent = WireDeviceEvent(seq: 1, kind: "clock", detail: .object(["synced": .bool(true)]),
                                         time: Self.time(Self.bootStart - 3_000_000, mono: 600, synced: true, boot: "boot-0"))
        try await upload(fixture, [], sentAt: Self.time(200_000, mono: 200, synced: false), received: Self.bootStart + 200_000,
                         events: [clockEvent])
        #expect(try await corrected(fixture)[1] == CorrectedTime(wallMillis: Self.bootStart - 3_590_000, quality: .anchored))
    }

    @Test(arguments: Backend.allCases) func aReplayedBatchChangesNothing(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let sentAt = Self.time(300_000, mono: 300, synced: false)
        try await upload(fixture, [Self.press1970(1, at: 60)], sentAt: sentAt, received: Self.bootStart + 300_040)
        let first = try await fixture.storage.ratings(after: 0, limit: 10)
        // The same batch again, an hour later (the first reply was lost): the earliest receipt stays.
        try await upload(fixture, [Self.press1970(1, at: 60)], sentAt: sentAt, received: Self.bootStart + 3_900_000)
        #expect(try await fixture.storage.ratings(after: 0, limit: 10) == first)
    }
}
