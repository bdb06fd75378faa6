/// A small SVG 1.1 writer: a standalone document with its DOCTYPE, `<title>` and `<desc>`, and
/// the few shapes the charts use. Text is escaped like page text.
public struct SVGDocument: Sendable {
    public let width: Double
    public let height: Double
    private var body = ""

    /// An empty drawing of this size.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func n(_ v: Double) -> String { FigureFormat.decimal(v, places: 1) }

    /// Adds a filled rectangle. Shapes carry no `<title>` of their own: a chart is shown with
    /// `<img>`, where no browser shows one, and its figures are in the table beside it.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String) {
        body += "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, width)))\" height=\"\(Self.n(max(0, height)))\" fill=\"\(fill)\"/>\n"
    }

    /// Adds a straight line.
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
        body += "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\""
        if let dash { body += " stroke-dasharray=\"\(dash)\"" }
        body += "/>\n"
    }

    /// Adds a line through the points.
    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2) {
        guard !points.isEmpty else { return }
        let list = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        body += "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\" stroke-linejoin=\"round\"/>\n"
    }

    /// Adds a filled circle.
    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String) {
        body += "<circle cx=\"\(Self.n(cx))\" cy=\"\(Self.n(cy))\" r=\"\(Self.n(r))\" fill=\"\(fill)\"/>\n"
    }

    /// Where a text stands against its point.
    public enum Anchor: String, Sendable { case start, middle, end }

    /// Adds a text, escaped.
    public mutating func text(_ s: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 11,
                              fill: String = "#1d2330", bold: Bool = false, rotate: Double? = nil) {
        body += "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" text-anchor=\"\(anchor.rawValue)\" font-size=\"\(Self.n(size))\" fill=\"\(fill)\""
        if bold { body += " font-weight=\"bold\"" }
        if let rotate { body += " transform=\"rotate(\(Self.n(rotate)) \(Self.n(x)) \(Self.n(y)))\"" }
        body += ">\(XHTMLText.escape(s))</text>\n"
    }

    /// The finished document.
    public func render(title: String, description: String) -> [UInt8] {
        var out = """
        <?xml version="1.0" encoding="UTF-8" standalone="no"?>
        <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
        <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(Self.n(width))" height="\(Self.n(height))" viewBox="0 0 \(Self.n(width)) \(Self.n(height))" font-family="Helvetica, Arial, sans-serif">
        <title>\(XHTMLText.escape(title))</title>
        <desc>\(XHTMLText.escape(description))</desc>
        <rect x="0" y="0" width="\(Self.n(width))" height="\(Self.n(height))" fill="#ffffff"/>

        """
        out += body
        out += "</svg>\n"
        return Array(out.utf8)
    }
}

/// Round axis steps: the smallest of 1, 2, 5 × 10^k that gives at most `ticks` intervals.
enum AxisScale {
    static func niceMax(_ value: Double, ticks: Int = 5) -> (max: Double, step: Double) {
        guard value > 0, value.isFinite else { return (1, 0.2) }
        let raw = value / Double(ticks)
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        for factor in [1.0, 2.0, 5.0, 10.0] where magnitude * factor >= raw {
            let step = magnitude * factor
            return ((value / step).rounded(.up) * step, step)
        }
        return (value, raw)
    }
}
