/// The dashboard as one HTML document: inline CSS, server-drawn SVG, no JavaScript, no external resources.
///
/// Every interpolated string goes through ``HTMLText/escape(_:)``. Figures carry `data-` attributes
/// (`data-n`, `data-csat`) so tests and scrapers can read the exact values behind the rounded text.
struct DashboardPage {
    var report: DashboardReport

    var html: String {
        let settings = report.settings
        let scope = [report.site, report.counter].compactMap { $0 }.map(HTMLText.escape).joined(separator: " · ")
        var body: [String] = []
        body.append("<header><h1>\(DashboardText.title)</h1>")
        if !scope.isEmpty { body.append("<p class=\"scope\">\(scope)</p>") }
        body.append("<p>\(HTMLText.escape(DashboardText.period(days: report.days, from: LocalCalendar.isoDate(ofDay: report.firstDay), through: LocalCalendar.isoDate(ofDay: report.lastDay)))) (UTC\(settings.timeZoneOffset))</p>")
        body.append(filterForm)
        body.append("</header>")
        body.append(summary)
        if report.site == nil { body.append(bucketTable(DashboardText.sites, rows: report.sites, id: "sites")) }
        body.append(bucketTable(DashboardText.counters, rows: report.counters, id: "counters"))
        body.append("<section id=\"daily\"><h2>\(DashboardText.daily)</h2>\(TrendChart(points: report.daily, title: DashboardText.daily).svg)</section>")
        body.append("<section id=\"weekly\"><h2>\(DashboardText.weekly)</h2>\(TrendChart(points: report.weekly, title: DashboardText.weekly).svg)</section>")
        body.append("<section id=\"heatmap\"><h2>\(DashboardText.heatmap)</h2>\(HeatmapChart(heatmap: report.heatmap, title: DashboardText.heatmap).svg)\(legend)</section>")
        body.append(reasonsTable)
        body.append(devicesTable)
        body.append("<footer><p>\(HTMLText.escape(DashboardText.minimum(settings.minimumRatings, offset: settings.timeZoneOffset)))</p></footer>")
        return """
            <!DOCTYPE html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(DashboardText.title)</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// A GET form (works without JavaScript) and quick links for common periods.
    var filterForm: String {
        let site = report.site.map { "<input type=\"hidden\" name=\"site\" value=\"\(HTMLText.escape($0))\">" } ?? ""
        let counter = report.counter.map { "<input type=\"hidden\" name=\"counter\" value=\"\(HTMLText.escape($0))\">" } ?? ""
        let quick = [7, 28, 91].map { "<a href=\"\(HTMLText.escape(link(days: $0, site: report.site, counter: report.counter)))\">\($0)</a>" }
            .joined(separator: " ")
        let all = report.site == nil ? "" : " · <a href=\"\(HTMLText.escape(link(days: report.days, site: nil, counter: nil)))\">\(DashboardText.allSites)</a>"
        return """
            <form method="get" action="/" class="filter">\(site)\(counter)<label>\(DashboardText.days) \
            <input type="number" name="days" min="1" max="\(report.settings.maxDays)" value="\(report.days)"></label> \
            <button type="submit">\(DashboardText.show)</button> \(quick)\(all)</form>
            """
    }

    /// The figures of the whole selection, and how many flagged presses were left out.
    var summary: String {
        let total = report.total
        var tiles: [String] = [tile(DashboardText.ratings, "\(total.n)")]
        if total.isEnough, let csat = total.csat, let interval = total.interval, let low = total.lowShare, let mean = total.mean {
            tiles.append(tile(DashboardText.csat, HTMLText.percent(csat), note: "\(DashboardText.interval): \(range(interval))"))
            tiles.append(tile(DashboardText.low, HTMLText.percent(low)))
            tiles.append(tile(DashboardText.mean, HTMLText.oneDecimal(mean)))
        } else {
            tiles.append(tile(DashboardText.csat, "–", note: total.n == 0 ? DashboardText.noRatings : DashboardText.tooFew))
        }
        return """
            <section id="summary" \(dataAttributes(total)) data-flagged="\(report.flaggedExcluded)">
            <div class="tiles">\(tiles.joined())</div>
            <p class="excluded">\(HTMLText.escape(DashboardText.excluded(report.flaggedExcluded)))</p>
            </section>
            """
    }

    func tile(_ label: String, _ value: String, note: String? = nil) -> String {
        "<div class=\"tile\"><div class=\"label\">\(label)</div><div class=\"value\">\(value)</div>"
            + (note.map { "<div class=\"note\">\(HTMLText.escape($0))</div>" } ?? "") + "</div>"
    }

    /// `49–94 %`.
    func range(_ interval: WilsonInterval) -> String {
        "\(HTMLText.wholePercent(interval.lower))–\(HTMLText.percent(interval.upper))"
    }

    /// `data-n` always; `data-satisfied` and `data-csat` only when there are enough ratings to show them.
    func dataAttributes(_ figures: SatisfactionFigures) -> String {
        var text = "data-n=\"\(figures.n)\""
        if figures.isEnough, let csat = figures.csat {
            text += " data-satisfied=\"\(figures.satisfied)\" data-csat=\"\(csat)\""
        }
        return text
    }

    /// A relative link to the dashboard with these filters.
    func link(days: Int, site: String?, counter: String?) -> String {
        var link = "/?days=\(days)"
        if let site { link += "&site=" + HTMLText.queryValue(site) }
        if let counter { link += "&counter=" + HTMLText.queryValue(counter) }
        return link
    }

    /// The colour scale of CSAT and the too-few swatch.
    var legend: String {
        let stops = [0.0, 0.25, 0.5, 0.75, 1.0].map { "<span class=\"swatch\" style=\"background:\(SatisfactionColour.hex($0))\"></span>\(HTMLText.percent($0))" }
        return "<p class=\"legend\">CSAT: \(stops.joined(separator: " ")) · <span class=\"swatch\" style=\"background:\(SatisfactionColour.tooFew)\"></span>\(DashboardText.tooFew)</p>"
    }
}
