extension DashboardReport {
    /// The report of `counts` over local days `firstDay…lastDay`, limited as `query` says.
    ///
    /// - Parameter nowMillis: the collector clock, for the devices' time since their last upload.
    public init(counts: DashboardCounts, query: DashboardQuery, firstDay: Int64, lastDay: Int64, settings: DashboardSettings, nowMillis: Int64) {
        let minimum = settings.minimumRatings
        func figures(_ scoreCounts: ScoreCounts) -> SatisfactionFigures { SatisfactionFigures(counts: scoreCounts, minimumRatings: minimum) }
        self.firstDay = firstDay
        self.lastDay = lastDay
        generatedAtMillis = nowMillis
        self.settings = settings
        site = query.site
        counter = query.counter
        flaggedExcluded = counts.flagged

        var totalCounts = ScoreCounts()
        var bySite: [String: ScoreCounts] = [:]
        var byCounter: [CounterKey: ScoreCounts] = [:]
        var windowed: [CounterKey: Int] = [:]
        for row in counts.counters {
            totalCounts.add(score: row.score, count: row.count)
            bySite[row.site, default: ScoreCounts()].add(score: row.score, count: row.count)
            let key = CounterKey(site: row.site, counter: row.counter)
            byCounter[key, default: ScoreCounts()].add(score: row.score, count: row.count)
            windowed[key, default: 0] += row.windowed
        }
        total = figures(totalCounts)

        let selected = Self.selectedDevices(counts.devices, query: query)
        let unrated = Self.unratedByCounter(counts.unratedServices, devices: selected)
        for key in unrated.keys where byCounter[key] == nil { byCounter[key] = ScoreCounts() }

        sites = query.site == nil ? Self.ranked(bySite.map { BucketRow(site: $0.key, counter: nil, figures: figures($0.value)) }) : []
        counters = Self.ranked(byCounter.map { key, scoreCounts in
            let rated = windowed[key] ?? 0, notRated = unrated[key] ?? 0
            return BucketRow(site: key.site, counter: key.counter, figures: figures(scoreCounts),
                             served: rated + notRated > 0 ? ServedFigures(rated: rated, unrated: notRated) : nil)
        })

        var byDay: [Int64: ScoreCounts] = [:]
        var cells = Array(repeating: Array(repeating: ScoreCounts(), count: 24), count: 7)
        for row in counts.hours where (0..<24).contains(row.hour) {
            byDay[row.day, default: ScoreCounts()].add(score: row.score, count: row.count)
            cells[LocalCalendar.weekday(ofDay: row.day)][row.hour].add(score: row.score, count: row.count)
        }
        heatmap = Heatmap(cells: cells.map { $0.map(figures) })
        daily = (firstDay...max(firstDay, lastDay)).map { day in
            TrendPoint(firstDay: day, label: LocalCalendar.shortDate(ofDay: day), detail: LocalCalendar.isoDate(ofDay: day),
                       figures: figures(byDay[day] ?? ScoreCounts()))
        }
        weekly = Self.weeks(byDay, firstDay: firstDay, lastDay: lastDay).map {
            TrendPoint(firstDay: $0.start, label: $0.label, detail: $0.detail, figures: figures($0.counts))
        }

        let reasonRows = Self.reasonRows(counts.reasons, perCounter: query.site != nil)
        reasons = reasonRows.rows
        reasonTotal = reasonRows.total
        self.devices = selected.filter { !$0.retired }.map { record in
            let since = record.lastUploadMillis.map { nowMillis - $0 }
            let silent = record.lastUploadMillis.map { settings.silentTerminal.isSilent(lastUploadMillis: $0, nowMillis: nowMillis) } ?? true
            return DeviceHealth(record: record, silent: silent, sinceUploadMillis: since)
        }.sorted(by: Self.problemsFirst)
    }

    struct CounterKey: Hashable {
        var site: String
        var counter: String
    }

