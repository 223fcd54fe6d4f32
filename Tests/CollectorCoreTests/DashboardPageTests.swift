@testable import CollectorCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("Dashboard page: escaping, too-few buckets, both languages, well-formed SVG")
struct DashboardPageTests {
    static let today = LocalCalendar.dayNumber(year: 2026, month: 11, day: 23)

    func page(_ counts: DashboardCounts, site: String? = nil, minimum: Int = 10) -> String {
        let query = DashboardQuery(fromMillis: 0, toMillis: 1, offset: .vietnam, site: site)
        let report = DashboardReport(counts: counts, query: query, firstDay: Self.today - 27, lastDay: Self.today,
                                     settings: DashboardSettings(minimumRatings: minimum), nowMillis: 0)
        return DashboardPage(report: report).html
    }

    @Test func namesFromDevicesAreEscapedEverywhere() {
        let hostile = "<script>alert(\"x\")</script>&'"
        var counts = DashboardCounts()
        counts.counters = [CounterScoreCount(site: hostile, counter: hostile, score: 5, count: 12, windowed: 0)]
        counts.reasons = [ReasonCount(site: hostile, counter: hostile, reason: "other", count: 1)]
        counts.devices = [DeviceHealthRecord(id: hostile, site: hostile, counter: hostile)]
        for html in [page(counts), page(counts, site: hostile)] {
            #expect(!html.contains("<script"), "no script element, whatever the names")
            #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"))
            // In links the name is percent-encoded, then escaped.
            #expect(html.contains("site=%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E%26%27"))
        }
    }

    @Test func tooFewRatingsShowNoFiguresAndTheFlaggedCountIsStated() {
        var counts = DashboardCounts()
        counts.counters = [CounterScoreCount(site: "A", counter: "Q1", score: 5, count: 9, windowed: 0)]
        counts.flagged = 4
        let html = page(counts)
        #expect(html.contains("không đủ dữ liệu / too few ratings"))
        #expect(!html.contains("class=\"num csat\"") && !html.contains("data-csat"), "no CSAT for 9 ratings")
        #expect(html.contains("data-n=\"9\" data-flagged=\"4\""))
        #expect(html.contains("Đã loại 4 lượt bấm bị gắn cờ") && html.contains("4 flagged presses (repeat, no window, burst) excluded"))
        // With a lower minimum the same bucket shows its figures and interval.
        let shown = page(counts, minimum: 5)
        #expect(shown.contains(">100 %<") && shown.contains("70–100 %") && shown.contains("data-csat=\"1.0\""))
    }

    @Test func labelsComeInVietnameseThenEnglish() {
        var counts = DashboardCounts()
        counts.counters = [CounterScoreCount(site: "A", counter: "Q1", score: 4, count: 10, windowed: 0)]
        let html = page(counts)
        for label in ["Mức hài lòng (CSAT, điểm 4–5) / Satisfaction (share of 4–5)", "Xu hướng theo ngày / Daily trend",
                      "Xu hướng theo tuần / Weekly trend", "Theo giờ và thứ trong tuần / Hour × weekday",
                      "Lý do không hài lòng / Follow-up reasons", "Tình trạng thiết bị / Device health", "<html lang=\"vi\">"] {
            #expect(html.contains(label), "\(label)")
        }
        // Self-contained: no scripts, no external style sheets, images or fonts.
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
        #expect(html.utf8.count < 40_000, "\(html.utf8.count) bytes")
    }

    @Test func chartsAreWellFormedSVG() throws {
        var points: [TrendPoint] = []
        for (index, n) in [0, 3, 12, 20, 15].enumerated() {
            let counts = ScoreCounts([n / 4, 0, 0, 0, n - n / 4])
            points.append(TrendPoint(firstDay: Int64(index), label: "<\(index)>", detail: "d&\(index)", figures: SatisfactionFigures(counts: counts, minimumRatings: 10)))
        }
        let trend = TrendChart(points: points, title: "T <&>").svg
        var cells = Array(repeating: Array(repeating: SatisfactionFigures(counts: ScoreCounts(), minimumRatings: 10), count: 24), count: 7)
        cells[0][9] = SatisfactionFigures(counts: ScoreCounts([1, 0, 0, 0, 11]), minimumRatings: 10)
        cells[6][18] = SatisfactionFigures(counts: ScoreCounts([1]), minimumRatings: 10)
        let heatmap = HeatmapChart(heatmap: Heatmap(cells: cells), title: "H").svg
        for svg in [trend, heatmap] {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? ""): \(svg.prefix(300))")
        }
        // Three buckets with enough ratings: three dots; the too-few one has a bar but no dot.
        #expect(trend.components(separatedBy: "<circle").count - 1 == 3)
        #expect(trend.contains("n = 3, không đủ dữ liệu / too few ratings"))
        // The heatmap spans 9h to 18h and writes each cell's n.
        #expect(heatmap.contains(">9h<") && heatmap.contains(">18h<") && !heatmap.contains(">8h<"))
        #expect(heatmap.contains(">12</text>") && heatmap.contains("CN Sun"))
    }
}
