import Foundation

/// Draws the report's charts as SVG 1.1 documents. Pure: figures in, bytes out.
public enum ChartRenderer {
    static let blue = "#2b5fd9", green = "#2e9d57", grey = "#8a92a6", axis = "#5a6275", grid = "#e3e6ec", orange = "#e08a00", red = "#c0392b"

    /// Requests as bars (left axis) and success rate as a line (right axis, %), per period.
    public static func trend(_ series: TrendSeries, subject: String) -> [UInt8] {
        let periods = series.periods
        let w = 760.0, h = 300.0, left = 56.0, right = 56.0, top = 34.0, bottom = 62.0
        var svg = SVGDocument(width: w, height: h)
        let plotW = w - left - right, plotH = h - top - bottom
        let unit = series.weekly ? "ISO week" : "local day"
        svg.text("Requests and success rate by \(unit)", x: left, y: 20, size: 13, bold: true)
        let maxY = countAxis(&svg, largest: periods.map(\.requests).max() ?? 0, left: left, top: top, width: plotW, height: plotH)
        svg.texts(stride(from: 0, through: 100, by: 25).map { pct in
            ("\(pct)%", left + plotW + 6, top + plotH - Double(pct) / 100 * plotH + 4)
        }, size: 10, fill: green)
        svg.text("Requests", x: 14, y: top + plotH / 2, anchor: .middle, size: 11, fill: axis, rotate: -90)
        svg.text("Success rate (%)", x: w - 12, y: top + plotH / 2, anchor: .middle, size: 11, fill: green, rotate: 90)
        let n = max(periods.count, 1)
        let slot = plotW / Double(n)
        let labelEvery = max(1, Int((Double(n) / 14).rounded(.up)))
        var points: [(Double, Double)] = []
        var labels: [(text: String, x: Double, y: Double)] = []
        var bars: [(x: Double, y: Double, width: Double, height: Double)] = []
        for (i, p) in periods.enumerated() {
            let x = left + slot * Double(i)
            let barH = Double(p.requests) / maxY * plotH
            bars.append((x + slot * 0.15, top + plotH - barH, slot * 0.7, barH))
            if let rate = p.successRate { points.append((x + slot / 2, top + plotH - rate * plotH)) }
            if i % labelEvery == 0 {
                labels.append((series.weekly ? p.label : String(p.label.dropFirst(5)), x + slot / 2, top + plotH + 16))
            }
        }
        svg.rects(bars, fill: blue)
        svg.texts(labels, anchor: .middle, size: 10, fill: axis)
        svg.polyline(points, stroke: green, width: 2)
        for (x, y) in points { svg.circle(cx: x, cy: y, r: 2.5, fill: green) }
        svg.line(x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, stroke: axis)
        svg.text(series.weekly ? "ISO week" : "Local date (MM-DD)", x: left + plotW / 2, y: h - 24, anchor: .middle, size: 11, fill: axis)
        svg.rect(x: left, y: h - 14, width: 10, height: 8, fill: blue)
        svg.text("Requests", x: left + 14, y: h - 6, size: 10, fill: axis)
        svg.line(x1: left + 90, y1: h - 10, x2: left + 104, y2: h - 10, stroke: green, width: 2)
        svg.text("Success rate", x: left + 108, y: h - 6, size: 10, fill: axis)
        let total = periods.reduce(0) { $0 + $1.requests }
        return svg.render(title: "Requests and success rate by \(unit): \(subject)",
                          description: "Bar chart of requests per \(unit) with a line for the success rate, over \(periods.count) periods; \(DisplayFormat.count(total)) requests in all. The same figures are in the table below the chart.")
    }

