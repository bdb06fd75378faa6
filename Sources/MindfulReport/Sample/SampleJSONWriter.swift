/// Writes the JSON of sample records straight into a byte buffer, field by field in the API's
/// order (``CallRecordField/all``), without Foundation's encoders.
///
/// Each record starts with ``beginRecord()``; every ``key()`` writes the next field's name, so the
/// values must follow in the API's order; ``endRecord()`` checks that all 56 were written.
struct SampleJSONWriter {
    var bytes: [UInt8]
    private var field = 0

    /// `{"activeDuration":`, `,"actualCallbackTime":`, ... : the key of each field with the
    /// separator before it.
    static let keys: [[UInt8]] = CallRecordField.all.enumerated().map { i, f in
        Array((i == 0 ? "{\"" : ",\"").utf8) + Array(f.name.utf8) + Array("\":".utf8)
    }
    static let null: [UInt8] = Array("null".utf8)
    static let `true`: [UInt8] = Array("true".utf8)
    static let `false`: [UInt8] = Array("false".utf8)
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: [UInt8]) { bytes.append(contentsOf: text) }

    mutating func beginRecord() { field = 0 }

    mutating func endRecord() {
        precondition(field == SampleJSONWriter.keys.count, "a sample record must have every API field")
        bytes.append(UInt8(ascii: "}"))
    }

    @inline(__always)
    private mutating func key() {
        bytes.append(contentsOf: SampleJSONWriter.keys[field])
        field += 1
    }

    /// A field whose value is already JSON text (a quoted string, an object).
    @inline(__always)
    mutating func json(_ value: [UInt8]) {
        key()
        bytes.append(contentsOf: value)
    }

    /// A field whose value is JSON text with a zero-padded number in the middle.
    @inline(__always)
    mutating func json(_ prefix: [UInt8], number: Int, width: Int, _ suffix: [UInt8]) {
        key()
        bytes.append(contentsOf: prefix)
        digits(number, width)
        bytes.append(contentsOf: suffix)
    }

    @inline(__always)
    mutating func null() {
        key()
        bytes.append(contentsOf: SampleJSONWriter.null)
    }

    @inline(__always)
    mutating func bool(_ value: Bool) {
        key()
        bytes.append(contentsOf: value ? SampleJSONWriter.true : SampleJSONWriter.false)
    }

    @inline(__always)
    mutating func bool(_ value: Bool?) {
        if let value { bool(value) } else { null() }
    }

    /// One boolean field for each of `bits`, in order: true when that bit is set in `flags`.
    @inline(__always)
    mutating func bools(_ flags: UInt32, _ bits: [UInt32]) {
        for bit in bits { bool(flags & bit != 0) }
    }

    @inline(__always)
    mutating func int(_ value: Int) {
        key()
        appendInt(value)
    }

    @inline(__always)
    mutating func int(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

    /// A fraction 0...1 given in hundred-thousandths, written with at most 5 decimals
    /// (`0.85111`, `1`, `0`).
    mutating func fraction(hundredThousandths k: Int?) {
        guard let k else { return null() }
        key()
        if k <= 0 { bytes.append(UInt8(ascii: "0")); return }
        if k >= 100_000 { bytes.append(UInt8(ascii: "1")); return }
        bytes.append(UInt8(ascii: "0"))
        bytes.append(UInt8(ascii: "."))
        digits(k, 5)
        while bytes.last == UInt8(ascii: "0") { bytes.removeLast() }
    }

    /// An RFC 3339 UTC timestamp with milliseconds, `"2023-06-08T12:13:03.000Z"`, from seconds
    /// since the epoch.
    @inline(__always)
    mutating func timestamp(_ seconds: Int?) {
        guard let seconds else { return null() }
        key()
        let days = seconds.floorDiv(86400)
        let s = seconds - days * 86400
        let (y, m, d) = CivilDate.from(daysSinceEpoch: days)
        bytes.append(UInt8(ascii: "\""))
        digits(y, 4); bytes.append(UInt8(ascii: "-"))
        digits(m, 2); bytes.append(UInt8(ascii: "-"))
        digits(d, 2); bytes.append(UInt8(ascii: "T"))
        digits(s / 3600, 2); bytes.append(UInt8(ascii: ":"))
        digits(s / 60 % 60, 2); bytes.append(UInt8(ascii: ":"))
        digits(s % 60, 2)
        bytes.append(contentsOf: SampleJSONWriter.millisecondsZ)
    }
    private static let millisecondsZ: [UInt8] = Array(".000Z\"".utf8)

    /// A 17-hex-digit id: one digit from `high`, then the 16 of `low`.
    @inline(__always)
    mutating func id(high: UInt8, low: UInt64) {
        key()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(SampleJSONWriter.hexDigits[Int(high & 15)])
        var shift: UInt64 = 60
        while true {
            bytes.append(SampleJSONWriter.hexDigits[Int((low >> shift) & 15)])
            if shift == 0 { break }
            shift -= 4
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"+1"` followed by a 10-digit North American number.
    @inline(__always)
    mutating func phone(_ number: UInt64?) {
        guard let number else { return null() }
        key()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: "+"))
        bytes.append(UInt8(ascii: "1"))
        digits(Int(number), 10)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `value` in decimal.
    mutating func appendInt(_ value: Int) {
        NumberText.appendDecimal(value, to: &bytes)
    }

    /// Appends the last `width` decimal digits of a non-negative `value`, zero-padded.
    @inline(__always)
    mutating func digits(_ value: Int, _ width: Int) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var v = value
        bytes.withUnsafeMutableBufferPointer { buffer in
            var i = start + width - 1
            while i >= start {
                buffer[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                i -= 1
            }
        }
    }

    /// A JSON string literal (with quotes) for `text`, escaping what JSON requires.
    static func stringLiteral(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case 0..<0x20:
                out += Array("\\u00".utf8)
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}
