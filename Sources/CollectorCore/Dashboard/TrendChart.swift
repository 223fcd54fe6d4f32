/// A trend as a small SVG: grey bars for the number of ratings (right scale), and CSAT as dots on a
/// line with its 95 % interval as whiskers (left scale, 0–100 %). Buckets with too few ratings get a
/// pale bar and no dot, and the line breaks there.
struct TrendChart {
    var points: [TrendPoint]
    /// The chart's accessible name.
    var title: String
    var width = 880
    var height = 220


    var svg: String {
        let left = 48.0, right = 48.0, top = 22.0, bottom = 34.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let step = points.isEmpty ? plotWidth : plotWidth / Double(points.count)
        let maxN = max(1, points.map(\.figures.n).max() ?? 1)
        func x(_ index: Int) -> Double { left + (Double(index) + 0.5) * step }
        func y(_ share: Double) -> Double { top + (1 - share) * plotHeight }
        func f(_ value: Double) -> String { HTMLText.oneDecimal(value) }

        var parts: [String] = []
        parts.append(#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(width) \#(height)" width="\#(width)" height="\#(height)" role="img" aria-label="\#(HTMLText.escape(title))" class="chart">"#)
        for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
            parts.append(#"<line x1="\#(f(left))" x2="\#(f(left + plotWidth))" y1="\#(f(y(tick)))" y2="\#(f(y(tick)))" class="grid"/>"#)
            parts.append(#"<text x="\#(f(left - 6))" y="\#(f(y(tick) + 4))" text-anchor="end" class="axis">\#(HTMLText.wholePercent(tick)) %</text>"#)
        }
        parts.append(#"<text x="\#(f(left + plotWidth + 6))" y="\#(f(top + 4))" class="axis">n \#(maxN)</text>"#)
        parts.append(#"<text x="\#(f(left + plotWidth + 6))" y="\#(f(top + plotHeight + 4))" class="axis">0</text>"#)

        let barWidth = max(1, step * 0.7)
        let labelEvery = max(1, (points.count + 13) / 14)
        var segments: [[String]] = [[]]
        for (index, point) in points.enumerated() {
            let figures = point.figures
            let barHeight = Double(figures.n) / Double(maxN) * plotHeight
            let fill = figures.isEnough ? "#c9d3de" : SatisfactionColour.tooFew
            parts.append(#"<rect x="\#(f(x(index) - barWidth / 2))" y="\#(f(top + plotHeight - barHeight))" width="\#(f(barWidth))" height="\#(f(barHeight))" fill="\#(fill)"><title>\#(HTMLText.escape(tooltip(point)))</title></rect>"#)
            if index % labelEvery == 0 {
                parts.append(#"<text x="\#(f(x(index)))" y="\#(f(top + plotHeight + 16))" text-anchor="middle" class="axis">\#(HTMLText.escape(point.label))</text>"#)
            }
            guard figures.isEnough, let csat = figures.csat, let interval = figures.interval else {
                if !(segments.last?.isEmpty ?? true) { segments.append([]) }
                continue
            }
            parts.append(#"<line x1="\#(f(x(index)))" x2="\#(f(x(index)))" y1="\#(f(y(interval.lower)))" y2="\#(f(y(interval.upper)))" class="whisker"/>"#)
            segments[segments.count - 1].append("\(f(x(index))),\(f(y(csat)))")
            parts.append(#"<circle cx="\#(f(x(index)))" cy="\#(f(y(csat)))" r="3.5" fill="\#(SatisfactionColour.hex(csat))" class="dot"><title>\#(HTMLText.escape(tooltip(point)))</title></circle>"#)
        }
        for segment in segments where segment.count > 1 {
            parts.append(#"<polyline points="\#(segment.joined(separator: " "))" class="line"/>"#)
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// `2026-11-23: n = 12, CSAT 75 % (47–91 %)`, or the too-few note.
    func tooltip(_ point: TrendPoint) -> String {
        let figures = point.figures
        guard figures.isEnough, let csat = figures.csat, let interval = figures.interval else {
            return "\(point.detail): n = \(figures.n)" + (figures.n > 0 ? ", không đủ dữ liệu / too few ratings" : "")
        }
        return "\(point.detail): n = \(figures.n), CSAT \(HTMLText.percent(csat)) (\(HTMLText.wholePercent(interval.lower))–\(HTMLText.percent(interval.upper)))"
    }
}
