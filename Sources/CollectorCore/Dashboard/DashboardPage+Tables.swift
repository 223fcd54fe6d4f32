extension DashboardPage {
    /// Sites or counters: rank, n, CSAT with interval, share of 1–2, mean (and ratings per served customer for counters).
    func bucketTable(_ title: String, rows: [BucketRow], id: String) -> String {
        let isCounters = id == "counters"
        let shown = rows.prefix(report.settings.maxRows)
        var html = "<section id=\"\(id)\"><h2>\(title)</h2>"
        guard !rows.isEmpty else { return html + "<p>\(DashboardText.noRatings)</p></section>" }
        html += "<table><thead><tr><th>\(DashboardText.rank)</th><th>\(DashboardText.site)</th>"
        if isCounters { html += "<th>\(DashboardText.counter)</th>" }
        html += "<th class=\"num\">n</th><th class=\"num\">CSAT</th><th class=\"num\">\(DashboardText.interval)</th>"
        html += "<th class=\"num\">\(DashboardText.low)</th><th class=\"num\">\(DashboardText.mean)</th>"
        if isCounters { html += "<th class=\"num\">\(DashboardText.served)</th>" }
        html += "</tr></thead><tbody>\n"
        for row in shown { html += bucketRow(row, isCounter: isCounters) + "\n" }
        html += "</tbody></table>"
        if shown.count < rows.count { html += "<p class=\"note\">\(HTMLText.escape(DashboardText.truncated(shown: shown.count, of: rows.count)))</p>" }
        return html + "</section>"
    }

    func bucketRow(_ row: BucketRow, isCounter: Bool) -> String {
        let figures = row.figures
        let siteName = row.site.isEmpty ? DashboardText.unknownPlace : HTMLText.escape(row.site)
        var html = "<tr class=\"bucket\(figures.isEnough ? "" : " too-few")\" data-site=\"\(HTMLText.escape(row.site))\""
        if let counter = row.counter { html += " data-counter=\"\(HTMLText.escape(counter))\"" }
        html += " \(dataAttributes(figures))>"
        html += "<td>\(row.rank.map(String.init) ?? "–")</td>"
        html += "<td><a href=\"\(HTMLText.escape(link(days: report.days, site: row.site, counter: nil)))\">\(siteName)</a></td>"
        if let counter = row.counter {
            let name = counter.isEmpty ? DashboardText.unknownPlace : HTMLText.escape(counter)
            html += "<td><a href=\"\(HTMLText.escape(link(days: report.days, site: row.site, counter: counter)))\">\(name)</a></td>"
        }
        html += "<td class=\"num\">\(figures.n)</td>"
        if figures.isEnough, let csat = figures.csat, let interval = figures.interval, let low = figures.lowShare, let mean = figures.mean {
            html += "<td class=\"num csat\" style=\"border-left:6px solid \(SatisfactionColour.hex(csat))\">\(HTMLText.percent(csat))</td>"
            html += "<td class=\"num\">\(range(interval))</td><td class=\"num\">\(HTMLText.percent(low))</td><td class=\"num\">\(HTMLText.oneDecimal(mean))</td>"
        } else {
            html += "<td class=\"num too-few\" colspan=\"4\">\(DashboardText.tooFew)</td>"
        }
        if isCounter { html += "<td class=\"num\">\(served(row.served))</td>" }
        return html + "</tr>"
    }

    /// `80 % (40 / 50)`, the too-few note under the minimum, or a dash without counter-mode data.
    func served(_ served: ServedFigures?) -> String {
        guard let served, let ratio = served.ratio else { return "–" }
        let counts = "\(served.rated) / \(served.served)"
        return served.served >= report.settings.minimumRatings ? "\(HTMLText.percent(ratio)) (\(counts))" : "\(DashboardText.tooFew) (\(counts))"
    }

    /// Latest follow-up reasons per site (or per counter of the chosen site), with a total row.
    var reasonsTable: String {
        var html = "<section id=\"reasons\"><h2>\(DashboardText.reasons)</h2>"
        guard report.reasonTotal.total > 0 else { return html + "<p>\(DashboardText.none)</p></section>" }
        let perCounter = report.site != nil
        html += "<table><thead><tr><th>\(perCounter ? DashboardText.counter : DashboardText.site)</th>"
        for (_, label) in DashboardText.reasonLabels { html += "<th class=\"num\">\(label)</th>" }
        html += "<th class=\"num\">\(DashboardText.total)</th></tr></thead><tbody>\n"
        let named = report.reasons.prefix(report.settings.maxRows).map { row in
            let name = HTMLText.escape((perCounter ? row.counter : row.site) ?? "")
            return (name: name.isEmpty ? DashboardText.unknownPlace : name, row: row, isTotal: false)
        }
        for (name, row, isTotal) in named + [(name: DashboardText.total, row: report.reasonTotal, isTotal: true)] {
            html += "<tr\(isTotal ? " class=\"total\"" : "")><td>\(name)</td>"
            for (code, _) in DashboardText.reasonLabels { html += "<td class=\"num\">\(row.counts[code] ?? 0)</td>" }
            html += "<td class=\"num\">\(row.total)</td></tr>\n"
        }
        return html + "</tbody></table></section>"
    }

    /// Terminals of the selection, problems first: silent, clock, backlog, last upload.
    var devicesTable: String {
        let devices = report.devices
        var html = "<section id=\"devices\"><h2>\(DashboardText.devices)</h2>"
        let silent = devices.filter(\.silent).count, unsynced = devices.filter { $0.record.clockSynced == false }.count
        let backlog = devices.filter { ($0.record.queueDepth ?? 0) > 0 }.count
        html += "<p data-devices=\"\(devices.count)\" data-silent=\"\(silent)\">\(HTMLText.escape(DashboardText.deviceSummary(total: devices.count, silent: silent, unsynced: unsynced, backlog: backlog)))</p>"
        guard !devices.isEmpty else { return html + "</section>" }
        html += "<table><thead><tr><th>\(DashboardText.device)</th><th>\(DashboardText.site)</th><th>\(DashboardText.counter)</th>"
        html += "<th>\(DashboardText.state)</th><th>\(DashboardText.lastUpload)</th><th class=\"num\">\(DashboardText.backlog)</th><th>\(DashboardText.clock)</th></tr></thead><tbody>\n"
        for device in devices.prefix(report.settings.maxRows) {
            let record = device.record
            html += "<tr class=\"device\(device.silent ? " silent" : "")\" data-device=\"\(HTMLText.escape(record.id))\">"
            html += "<td>\(HTMLText.escape(record.id))</td><td>\(HTMLText.escape(record.site ?? "–"))</td><td>\(HTMLText.escape(record.counter ?? "–"))</td>"
            html += "<td class=\"\(device.silent ? "bad" : "good")\">\(device.silent ? DashboardText.silent : DashboardText.ok)</td>"
            html += "<td>\(device.sinceUploadMillis.map { HTMLText.age($0) } ?? DashboardText.never)</td>"
            html += "<td class=\"num\">\(record.queueDepth.map(String.init) ?? "–")</td>"
            let clock = record.clockSynced.map { $0 ? DashboardText.synced : DashboardText.notSynced } ?? DashboardText.unknown
            html += "<td class=\"\(record.clockSynced == false ? "bad" : "")\">\(clock)</td></tr>\n"
        }
        html += "</tbody></table>"
        if devices.count > report.settings.maxRows {
            html += "<p class=\"note\">\(HTMLText.escape(DashboardText.truncated(shown: report.settings.maxRows, of: devices.count)))</p>"
        }
        return html + "</section>"
    }

    static let css = """
        body{font-family:system-ui,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0 auto;max-width:1200px;padding:12px 20px;color:#222;background:#fff}
        h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .4em;border-bottom:1px solid #ddd}
        .scope{font-size:1.2em;font-weight:600;margin:.2em 0}.filter{margin:.5em 0}.filter input{width:5em}
        .tiles{display:flex;flex-wrap:wrap;gap:12px}.tile{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:180px}
        .tile .label{font-size:.8em;color:#555}.tile .value{font-size:1.8em;font-weight:600}.note{font-size:.8em;color:#555}
        .excluded{color:#8a4b00}table{border-collapse:collapse;width:100%;font-size:.9em}
        th,td{border-bottom:1px solid #eee;padding:3px 6px;text-align:left}th{background:#f4f6f8;font-weight:600;font-size:.85em}
        .num{text-align:right;white-space:nowrap}td.too-few{color:#888;font-style:italic;text-align:center}tr.total td{font-weight:600}
        .bad{color:#b00020;font-weight:600}.good{color:#1a7f37}a{color:#0b5cad}
        .chart{max-width:100%;height:auto;font-size:11px}.chart .grid{stroke:#e6e6e6}.chart .axis{fill:#555}
        .chart .line{fill:none;stroke:#333;stroke-width:1.5}.chart .whisker{stroke:#777;stroke-width:1}.chart .dot{stroke:#333;stroke-width:.8}
        .chart .count{fill:#222;font-size:10px}.swatch{display:inline-block;width:14px;height:10px;margin:0 3px 0 8px;border:1px solid #ccc}
        .legend{font-size:.8em}footer{margin-top:2em;color:#555;font-size:.85em}
        """
}
