/// The hour × weekday heatmap as an SVG grid: each cell shows its number of ratings and is coloured
/// by CSAT (red → green) when it has enough of them, pale grey when too few.
struct HeatmapChart {
    var heatmap: Heatmap
    var title: String

    static let weekdays = ["T2 Mon", "T3 Tue", "T4 Wed", "T5 Thu", "T6 Fri", "T7 Sat", "CN Sun"]

    var svg: String {
        let cellWidth = 34.0, cellHeight = 24.0, left = 64.0, top = 20.0
        let hours = Array(heatmap.hourRange)
        let width = Int(left + cellWidth * Double(hours.count) + 4), height = Int(top + cellHeight * 7 + 4)
        func f(_ value: Double) -> String { HTMLText.oneDecimal(value) }
        var parts: [String] = []
        parts.append(#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(width) \#(height)" width="\#(width)" height="\#(height)" role="img" aria-label="\#(HTMLText.escape(title))" class="chart">"#)
        for (column, hour) in hours.enumerated() {
            parts.append(#"<text x="\#(f(left + cellWidth * (Double(column) + 0.5)))" y="\#(f(top - 6))" text-anchor="middle" class="axis">\#(hour)h</text>"#)
        }
        for (row, name) in Self.weekdays.enumerated() {
            let y = top + cellHeight * Double(row)
            parts.append(#"<text x="\#(f(left - 6))" y="\#(f(y + cellHeight / 2 + 4))" text-anchor="end" class="axis">\#(name)</text>"#)
            for (column, hour) in hours.enumerated() {
                let figures = heatmap.cells[row][hour]
                let x = left + cellWidth * Double(column)
                let fill: String
                var tip = "\(name) \(hour):00–\(hour + 1):00: n = \(figures.n)"
                if figures.isEnough, let csat = figures.csat {
                    fill = SatisfactionColour.hex(csat)
                    tip += ", CSAT \(HTMLText.percent(csat))"
                } else {
                    fill = figures.n > 0 ? SatisfactionColour.tooFew : SatisfactionColour.empty
                    if figures.n > 0 { tip += ", không đủ dữ liệu / too few ratings" }
                }
                parts.append(#"<rect x="\#(f(x + 1))" y="\#(f(y + 1))" width="\#(f(cellWidth - 2))" height="\#(f(cellHeight - 2))" fill="\#(fill)" class="cell"><title>\#(HTMLText.escape(tip))</title></rect>"#)
                if figures.n > 0 {
                    parts.append(#"<text x="\#(f(x + cellWidth / 2))" y="\#(f(y + cellHeight / 2 + 4))" text-anchor="middle" class="count">\#(figures.n)</text>"#)
                }
            }
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
