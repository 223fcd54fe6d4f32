@testable import CollectorCore
import Testing

/// The pure alert rules: bad ratings, opening hours and silent terminals, seq gaps.
@Suite("Alert rules")
struct AlertRuleTests {
    static let t0: Int64 = 1_700_000_000_000
    static let minute: Int64 = 60_000
    let rule = BadRatingsRule()

    func points(_ scores: [Int], every step: Int64 = 60_000, flagged: Set<Int> = []) -> [BadRatingsRule.Point] {
        scores.enumerated().map { BadRatingsRule.Point(timeMillis: Self.t0 + Int64($0.offset) * step, score: $0.element,
                                                       flagged: flagged.contains($0.offset)) }
    }

    @Test func fourRatingsTwoOfThemLowAlert() {
        let found = rule.findings(in: points([5, 1, 4, 2]))
        #expect(found == [BadRatingsRule.Finding(windowStartMillis: Self.t0, windowEndMillis: Self.t0 + 3 * Self.minute, ratings: 4, lowRatings: 2)])
    }

    @Test func threeRatingsAllLowDoNotAlert() {
        #expect(rule.findings(in: points([1, 1, 2])).isEmpty)
    }

    @Test func fiftyPercentAlertsFortyNineDoesNot() {
        // Good scores first, so no earlier window has the larger share; 100 ratings within 15 minutes.
        let fifty = points(Array(repeating: 5, count: 50) + Array(repeating: 1, count: 50), every: 5_000)
        let fortyNine = points(Array(repeating: 5, count: 51) + Array(repeating: 2, count: 49), every: 5_000)
        #expect(rule.findings(in: fifty).map(\.lowRatings) == [50])
        #expect(rule.findings(in: fortyNine).isEmpty)
        #expect(BadRatingsRule(minimumShare: 0.49).findings(in: fortyNine).map(\.lowRatings) == [49])
    }

    @Test func ratingsFurtherApartThanTheWindowDoNotShareOne() {
        // Four low scores, five minutes apart: the first and the fourth are 15 minutes apart, outside one window.
        #expect(rule.findings(in: points([1, 1, 1, 1], every: 5 * Self.minute)).isEmpty)
        #expect(rule.findings(in: points([1, 1, 1, 1], every: 5 * Self.minute - 1)).count == 1)
    }

    @Test func flaggedPressesAreNotCounted() {
        // Without the flagged ones: 5, 1, 5 (3 ratings) — too few.
        #expect(rule.findings(in: points([5, 1, 1, 1, 5], flagged: [2, 3])).isEmpty)
        #expect(rule.findings(in: points([5, 1, 1, 1, 5])).count == 1)
    }

    @Test func oneBadSpellAlertsOnceAndTheNextAfterItAgain() {
        let spell = points([1, 1, 1, 1, 1, 1, 1, 1])
        #expect(rule.findings(in: spell).count == 2) // ratings 1-4 and 5-8: none counted twice
        let first = rule.findings(in: spell)[0]
        #expect(rule.findings(in: spell, countedThrough: first.windowEndMillis).map(\.windowStartMillis) == [Self.t0 + 4 * Self.minute])
        #expect(rule.findings(in: Array(spell.prefix(6)), countedThrough: first.windowEndMillis).isEmpty)
    }

    @Test func windowsEndingBeforeTheReadRangeAreNotJudged() {
        // Read from t0: a window ending earlier than endingFrom could miss good ratings before the read range.
        let spell = points([5, 1, 1, 1, 1])
        #expect(rule.findings(in: spell, endingFrom: Self.t0 + 4 * Self.minute).map(\.windowEndMillis) == [Self.t0 + 4 * Self.minute])
        #expect(rule.findings(in: spell, endingFrom: Self.t0 + 5 * Self.minute).isEmpty)
    }

    // MARK: Opening hours

    /// Local (UTC+07:00) wall time of 2026-11-23 (a Monday) + `days`, `hour`:`minute`, as UTC ms.
    static func local(days: Int64 = 0, _ hour: Int64, _ minute: Int64) -> Int64 {
        let mondayMidnightUTC: Int64 = 1_795_392_000_000 // 2026-11-23T00:00:00Z
        return mondayMidnightUTC + days * 86_400_000 + hour * 3_600_000 + minute * 60_000 - 7 * 3_600_000
    }

