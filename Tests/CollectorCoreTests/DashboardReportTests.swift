@testable import CollectorCore
import Testing

@Suite("Dashboard report: ranking, too-few buckets, served customers, trends, devices")
struct DashboardReportTests {
    static let today = LocalCalendar.dayNumber(year: 2026, month: 11, day: 25) // a Wednesday
    static let settings = DashboardSettings(minimumRatings: 10)

    func report(_ counts: DashboardCounts, site: String? = nil, days: Int = 28, now: Int64 = 0) -> DashboardReport {
        let query = DashboardQuery(fromMillis: 0, toMillis: 1, offset: .vietnam, site: site)
        return DashboardReport(counts: counts, query: query, firstDay: Self.today - Int64(days) + 1, lastDay: Self.today,
                               settings: Self.settings, nowMillis: now)
    }

    /// `count` ratings of each score in `scores` at one counter.
    func counter(_ site: String, _ counter: String, _ scores: [Int: Int], windowed: Int = 0) -> [CounterScoreCount] {
        scores.map { CounterScoreCount(site: site, counter: counter, score: $0.key, count: $0.value, windowed: $0.key == 5 ? windowed : 0) }
    }

    @Test func countersWithEnoughRatingsAreRankedByCSATAndTooFewAreNot() {
        var counts = DashboardCounts()
        counts.counters = counter("A", "Q1", [5: 6, 1: 4]) // 60 %
            + counter("A", "Q2", [5: 9, 2: 1]) // 90 %
            + counter("B", "Q1", [5: 9]) // 100 % of 9: too few
            + counter("B", "Q2", [4: 12, 3: 8]) // 60 % of 20: ties with A/Q1 on CSAT, more ratings
        let report = report(counts)
        #expect(report.counters.map { "\($0.site)/\($0.counter ?? "")" } == ["A/Q2", "B/Q2", "A/Q1", "B/Q1"])
        #expect(report.counters.map(\.rank) == [1, 2, 3, nil])
        #expect(report.total.n == 49 && report.total.satisfied == 6 + 9 + 9 + 12)
        // Sites: A 15 of 20 (75 %), B 21 of 29 (72 %).
        #expect(report.sites.map(\.site) == ["A", "B"] && report.sites.map(\.rank) == [1, 2])
        let page = DashboardPage(report: report).html
        #expect(page.contains("data-site=\"B\" data-counter=\"Q1\" data-n=\"9\">"), "too few: n but no CSAT attributes")
        #expect(!page.contains("data-csat=\"1.0\""))
    }

    @Test func servedCustomersCountWindowedRatingsAndUnratedServicesAtTheDevicesCounter() throws {
        var counts = DashboardCounts()
        counts.counters = counter("A", "Q1", [5: 8, 4: 4], windowed: 8) // 8 of 12 rated in a window
        counts.devices = [DeviceHealthRecord(id: "d1", site: "A", counter: "Q1"), DeviceHealthRecord(id: "d2", site: "A", counter: "Q9"),
                          DeviceHealthRecord(id: "d3", site: "B", counter: "Q1")]
        counts.unratedServices = [DeviceCount(deviceID: "d1", count: 2), DeviceCount(deviceID: "d2", count: 3), DeviceCount(deviceID: "d3", count: 1),
                                  DeviceCount(deviceID: "unregistered", count: 5)]
        let all = report(counts)
        let q1 = try #require(all.counters.first { $0.site == "A" && $0.counter == "Q1" })
        #expect(q1.served == ServedFigures(rated: 8, unrated: 2) && q1.served?.ratio == 0.8)
        // A counter with services and no ratings still has a row (0 ratings of 3 served).
        let q9 = try #require(all.counters.first { $0.counter == "Q9" })
        #expect(q9.figures.n == 0 && q9.served == ServedFigures(rated: 0, unrated: 3) && q9.rank == nil)
        // Choosing site A leaves out site B's device.
        let siteA = report(counts, site: "A")
        #expect(siteA.counters.map(\.site).allSatisfy { $0 == "A" } && siteA.sites.isEmpty)
        #expect(siteA.devices.map(\.record.id) == ["d1", "d2"])
    }

