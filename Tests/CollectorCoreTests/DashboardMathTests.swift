@testable import CollectorCore
import Foundation
import Testing

@Suite("Dashboard figures: Wilson interval, CSAT, local calendar")
struct DashboardMathTests {
    @Test func wilsonIntervalMatchesKnownValues() throws {
        // 8 of 10 at 95 % (z = 1.959964): 0.4902–0.9433 (Wilson 1927; e.g. R's prop.test without correction, binom::binom.wilson).
        let eight = try #require(WilsonInterval(successes: 8, of: 10))
        #expect(abs(eight.lower - 0.4902) < 0.0001 && abs(eight.upper - 0.9433) < 0.0001, "\(eight)")
        #expect(HTMLText.wholePercent(eight.lower) == 49 && HTMLText.wholePercent(eight.upper) == 94)
        let half = try #require(WilsonInterval(successes: 50, of: 100))
        #expect(abs(half.lower - 0.4038) < 0.0001 && abs(half.upper - 0.5962) < 0.0001, "\(half)")
        // The edges stay inside 0…1 and are not degenerate.
        let none = try #require(WilsonInterval(successes: 0, of: 10))
        #expect(none.lower == 0 && abs(none.upper - 0.2775) < 0.0001, "\(none)")
        let all = try #require(WilsonInterval(successes: 10, of: 10))
        #expect(abs(all.lower - 0.7225) < 0.0001 && all.upper == 1, "\(all)")
        #expect(WilsonInterval(successes: 0, of: 0) == nil)
        #expect(WilsonInterval(successes: 11, of: 10) == nil)
    }

    @Test func figuresFromScoreCounts() throws {
        // Scores 1,2,4,4,4,5,5,5,5,5: n 10, CSAT 8/10, share of 1–2 2/10, mean 4.0.
        let figures = SatisfactionFigures(counts: ScoreCounts([1, 1, 0, 3, 5]), minimumRatings: 10)
        #expect(figures.n == 10 && figures.satisfied == 8 && figures.dissatisfied == 2)
        #expect(figures.csat == 0.8 && figures.lowShare == 0.2 && figures.mean == 4.0)
        #expect(figures.isEnough)
        #expect(figures.interval == WilsonInterval(successes: 8, of: 10))
        let few = SatisfactionFigures(counts: ScoreCounts([0, 0, 0, 0, 9]), minimumRatings: 10)
        #expect(!few.isEnough && few.csat == 1)
        let empty = SatisfactionFigures(counts: ScoreCounts(), minimumRatings: 1)
        #expect(!empty.isEnough && empty.csat == nil && empty.mean == nil && empty.interval == nil)
        var counts = ScoreCounts()
        counts.add(score: 3, count: 2)
        counts.add(score: 9, count: 5) // not a score: ignored
        #expect(counts.total == 2 && counts[3] == 2 && counts[9] == 0)
    }

    @Test func timeZoneOffsetsParseAndPrint() {
        #expect(TimeZoneOffset(parsing: "+07:00")?.minutes == 420)
        #expect(TimeZoneOffset(parsing: "+7")?.minutes == 420)
        #expect(TimeZoneOffset(parsing: "-03:30")?.minutes == -210)
        #expect(TimeZoneOffset(parsing: "+0545")?.minutes == 345)
        #expect(TimeZoneOffset(parsing: "UTC")?.minutes == 0 && TimeZoneOffset(parsing: "Z")?.minutes == 0)
        for bad in ["07:00", "+15:00", "+07:60", "+7:00:00", "", "+", "+٧"] {
            #expect(TimeZoneOffset(parsing: bad) == nil, "\(bad)")
        }
        #expect(TimeZoneOffset.vietnam.description == "+07:00")
        #expect(TimeZoneOffset(minutes: -210)?.description == "-03:30")
    }

    @Test func localDaysHoursWeekdaysAndWeeks() {
        let calendar = LocalCalendar(offset: .vietnam)
        // 2023-11-14 22:15 UTC is 2023-11-15 05:15 at +07:00.
        let instant: Int64 = 1_700_000_123_456
        let day = calendar.day(ofMillis: instant)
        #expect(LocalCalendar.isoDate(ofDay: day) == "2023-11-15")
        #expect(calendar.hour(ofMillis: instant) == 5)
        #expect(calendar.startMillis(ofDay: day) == 1_699_981_200_000) // 2023-11-14 17:00 UTC
        // Weekdays (0 = Monday) and ISO weeks of known dates.
        #expect(LocalCalendar.weekday(ofDay: LocalCalendar.dayNumber(year: 2026, month: 11, day: 23)) == 0)
        #expect(LocalCalendar.weekday(ofDay: 0) == 3) // 1970-01-01, a Thursday
        #expect(LocalCalendar.isoWeek(ofDay: LocalCalendar.dayNumber(year: 2021, month: 1, day: 3)) == (2020, 53))
        #expect(LocalCalendar.isoWeek(ofDay: LocalCalendar.dayNumber(year: 2026, month: 1, day: 1)) == (2026, 1))
        #expect(LocalCalendar.isoWeek(ofDay: LocalCalendar.dayNumber(year: 2024, month: 12, day: 30)) == (2025, 1))
        #expect(LocalCalendar.weekStart(ofDay: LocalCalendar.dayNumber(year: 2026, month: 11, day: 29))
            == LocalCalendar.dayNumber(year: 2026, month: 11, day: 23))
        // Civil dates round-trip across leap years and before 1970.
        for day in stride(from: Int64(-800), through: 30_000, by: 37) {
            let date = LocalCalendar.civilDate(ofDay: day)
            #expect(LocalCalendar.dayNumber(year: date.year, month: date.month, day: date.day) == day)
        }
        #expect(LocalCalendar.isoDate(ofDay: LocalCalendar.dayNumber(year: 2024, month: 2, day: 29)) == "2024-02-29")
        // A negative offset, and an instant before 1970, floor correctly.
        let west = LocalCalendar(offset: TimeZoneOffset(minutes: -300) ?? .vietnam)
        #expect(west.day(ofMillis: 3_600_000) == -1 && west.hour(ofMillis: 3_600_000) == 20)
    }

    @Test func satisfactionColoursRunFromRedToGreen() {
        #expect(SatisfactionColour.hex(0) == "#d73027")
        #expect(SatisfactionColour.hex(0.5) == "#fee08b")
        #expect(SatisfactionColour.hex(1) == "#1a9850")
        #expect(SatisfactionColour.hex(2) == "#1a9850")
    }
}