    /// A weekday × local hour grid shaded by value.
    public static func heatMap(_ series: TrendSeries, subject: String, measure: HeatMeasure) -> [UInt8] {
        let w = 760.0, h = 250.0, (left, top, cellW, cellH) = heatGrid
        var svg = SVGDocument(width: w, height: h)
        // The largest value, as `max()` over the values would find it (a NaN first stays).
        var largest: Double?
        for row in series.heat {
            for stats in row {
                guard let v = measure.value(of: stats) else { continue }
                if let m = largest, !(m < v) { continue }
                largest = v
            }
        }
        let maxV = largest ?? 0
        svg.text("\(measure.title) by weekday and local hour", x: left, y: 20, size: 13, bold: true)
        svg.texts(stride(from: 0, to: 24, by: 2).map { hour in
            (NumberText.padded(hour, width: 2), left + cellW * Double(hour) + cellW / 2, top + cellH * 7 + 14)
        }, anchor: .middle, size: 10, fill: axis)
        svg.texts(TrendSeries.weekdayNames.enumerated().map { d, name in
            (name, left - 6, top + cellH * Double(d) + cellH / 2 + 4)
        }, anchor: .end, size: 10, fill: axis)
        // The cells of each shade are one path: a sparse grid is then a handful of elements. The
        // shades are told apart by their colour, in the order they first appear.
        var colourOfCell = [Int](repeating: 0, count: heatCells.count)
        var shades: [Int] = []
        for d in TrendSeries.weekdayNames.indices {
            for hour in 0..<24 {
                let colour = measure.value(of: series.heat[d][hour]).map { shadeColour($0 / max(maxV, 1e-9)) } ?? 0xf4f5f7
                colourOfCell[d * 24 + hour] = colour
                if !shades.contains(colour) { shades.append(colour) }
            }
        }
        for colour in shades {
            svg.rects(written: colourOfCell.indices.filter { colourOfCell[$0] == colour }.map { heatCells[$0] },
                      fill: NumberText.hexColour(colour))
        }
        svg.text("Local hour of day", x: left + cellW * 12, y: top + cellH * 7 + 30, anchor: .middle, size: 11, fill: axis)
        let legendX = left + cellW * 24 + 14
        svg.text(measure.unit, x: legendX, y: top + 8, size: 10, fill: axis)
        for i in 0...4 {
            svg.rect(x: legendX, y: top + 14 + Double(i) * 18, width: 14, height: 14, fill: shade(Double(4 - i) / 4))
        }
        svg.texts((0...4).map { i in
            (measure.format(maxV * Double(4 - i) / 4), legendX + 18, top + 25 + Double(i) * 18)
        }, size: 10, fill: axis)
        return svg.render(title: "\(measure.title) by weekday and local hour: \(subject)",
                          description: "Heat map of \(measure.title.lowercased()) for each weekday (rows, Monday first) and local hour (columns, 00 to 23); darker is higher, up to \(measure.format(maxV)). The same figures are in the table below the chart.")
    }

    /// What a heat map shows.
    public enum HeatMeasure: Sendable {
        case attempts, response
        var title: String { self == .attempts ? "Attempts" : "Average response" }
        var unit: String { self == .attempts ? "attempts" : "seconds" }
        func value(of s: PeriodStats) -> Double? {
            switch self {
            case .attempts: return s.attempts == 0 ? nil : Double(s.attempts)
            case .response: return s.response.mean
            }
        }
        func format(_ v: Double) -> String {
            self == .attempts ? DisplayFormat.count(Int(v.rounded())) : DisplayFormat.duration(v)
        }
    }

    /// A histogram with the p50, p90 and p99 marked.
    public static func histogram(_ h: Histogram, subject: String) -> [UInt8] {
        let w = 760.0, ht = 280.0, left = 56.0, right = 20.0, top = 34.0, bottom = 62.0
        var svg = SVGDocument(width: w, height: ht)
        let plotW = w - left - right, plotH = ht - top - bottom
        svg.text(h.title, x: left, y: 20, size: 13, bold: true)
        let maxY = countAxis(&svg, largest: h.counts.max() ?? 0, left: left, top: top, width: plotW, height: plotH)
        svg.text("Attempts", x: 14, y: top + plotH / 2, anchor: .middle, size: 11, fill: axis, rotate: -90)
        let n = max(h.counts.count, 1)
        let slot = plotW / Double(n)
        let lo = h.edges.first ?? 0, hi = h.edges.last ?? 1
        func xOf(_ v: Double) -> Double { left + (min(max(v, lo), hi) - lo) / max(hi - lo, 1e-9) * plotW }
        svg.rects(h.counts.enumerated().map { i, c in
            let barH = Double(c) / maxY * plotH
            return (left + slot * Double(i) + 1, top + plotH - barH, slot - 2, barH)
        }, fill: blue)
        let labelEvery = max(1, Int((Double(n) / 7).rounded(.up)))
        svg.texts(stride(from: 0, through: n, by: labelEvery).filter { $0 < h.edges.count }.map { i in
            (DisplayFormat.shortDuration(h.edges[i]), left + slot * Double(i), top + plotH + 16)
        }, anchor: .middle, size: 10, fill: axis)
        svg.line(x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, stroke: axis)
        svg.text(h.axisLabel, x: left + plotW / 2, y: ht - 26, anchor: .middle, size: 11, fill: axis)
        let marks: [(String, Double?, String)] = [("p50", h.p50, green), ("p90", h.p90, orange), ("p99", h.p99, red)]
        var legendX = left
        for (name, value, color) in marks {
            guard let value else { continue }
            let x = xOf(value)
            svg.line(x1: x, y1: top, x2: x, y2: top + plotH, stroke: color, width: 2, dash: "4,3")
            svg.text(name, x: x + 3, y: top + 10, size: 10, fill: color, bold: true)
            svg.line(x1: legendX, y1: ht - 10, x2: legendX + 14, y2: ht - 10, stroke: color, width: 2, dash: "4,3")
            svg.text("\(name) \(DisplayFormat.duration(value))", x: legendX + 18, y: ht - 6, size: 10, fill: axis)
            legendX += 130
        }
        return svg.render(title: "\(h.title): \(subject)",
                          description: "Histogram of \(h.axisLabel.lowercased()) in \(n) bins; p50 \(DisplayFormat.duration(h.p50)), p90 \(DisplayFormat.duration(h.p90)), p99 \(DisplayFormat.duration(h.p99)). The same figures are in the table below the chart.")
    }