    @Test func dailyWeeklyAndHeatmapBuckets() throws {
        var counts = DashboardCounts()
        let monday = LocalCalendar.weekStart(ofDay: Self.today)
        counts.hours = [
            HourScoreCount(day: monday, hour: 9, score: 5, count: 10),
            HourScoreCount(day: monday, hour: 9, score: 1, count: 2),
            HourScoreCount(day: monday - 7, hour: 14, score: 4, count: 3),
            HourScoreCount(day: Self.today, hour: 16, score: 2, count: 1),
        ]
        let report = report(counts, days: 12)
        #expect(report.daily.count == 12 && report.daily.first?.firstDay == Self.today - 11 && report.daily.last?.firstDay == Self.today)
        #expect(report.daily.first { $0.firstDay == monday }?.figures.n == 12)
        #expect(report.daily.map(\.figures.n).reduce(0, +) == 16)
        // 12 days from a Saturday to a Wednesday touch three ISO weeks; the first and last are partial.
        #expect(report.weekly.map(\.firstDay) == [monday - 14, monday - 7, monday])
        #expect(report.weekly.map(\.figures.n) == [0, 3, 13])
        #expect(report.weekly.map(\.label) == ["W46", "W47", "W48"])
        #expect(report.weekly[0].detail.contains("partial") && !report.weekly[1].detail.contains("partial"))
        // Monday 9h holds 12 ratings; Wednesday (row 2) 16h holds 1; the range spans the hours used.
        #expect(report.heatmap.cells[0][9].n == 12 && report.heatmap.cells[0][9].csat == 10.0 / 12)
        #expect(report.heatmap.cells[2][16].n == 1 && report.heatmap.cells[0][14].n == 3)
        #expect(report.heatmap.hourRange == 9...16)
    }

    @Test func reasonsAndDeviceHealth() {
        var counts = DashboardCounts()
        counts.reasons = [ReasonCount(site: "A", counter: "Q1", reason: "waiting_time", count: 3),
                          ReasonCount(site: "A", counter: "Q2", reason: "waiting_time", count: 1),
                          ReasonCount(site: "B", counter: "Q1", reason: "other", count: 5)]
        let now: Int64 = 1_795_575_600_000 // Wednesday 2026-11-25 10:00 at +07:00: inside opening hours (silence counts opening time)
        counts.devices = [
            DeviceHealthRecord(id: "ok", lastUploadMillis: now - 60_000, queueDepth: 0, clockSynced: true),
            DeviceHealthRecord(id: "late", lastUploadMillis: now - 3 * 3_600_000, queueDepth: 0, clockSynced: true),
            DeviceHealthRecord(id: "never"),
            DeviceHealthRecord(id: "backlog", lastUploadMillis: now - 1000, queueDepth: 40, clockSynced: true),
            DeviceHealthRecord(id: "clock", lastUploadMillis: now - 1000, queueDepth: 0, clockSynced: false),
            DeviceHealthRecord(id: "gone", retired: true),
        ]
        let report = report(counts, now: now)
        #expect(report.reasons.map(\.site) == ["B", "A"] && report.reasons.map(\.total) == [5, 4])
        #expect(report.reasonTotal.counts == ["waiting_time": 4, "other": 5])
        #expect(report.devices.map(\.record.id) == ["late", "never", "clock", "backlog", "ok"])
        #expect(report.devices.map(\.silent) == [true, true, false, false, false])
        #expect(report.devices.last?.hasProblem == false && report.devices[3].hasProblem)
        // Per counter once a site is chosen (the storage has left the other sites out).
        counts.reasons.removeAll { $0.site != "A" }
        #expect(self.report(counts, site: "A").reasons.map(\.counter) == ["Q1", "Q2"])
    }
}