    /// Rows with enough ratings by CSAT (highest first; ties: more ratings, then name), numbered;
    /// then the rows with too few ratings by name, unnumbered.
    static func ranked(_ rows: [BucketRow]) -> [BucketRow] {
        let name = { (row: BucketRow) in row.site + "\u{1F}" + (row.counter ?? "") }
        let enough = rows.filter(\.figures.isEnough).sorted { a, b in
            let (x, y) = (a.figures.csat ?? 0, b.figures.csat ?? 0)
            if x != y { return x > y }
            if a.figures.n != b.figures.n { return a.figures.n > b.figures.n }
            return name(a) < name(b)
        }
        let tooFew = rows.filter { !$0.figures.isEnough }.sorted { name($0) < name($1) }
        return enough.enumerated().map { index, row in
            var row = row
            row.rank = index + 1
            return row
        } + tooFew.map { row in
            var row = row
            row.rank = nil
            return row
        }
    }

    /// The devices of the chosen site/counter, retired ones too (a device's place is that of its latest rating).
    static func selectedDevices(_ devices: [DeviceHealthRecord], query: DashboardQuery) -> [DeviceHealthRecord] {
        devices.filter { device in
            (query.site == nil || device.site == query.site) && (query.counter == nil || device.counter == query.counter)
        }
    }

    /// Unrated services per counter, each device's services at the place of its latest rating
    /// (services carry no site or counter of their own); a device without ratings is at ("", "").
    static func unratedByCounter(_ services: [DeviceCount], devices: [DeviceHealthRecord]) -> [CounterKey: Int] {
        let places = Dictionary(devices.map { ($0.id, CounterKey(site: $0.site ?? "", counter: $0.counter ?? "")) }, uniquingKeysWith: { a, _ in a })
        var result: [CounterKey: Int] = [:]
        for service in services {
            guard let place = places[service.deviceID] else { continue } // another site's device
            result[place, default: 0] += service.count
        }
        return result
    }

    /// ISO weeks overlapping `firstDay…lastDay`.
    static func weeks(_ byDay: [Int64: ScoreCounts], firstDay: Int64, lastDay: Int64)
        -> [(start: Int64, label: String, detail: String, counts: ScoreCounts)] {
        var result: [(start: Int64, label: String, detail: String, counts: ScoreCounts)] = []
        var start = LocalCalendar.weekStart(ofDay: firstDay)
        while start <= lastDay {
            var counts = ScoreCounts()
            for day in start..<(start + 7) { if let dayCounts = byDay[day] { counts.add(dayCounts) } }
            let (year, week) = LocalCalendar.isoWeek(ofDay: start)
            let from = max(start, firstDay), through = min(start + 6, lastDay)
            let partial = from != start || through != start + 6 ? " · một phần / partial" : ""
            result.append((start, "W\(week)",
                           "\(year)-W\(twoDigits(week)) (\(LocalCalendar.shortDate(ofDay: from))–\(LocalCalendar.shortDate(ofDay: through)))\(partial)",
                           counts))
            start += 7
        }
        return result
    }

    /// Reason rows per site (or per counter), busiest first, and their sum.
    static func reasonRows(_ counts: [ReasonCount], perCounter: Bool) -> (rows: [ReasonRow], total: ReasonRow) {
        var rows: [CounterKey: [String: Int]] = [:]
        var total: [String: Int] = [:]
        for count in counts {
            rows[CounterKey(site: count.site, counter: perCounter ? count.counter : ""), default: [:]][count.reason, default: 0] += count.count
            total[count.reason, default: 0] += count.count
        }
        let list = rows.map { ReasonRow(site: $0.key.site, counter: perCounter ? $0.key.counter : nil, counts: $0.value) }
            .sorted { $0.total != $1.total ? $0.total > $1.total : ($0.site, $0.counter ?? "") < ($1.site, $1.counter ?? "") }
        return (list, ReasonRow(site: "", counter: nil, counts: total))
    }

    /// Silent first, then unsynchronised clocks, then the largest backlog, then by id.
    static func problemsFirst(_ a: DeviceHealth, _ b: DeviceHealth) -> Bool {
        if a.silent != b.silent { return a.silent }
        let (aBad, bBad) = (a.record.clockSynced == false, b.record.clockSynced == false)
        if aBad != bBad { return aBad }
        let (aDepth, bDepth) = (a.record.queueDepth ?? 0, b.record.queueDepth ?? 0)
        if aDepth != bDepth { return aDepth > bDepth }
        return a.record.id < b.record.id
    }
}
