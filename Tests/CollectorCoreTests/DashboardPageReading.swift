import CollectorCore
import Foundation
import HummingbirdTesting

/// The figures the dashboard should show, computed from the pull API (`GET /v1/ratings`) alone.
struct PulledFigures {
    struct Bucket: Equatable {
        var n = 0
        var satisfied = 0
    }

    var total = Bucket()
    var counters: [String: Bucket] = [:]
    var flagged = 0

    /// Key of a counter row: site and counter.
    static func key(_ site: String, _ counter: String) -> String { site + " | " + counter }

    /// Every rating of the pull API with an event time in `period` (the pull API's `time.wall_ms`:
    /// the seed's clocks are synchronised, so it is the event time either way).
    static func read(_ client: some TestClientProtocol, period: Range<Int64>) async throws -> PulledFigures {
        var figures = PulledFigures()
        var all = 0
        for includeFlagged in [false, true] {
            var after = "0"
            while true {
                let page = try await client.getJSON("/v1/ratings?limit=1000&include_flagged=\(includeFlagged)&after=\(after)", as: RatingsPage.self)
                if page.ratings.isEmpty { break }
                for rating in page.ratings where period.contains(rating.time.wallMillis) {
                    if includeFlagged {
                        all += 1
                        continue
                    }
                    let satisfied = rating.score >= 4 ? 1 : 0
                    figures.total.n += 1
                    figures.total.satisfied += satisfied
                    figures.counters[key(rating.site, rating.counter), default: Bucket()].n += 1
                    figures.counters[key(rating.site, rating.counter), default: Bucket()].satisfied += satisfied
                }
                after = page.nextCursor
            }
        }
        figures.flagged = all - figures.total.n
        return figures
    }
}

/// What a rendered dashboard (the HTML as served, or the DOM Chromium built from it) says.
struct DashboardDOM {
    struct Row {
        var site: String
        var counter: String
        var n: Int
        /// `nil` when the row is "too few".
        var satisfied: Int?
        /// The CSAT cell's text (`81 %`), if any.
        var csatText: String?
        var rowHTML: String
    }

    var totalN: Int
    var totalSatisfied: Int?
    var flagged: Int
    var counterRows: [Row]

    init(_ html: String) throws {
        guard let summary = Self.firstMatch(#"<section id="summary" ([^>]*)>"#, in: html) else { throw FixtureError.status(0, "no summary in the page") }
        let attributes = Self.attributes(summary[1])
        totalN = Int(attributes["data-n"] ?? "") ?? -1
        totalSatisfied = attributes["data-satisfied"].flatMap { Int($0) }
        flagged = Int(attributes["data-flagged"] ?? "") ?? -1
        guard let section = html.range(of: #"<section id="counters">"#),
              let end = html.range(of: "</section>", range: section.upperBound..<html.endIndex) else {
            throw FixtureError.status(0, "no counters section")
        }
        let counters = String(html[section.upperBound..<end.lowerBound])
        counterRows = Self.matches(#"<tr class="bucket[^"]*" ([^>]*)>(.*?)</tr>"#, in: counters).map { match in
            let attributes = Self.attributes(match[1])
            let csat = Self.firstMatch(#"<td class="num csat"[^>]*>([^<]*)</td>"#, in: match[2]).map { $0[1] }
            return Row(site: attributes["data-site"] ?? "", counter: attributes["data-counter"] ?? "", n: Int(attributes["data-n"] ?? "") ?? -1,
                       satisfied: attributes["data-satisfied"].flatMap { Int($0) }, csatText: csat, rowHTML: match[2])
        }
    }

    /// `name="value"` pairs, values unescaped.
    static func attributes(_ text: String) -> [String: String] {
        Dictionary(matches(#"([a-z-]+)="([^"]*)""#, in: text).map { ($0[1], unescape($0[2])) }, uniquingKeysWith: { a, _ in a })
    }

    /// Undoes the entity escapes a serialiser may write (ours, and Chromium's DOM serialisation).
    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&nbsp;", with: "\u{A0}").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func matches(_ pattern: String, in text: String) -> [[String]] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { match in
            (0..<match.numberOfRanges).map { match.range(at: $0).location == NSNotFound ? "" : ns.substring(with: match.range(at: $0)) }
        }
    }

    static func firstMatch(_ pattern: String, in text: String) -> [String]? { matches(pattern, in: text).first }

    /// Checks the page against the pull API's figures; returns the problems found (empty: all agree).
    func problems(against pulled: PulledFigures, minimum: Int) -> [String] {
        var problems: [String] = []
        if totalN != pulled.total.n { problems.append("total n \(totalN), pull API \(pulled.total.n)") }
        if totalSatisfied != pulled.total.satisfied { problems.append("total satisfied \(String(describing: totalSatisfied)), pull API \(pulled.total.satisfied)") }
        if flagged != pulled.flagged { problems.append("flagged \(flagged), pull API \(pulled.flagged)") }
        let pageKeys = Set(counterRows.map { PulledFigures.key($0.site, $0.counter) })
        if pageKeys != Set(pulled.counters.keys) { problems.append("counters \(pageKeys.sorted()), pull API \(pulled.counters.keys.sorted())") }
        for row in counterRows {
            let key = PulledFigures.key(row.site, row.counter)
            guard let expected = pulled.counters[key] else { continue }
            if row.n != expected.n { problems.append("\(key): n \(row.n), pull API \(expected.n)") }
            if expected.n >= minimum {
                let percent = Int((Double(expected.satisfied) / Double(expected.n) * 100).rounded())
                if row.satisfied != expected.satisfied { problems.append("\(key): satisfied \(String(describing: row.satisfied)), pull API \(expected.satisfied)") }
                if row.csatText != "\(percent) %" { problems.append("\(key): CSAT shown \(String(describing: row.csatText)), pull API \(percent) %") }
            } else if row.satisfied != nil || row.csatText != nil || !row.rowHTML.contains("too few ratings") {
                problems.append("\(key): \(row.n) ratings shown with figures instead of as too few")
            }
        }
        return problems
    }
}
