import CollectorCore
import RatingWire
import Testing

/// True timestamps for terminals whose clocks start in 1970, jump, or never synchronise.
struct TimeReconstructionTests {
    static let boot = "boot-1"
    /// 2026-11-23 08:00:00 UTC, the collector's (true) clock.
    static let trueStart: Int64 = 1_795_420_800_000

    func time(_ wall: Int64, mono seconds: UInt64, synced: Bool, boot: String = boot) -> WireTime {
        WireTime(wallMillis: wall, bootID: boot, monotonicNanos: seconds * 1_000_000_000, synced: synced)
    }

    @Test func aSynchronisedClockIsTakenAsItIs() {
        let corrected = TimeReconstruction.correct(time(Self.trueStart, mono: 10, synced: true), anchors: [], receivedAtMillis: Self.trueStart + 5_000)
        #expect(corrected == CorrectedTime(wallMillis: Self.trueStart, quality: .synced))
    }

    @Test func aBoardThatStartedIn1970IsPlacedByTheBatchThatCarriedItsRating() {
        // Booted at true 08:00 believing it was 1970; a press 120 s after boot; uploaded at 300 s after boot, clock still unsynchronised.
        let press = time(120_000, mono: 120, synced: false)
        let sentAt = time(300_000, mono: 300, synced: false)
        let received = Self.trueStart + 300_000 + 40   // 40 ms on the network
        let anchors = TimeAnchor.from(sentAt: sentAt, receivedAtMillis: received)
        let corrected = TimeReconstruction.correct(press, anchors: anchors, receivedAtMillis: received)
        #expect(corrected == CorrectedTime(wallMillis: Self.trueStart + 120_000 + 40, quality: .anchored), "within the network time of the truth")
    }

    @Test func aLaterSynchronisedReadingOfTheSameBootBeatsAReceipt() {
        let press = time(120_000, mono: 120, synced: false)
        let receipt = TimeAnchor.from(sentAt: time(130_000, mono: 130, synced: false), receivedAtMillis: Self.trueStart + 130_900)
        // Minutes later NTP stepped the clock; the next batch says so.
        let synced = TimeAnchor.from(sentAt: time(Self.trueStart + 900_000, mono: 900, synced: true), receivedAtMillis: Self.trueStart + 900_050)
        let corrected = TimeReconstruction.correct(press, anchors: receipt + synced, receivedAtMillis: Self.trueStart + 130_900)
        #expect(corrected == CorrectedTime(wallMillis: Self.trueStart + 120_000, quality: .anchored), "the exact reading wins over the nearer receipt")
    }

    @Test func aClockThatJumpedBackIsCorrectedFromItsMonotonicTime() {
        // The wall clock jumped back a day after the press; monotonic time does not jump.
        let press = time(Self.trueStart - 86_400_000 + 50_000, mono: 50, synced: false)
        let anchors = TimeAnchor.from(sentAt: time(Self.trueStart - 86_400_000 + 60_000, mono: 60, synced: false), receivedAtMillis: Self.trueStart + 60_000)
        #expect(TimeReconstruction.correct(press, anchors: anchors, receivedAtMillis: Self.trueStart + 60_000)
                == CorrectedTime(wallMillis: Self.trueStart + 50_000, quality: .anchored))
    }

    @Test func aBootThatNeverUploadedIsOnlyBoundedByItsReceipt() {
        // Rated during boot-0, rebooted before any upload, uploaded from boot-1: nothing ties boot-0 to true time.
        let press = time(5_000, mono: 5, synced: false, boot: "boot-0")
        let anchors = TimeAnchor.from(sentAt: time(7_000, mono: 7, synced: false), receivedAtMillis: Self.trueStart)
        #expect(TimeReconstruction.correct(press, anchors: anchors, receivedAtMillis: Self.trueStart)
                == CorrectedTime(wallMillis: Self.trueStart, quality: .bounded))
    }

    @Test func aCorrectionNeverLandsAfterTheReceipt() {
        // The receipt anchor of a slow upload is late; an event just before sending would come out after its own receipt.
        let press = time(299_990, mono: 300, synced: false)
        let anchors = [TimeAnchor(bootID: Self.boot, monotonicNanos: 299_000_000_000, wallMillis: Self.trueStart + 10_000, errorBoundMillis: nil)]
        let corrected = TimeReconstruction.correct(press, anchors: anchors, receivedAtMillis: Self.trueStart + 10_500)
        #expect(corrected == CorrectedTime(wallMillis: Self.trueStart + 10_500, quality: .anchored))
    }
}
