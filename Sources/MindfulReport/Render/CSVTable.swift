/// A CSV document built in memory: RFC 4180, UTF-8 with a byte order mark, CRLF line ends, a
/// header row. Text cells that a spreadsheet would read as a formula (starting with `=`, `+`,
/// `-`, `@`, tab or CR) get a leading `'` (OWASP); numbers are written bare.
public struct CSVTable: Sendable {
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    public private(set) var bytes: [UInt8]

    /// A cell value.
    public enum Cell: Sendable, Equatable {
        /// Text from data: guarded against formulas, quoted when needed.
        case text(String)
        /// A figure already formatted (digits, sign, point): written bare.
        case number(String)
        /// An empty cell.
        case empty
    }

    /// A table with this header row.
    public init(header: [String]) {
        bytes = Self.byteOrderMark
        appendRow(header.map { .text($0) })
    }

    /// Appends one row, quoting cells as RFC 4180 says.
    public mutating func appendRow(_ cells: [Cell]) {
        Self.append(cells, to: &bytes)
    }

    /// Appends one row's bytes to a buffer (for streaming writers).
    public static func append(_ cells: [Cell], to out: inout [UInt8]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            switch cell {
            case .empty: break
            case .number(let s): out.append(contentsOf: s.utf8)
            case .text(let s): appendText(s, to: &out)
            }
        }
        out.append(0x0D)
        out.append(0x0A)
    }

    /// A text cell: formula guard, then quoting when the cell holds a comma, quote, CR or LF.
    /// (A cell starting with CR is quoted as it holds a CR.)
    public static func appendText(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { utf8 in
            let guarded: Bool
            switch utf8.first {
            case 0x3D?, 0x2B?, 0x2D?, 0x40?, 0x09?, 0x0D?: guarded = true   // = + - @ tab CR
            default: guarded = false
            }
            let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
            if !needsQuotes {
                if guarded { out.append(0x27) }
                out.append(contentsOf: utf8)
                return
            }
            out.append(0x22)
            if guarded { out.append(0x27) }
            for byte in utf8 {
                if byte == 0x22 { out.append(0x22) }
                out.append(byte)
            }
            out.append(0x22)
        }
    }
}

/// How figures are written in CSVs and shown on pages.
public enum FigureFormat {
    /// Seconds: at most 2 decimals, no trailing zeros (`83.25`, `12.5`, `40`).
    public static func seconds(_ v: Double?) -> String { v.map { decimal($0, places: 2) } ?? "" }
    /// A rate 0..1 as a decimal with at most 4 places (`0.8123`).
    public static func rate(_ v: Double?) -> String { v.map { decimal($0, places: 4) } ?? "" }
    /// A ratio such as ECBT accuracy, at most 4 places.
    public static func ratio(_ v: Double?) -> String { v.map { decimal($0, places: 4) } ?? "" }

    /// Correctly rounded from the binary value (as C's and Python's `%.2f` do), then trailing
    /// zeros removed; never exponent notation and never `-0`.
    public static func decimal(_ v: Double, places: Int) -> String {
        guard v.isFinite else { return v.isNaN ? "" : (v > 0 ? "inf" : "-inf") }
        return NumberText.trimmed(v, places: places)
    }
}