    /// Grid lines and labels of a count axis from 0 on round whole steps; returns the axis maximum.
    static func countAxis(_ svg: inout SVGDocument, largest: Int, left: Double, top: Double, width: Double, height: Double) -> Double {
        // Counts are whole: a step under 1 would label two grid lines with the same count.
        let (niceMax, niceStep) = AxisScale.niceMax(Double(largest))
        let step = max(niceStep, 1), maxY = max(niceMax.rounded(.up), 1)
        var tick = 0.0
        var labels: [(text: String, x: Double, y: Double)] = []
        var gridLines: [(x1: Double, y1: Double, x2: Double, y2: Double)] = []
        while tick <= maxY + step / 2 {
            let y = top + height - tick / maxY * height
            gridLines.append((left, y, left + width, y))
            labels.append((DisplayFormat.count(Int(tick)), left - 6, y + 4))
            tick += step
        }
        svg.lines(gridLines, stroke: grid)
        svg.texts(labels, anchor: .end, size: 10, fill: axis)
        return maxY
    }

    /// Light to dark blue for 0...1, as `#rrggbb`.
    static func shade(_ f: Double) -> String { NumberText.hexColour(shadeColour(f)) }

    /// Light to dark blue for 0...1, as 0xrrggbb.
    static func shadeColour(_ f: Double) -> Int {
        let t = min(max(f, 0), 1)
        let from = (232.0, 239.0, 252.0), to = (22.0, 58.0, 150.0)
        func c(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * t).rounded()) }
        return c(from.0, to.0) << 16 | c(from.1, to.1) << 8 | c(from.2, to.2)
    }

    /// Where a heat map's grid starts and the size of its cells.
    private static let heatGrid = (left: 44.0, top: 34.0, cellW: 26.0, cellH: 22.0)

    /// The heat map's 7 × 24 cells (weekday by local hour) as written in a path, each with a
    /// 1-unit gutter: the same in every heat map, so written once.
    private static let heatCells: [[UInt8]] = {
        let (left, top, cellW, cellH) = heatGrid
        return (0..<7 * 24).map { index in
            SVGDocument.box(x: left + cellW * Double(index % 24) + 1, y: top + cellH * Double(index / 24) + 1, width: cellW - 2, height: cellH - 2)
        }
    }()
}

/// Binned values with their percentiles, for a histogram chart and its table.
public struct Histogram: Sendable {
    public let title: String
    public let axisLabel: String
    public let edges: [Double]
    public let counts: [Int]
    public let p50: Double?
    public let p90: Double?
    public let p99: Double?

    /// Bins between the 1st and 99th percentile (values outside fall into the end bins), at
    /// most `bins` of them, on round edges.
    public init(_ d: ValueDistribution, title: String, axisLabel: String, bins: Int = 16) {
        self.title = title
        self.axisLabel = axisLabel
        let marks = d.percentiles([50, 90, 99, 1])
        p50 = marks[0]
        p90 = marks[1]
        p99 = marks[2]
        guard let low = marks[3], let high = p99, d.count > 0 else {
            edges = []
            counts = []
            return
        }
        let span = max(high - low, 1)
        let (_, step) = AxisScale.niceMax(span, ticks: bins)
        let start = (low / step).rounded(.down) * step
        var e: [Double] = []
        var x = start
        while x <= high + step / 2 && e.count <= bins + 2 { e.append(x); x += step }
        if e.count < 2 { e.append(start + step) }
        if e.last! <= high { e.append(e.last! + step) }
        edges = e
        counts = d.histogram(edges: e)
    }

    /// `60 s – 2 min 00 s`, with the end bins open.
    public func binLabel(_ i: Int) -> String {
        let lo = DisplayFormat.duration(edges[i]), hi = DisplayFormat.duration(edges[i + 1])
        if i == 0 && counts.count > 1 { return "below \(hi)" }
        if i == counts.count - 1 && counts.count > 1 { return "\(lo) or more" }
        return "\(lo) to under \(hi)"
    }
}