    @Test func openingHoursParseAndRejectWithReasons() throws {
        let hours = try OpeningHours(parsing: "Mon-Fri 07:30-17:00; Sat 07:30-11:30", utcOffsetMinutes: 420)
        #expect(hours.description == "Mon-Fri 07:30-17:00; Sat 07:30-11:30 (UTC+07:00)")
        #expect(try OpeningHours.utcOffsetMinutes(parsing: "+07:00") == 420)
        #expect(try OpeningHours.utcOffsetMinutes(parsing: "UTC-03:30") == -210)
        #expect(throws: OpeningHoursError.self) { try OpeningHours(parsing: "Mon-Fri 17:00-07:30", utcOffsetMinutes: 0) }
        #expect(throws: OpeningHoursError.self) { try OpeningHours(parsing: "Mo-Fr 07:30-17:00", utcOffsetMinutes: 0) }
        #expect(throws: OpeningHoursError.self) { try OpeningHours(parsing: "Fri-Mon 07:30-17:00", utcOffsetMinutes: 0) }
        #expect(throws: OpeningHoursError.self) { try OpeningHours(parsing: "Mon-Fri 7:30", utcOffsetMinutes: 0) }
        #expect(throws: OpeningHoursError.self) { try OpeningHours.utcOffsetMinutes(parsing: "07:00") }
        do {
            _ = try OpeningHours(parsing: "Mon-Fri 25:00-26:00", utcOffsetMinutes: 0)
            Issue.record("25:00 was accepted")
        } catch {
            #expect(error.description.contains("HH:MM-HH:MM"))
        }
    }

    @Test func openingHoursEdgesWeekendAndTimeZone() {
        let hours = OpeningHours.vietnamOffice
        #expect(!hours.isOpen(atMillis: Self.local(7, 29) + 59_999))
        #expect(hours.isOpen(atMillis: Self.local(7, 30)))
        #expect(hours.isOpen(atMillis: Self.local(16, 59) + 59_999))
        #expect(!hours.isOpen(atMillis: Self.local(17, 0)))
        #expect(hours.isOpen(atMillis: Self.local(days: 4, 12, 0)))  // Friday
        #expect(!hours.isOpen(atMillis: Self.local(days: 5, 12, 0))) // Saturday
        #expect(!hours.isOpen(atMillis: Self.local(days: 6, 12, 0))) // Sunday
        // 07:30 in Hà Nội is 00:30 UTC on the same Monday; at UTC+00:00 that instant is closed.
        #expect(Self.local(7, 30) == 1_795_393_800_000)
        #expect(!OpeningHours(spans: hours.spans, utcOffsetMinutes: 0).isOpen(atMillis: Self.local(7, 30)))
        #expect(hours.openMillis(from: Self.local(days: -3, 16, 0), to: Self.local(8, 0)) == 90 * Self.minute) // Fri 16:00 → Mon 08:00
    }

    @Test func silentTerminalCountsOnlyOpeningTime() {
        let rule = SilentTerminalRule()
        let friday = Self.local(days: 4, 16, 50)
        #expect(!rule.isSilent(lastUploadMillis: friday, nowMillis: Self.local(days: 6, 23, 0)))      // 10 min open so far
        #expect(!rule.isSilent(lastUploadMillis: friday, nowMillis: Self.local(days: 7, 7, 49)))      // + 19 min Monday
        #expect(rule.isSilent(lastUploadMillis: friday, nowMillis: Self.local(days: 7, 7, 50)))       // 30 min
        #expect(!rule.isSilent(lastUploadMillis: Self.local(12, 0), nowMillis: Self.local(12, 29)))
        #expect(rule.isSilent(lastUploadMillis: Self.local(12, 0), nowMillis: Self.local(12, 31)))
    }

    @Test func gapAlertsAfterThirtyMinutesNotTwentyNine() {
        let rule = SeqGapRule()
        #expect(!rule.isDue(openedAtMillis: Self.t0, nowMillis: Self.t0 + 29 * Self.minute))
        #expect(rule.isDue(openedAtMillis: Self.t0, nowMillis: Self.t0 + 31 * Self.minute))
    }

    @Test func retriesDoubleFromTenSecondsUpToHalfAnHour() {
        let settings = AlertSettings()
        #expect((1...4).map { settings.retryDelayMillis(afterFailures: $0) } == [10_000, 20_000, 40_000, 80_000])
        #expect(settings.retryDelayMillis(afterFailures: 50) == 1_800_000)
    }

    @Test func episodeKeysSeparateKindsSubjectsAndEpisodes() {
        let a = NewAlert(kind: .badRatings, subject: AlertSubject(site: "a", counter: "b"), episodeMillis: 1, detail: AlertDetail())
        let b = NewAlert(kind: .badRatings, subject: AlertSubject(site: "a\",\"b", counter: ""), episodeMillis: 1, detail: AlertDetail())
        let gap = NewAlert(kind: .seqGap, subject: AlertSubject(deviceID: "d", storeID: "s"), episodeMillis: 5, missingSeq: 3, detail: AlertDetail())
        let sameGapLater = NewAlert(kind: .seqGap, subject: AlertSubject(deviceID: "d", storeID: "s"), episodeMillis: 9, missingSeq: 3, detail: AlertDetail())
        #expect(a.dedupeKey != b.dedupeKey)
        #expect(gap.dedupeKey == sameGapLater.dedupeKey)
    }
}
