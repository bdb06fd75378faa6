/// A small SVG 1.1 writer: a standalone document with its DOCTYPE, `<title>` and `<desc>`, and
/// the few shapes the charts use. Text is escaped like page text. It writes bytes as it goes,
/// numbers included, so a chart costs no intermediate strings.
public struct SVGDocument: Sendable {
    public let width: Double
    public let height: Double
    private var body: [UInt8] = []

    /// The public identifier of the DTD every chart names (SVG 1.1).
    static let publicID = "-//W3C//DTD SVG 1.1//EN"
    /// The system identifier of that DTD.
    static let systemID = "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"

    /// An empty drawing of this size.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
        body.reserveCapacity(4096)
    }

    /// A coordinate as written: at most one decimal, trailing zeros removed.
    static func n(_ v: Double) -> String { FigureFormat.decimal(v, places: 1) }

    /// Appends ``n(_:)`` of `v`; whole numbers, which most coordinates are, without a string.
    private static func append(_ v: Double, to out: inout [UInt8]) {
        if v == v.rounded(), v.magnitude < 1e15 {
            NumberText.appendDecimal(Int(v), to: &out)
        } else {
            out += n(v).utf8
        }
    }

    /// Appends ` name="v"`.
    private mutating func attribute(_ name: String, _ v: Double) {
        body.append(UInt8(ascii: " "))
        body += name.utf8
        body += "=\"".utf8
        Self.append(v, to: &body)
        body.append(UInt8(ascii: "\""))
    }

    /// Appends ` name="text"`; `text` is one of the charts' own colours or keywords.
    private mutating func attribute(_ name: String, _ text: String) {
        body.append(UInt8(ascii: " "))
        body += name.utf8
        body += "=\"".utf8
        body += text.utf8
        body.append(UInt8(ascii: "\""))
    }

    /// Adds a filled rectangle. Shapes carry no `<title>` of their own: a chart is shown with
    /// `<img>`, where no browser shows one, and its figures are in the table beside it.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String) {
        body += "<rect".utf8
        attribute("x", x)
        attribute("y", y)
        attribute("width", max(0, width))
        attribute("height", max(0, height))
        attribute("fill", fill)
        body += "/>\n".utf8
    }

    /// Adds rectangles of one fill as a single `<path>`: the same boxes as the rectangles (a
    /// renderer may anti-alias a fractional edge a shade differently), in one element instead of
    /// one each, which is what a grid of cells or a row of bars costs to validate.
    public mutating func rects(_ boxes: [(x: Double, y: Double, width: Double, height: Double)], fill: String) {
        path(boxes, fill: fill) { box, out in Self.append(box: box, to: &out) }
    }

    /// Adds boxes written by ``box(x:y:width:height:)`` as ``rects(_:fill:)`` draws boxes: for
    /// a chart whose boxes are the same every time, written once.
    public mutating func rects(written boxes: [[UInt8]], fill: String) {
        path(boxes, fill: fill) { box, out in out += box }
    }

    /// A box as ``rects(_:fill:)`` writes it in a path: `Mx yhWvHh-Wz`.
    public static func box(x: Double, y: Double, width: Double, height: Double) -> [UInt8] {
        var out: [UInt8] = []
        append(box: (x, y, width, height), to: &out)
        return out
    }

    private static func append(box: (x: Double, y: Double, width: Double, height: Double), to out: inout [UInt8]) {
        out.append(UInt8(ascii: "M"))
        append(point: (box.x, box.y), to: &out)
        out.append(UInt8(ascii: "h"))
        append(max(0, box.width), to: &out)
        out.append(UInt8(ascii: "v"))
        append(max(0, box.height), to: &out)
        out += "h-".utf8
        append(max(0, box.width), to: &out)
        out.append(UInt8(ascii: "z"))
    }

    /// Adds straight lines of one stroke as a single `<path>`: the same lines (each an open
    /// subpath with the same butt ends), in one element instead of one each, which is what a
    /// chart's grid costs to validate.
    public mutating func lines(_ segments: [(x1: Double, y1: Double, x2: Double, y2: Double)], stroke: String, width: Double = 1) {
        path(segments, fill: "none", stroke: (stroke, width)) { line, out in
            out.append(UInt8(ascii: "M"))
            Self.append(point: (line.x1, line.y1), to: &out)
            out.append(UInt8(ascii: "L"))
            Self.append(point: (line.x2, line.y2), to: &out)
        }
    }

    /// Appends `x y`.
    private static func append(point: (x: Double, y: Double), to out: inout [UInt8]) {
        append(point.x, to: &out)
        out.append(UInt8(ascii: " "))
        append(point.y, to: &out)
    }

    /// Appends a `<path>` with `fill` (and `stroke`, when given) whose `d` is each item's
    /// subpath as `subpath` writes it; nothing when there are no items.
    private mutating func path<Item>(_ items: [Item], fill: String, stroke: (color: String, width: Double)? = nil,
                                     _ subpath: (Item, inout [UInt8]) -> Void) {
        guard !items.isEmpty else { return }
        body += "<path".utf8
        attribute("fill", fill)
        if let stroke {
            attribute("stroke", stroke.color)
            attribute("stroke-width", stroke.width)
        }
        body += " d=\"".utf8
        for item in items { subpath(item, &body) }
        body += "\"/>\n".utf8
    }

    /// Adds a straight line.
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
        body += "<line".utf8
        attribute("x1", x1)
        attribute("y1", y1)
        attribute("x2", x2)
        attribute("y2", y2)
        attribute("stroke", stroke)
        attribute("stroke-width", width)
        if let dash { attribute("stroke-dasharray", dash) }
        body += "/>\n".utf8
    }

    /// Adds a line through the points.
    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2) {
        guard !points.isEmpty else { return }
        body += "<polyline points=\"".utf8
        for (index, point) in points.enumerated() {
            if index > 0 { body.append(UInt8(ascii: " ")) }
            Self.append(point.0, to: &body)
            body.append(UInt8(ascii: ","))
            Self.append(point.1, to: &body)
        }
        body += "\" fill=\"none\"".utf8
        attribute("stroke", stroke)
        attribute("stroke-width", width)
        body += " stroke-linejoin=\"round\"/>\n".utf8
    }

    /// Adds a filled circle.
    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String) {
        body += "<circle".utf8
        attribute("cx", cx)
        attribute("cy", cy)
        attribute("r", r)
        attribute("fill", fill)
        body += "/>\n".utf8
    }

    /// Where a text stands against its point.
    public enum Anchor: String, Sendable { case start, middle, end }

    /// Adds a text, escaped.
    public mutating func text(_ s: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 11,
                              fill: String = "#1d2330", bold: Bool = false, rotate: Double? = nil) {
        body += "<text".utf8
        attribute("x", x)
        attribute("y", y)
        attribute("text-anchor", anchor.rawValue)
        attribute("font-size", size)
        attribute("fill", fill)
        if bold { body += " font-weight=\"bold\"".utf8 }
        if let rotate {
            body += " transform=\"rotate(".utf8
            Self.append(rotate, to: &body)
            body.append(UInt8(ascii: " "))
            Self.append(x, to: &body)
            body.append(UInt8(ascii: " "))
            Self.append(y, to: &body)
            body += ")\"".utf8
        }
        body.append(UInt8(ascii: ">"))
        XHTMLText.appendEscaped(s, to: &body)
        body += "</text>\n".utf8
    }

    /// Adds texts that share their anchor, size and colour, inside one `<g>` that carries the
    /// three: they are inherited, so the texts are drawn as ``text(_:x:y:anchor:size:fill:bold:rotate:)``
    /// would draw them, with three attributes fewer each.
    public mutating func texts(_ items: [(text: String, x: Double, y: Double)], anchor: Anchor = .start, size: Double = 11, fill: String = "#1d2330") {
        guard !items.isEmpty else { return }
        body += "<g".utf8
        attribute("text-anchor", anchor.rawValue)
        attribute("font-size", size)
        attribute("fill", fill)
        body += ">\n".utf8
        for item in items {
            body += "<text".utf8
            attribute("x", item.x)
            attribute("y", item.y)
            body.append(UInt8(ascii: ">"))
            XHTMLText.appendEscaped(item.text, to: &body)
            body += "</text>\n".utf8
        }
        body += "</g>\n".utf8
    }

    /// The finished document.
    public func render(title: String, description: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 700)
        out += """
        <?xml version="1.0" encoding="UTF-8" standalone="no"?>
        <!DOCTYPE svg PUBLIC "\(Self.publicID)" "\(Self.systemID)">
        <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(Self.n(width))" height="\(Self.n(height))" viewBox="0 0 \(Self.n(width)) \(Self.n(height))" font-family="Helvetica, Arial, sans-serif">
        <title>
        """.utf8
        XHTMLText.appendEscaped(title, to: &out)
        out += "</title>\n<desc>".utf8
        XHTMLText.appendEscaped(description, to: &out)
        out += "</desc>\n<rect x=\"0\" y=\"0\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"#ffffff\"/>\n".utf8
        out += body
        out += "</svg>\n".utf8
        return out
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
