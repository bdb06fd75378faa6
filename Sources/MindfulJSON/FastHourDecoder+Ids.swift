/// An "ids only" pass over an hour body, for the duplicate-id pre-pass: every byte is validated
/// exactly as ``FastHourDecoder/decode(_:)`` validates it, but only the `id` of each record is
/// kept (as its ``Fingerprint``); nothing else is materialised.
extension FastHourDecoder {
    /// The fingerprint of each record's `id` in file order (one entry per object element of `data`;
    /// 0 where the id is null, absent or not a string), with the same acceptance as `decode(_:)`:
    /// it throws exactly when `decode` throws, with the same error.
    ///
    /// An id is `Fingerprint(utf8:)` of its decoded UTF-8 bytes, which equals `Fingerprint(_:)` of
    /// the `String` that `decode` stores. A repeated `id` key keeps its last value, as in `decode`.
    public func scanIds(_ bytes: Span<UInt8>) throws(HourDecodingError) -> [UInt64] {
        try FastJSONReader.reading(bytes) { (reader) throws(HourDecodingError) in
            var sink = IdsSink(idSlot: FastJSONReader.idKey.withUnsafeBufferPointer { reader.lookUp($0.baseAddress!, $0.count) })
            try reader.readBody(into: &sink)
            return sink.ids
        }
    }
}

/// `scanIds`: the fingerprint of each record's id, nothing else.
struct IdsSink: DataElementSink {
    /// The field table's slot of `id`.
    let idSlot: Int
    var ids: [UInt64] = []
    mutating func beginArray(bytesLeft: Int) {
        ids = []
        // Records are rarely shorter than a few hundred bytes; a rough guess saves regrowing.
        ids.reserveCapacity(min(bytesLeft / 256, 1 << 20))
    }
    mutating func readObject(with reader: inout FastJSONReader) throws(HourDecodingError) {
        ids.append(try reader.readRecordIdOnly(idSlot: idSlot))
    }
    mutating func skippedElement() {}
}

extension FastJSONReader {
    // MARK: - Ids only

    static let idKey: [UInt8] = Array("id".utf8)

    /// ``readRecord(malformed:)`` keeping only the id: validates the record object at the cursor
    /// (nesting depth 3) and returns the fingerprint of its last `id` value, or 0 when that value
    /// is null or not a string, or there is no `id` key. `idSlot` is the field table's slot of `id`.
    ///
    /// Every value `readRecord` reads as a field, it reads with the validation ``skipValue(depth:)``
    /// applies (the same scanners, the same order, the same errors), so skipping is exact.
    mutating func readRecordIdOnly(idSlot: Int) throws(HourDecodingError) -> UInt64 {
        pos &+= 1
        var id: UInt64 = 0
        skipWhitespace()
        if byte() == UInt8(ascii: "}") {
            pos &+= 1
            return id
        }
        // Keys are recognised as in `readRecord`.
        var prediction = FieldPrediction(predicted: firstSlot)
        while true {
            guard byte() == UInt8(ascii: "\"") else { throw unexpected("a string key") }
            let slot = try readRecordKey(&prediction)
            let isId = slot == idSlot
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':'")
            skipWhitespace()
            if isId {
                let c = byte()
                if c == UInt8(ascii: "\"") {
                    let s = try scanStringFast()
                    if s.escaped {
                        id = decodeEscaped(start: s.start, length: s.length).withUnsafeBufferPointer { Fingerprint(utf8: $0).value }
                    } else {
                        id = Fingerprint(utf8: UnsafeBufferPointer(start: base + s.start, count: s.length)).value
                    }
                } else {
                    // null, or a wrong type: either way no id (validated like any value).
                    try skipValue(depth: 3)
                    id = 0
                }
            } else {
                // The common scalars are skipped here, anything else by `skipValue` (which
                // validates them alike). Written out rather than called: the compiler would not
                // inline a helper, and the call cost about a quarter of its time.
                let c = byte()
                if c == UInt8(ascii: "\"") {
                    _ = try scanStringFast()
                } else if c &- UInt8(ascii: "0") < 10 || c == UInt8(ascii: "-") {
                    try skipNumber()
                } else if c == UInt8(ascii: "f") {
                    try readLiteral(.false)
                } else if c == UInt8(ascii: "t") {
                    try readLiteral(.true)
                } else if c == UInt8(ascii: "n") {
                    try readLiteral(.null)
                } else {
                    try skipValue(depth: 3)
                }
            }
            if try atObjectEnd() { return id }
        }
    }

    /// Validates and skips the number at the cursor, accepting and rejecting exactly what
    /// ``readNumber()`` does (a number out of the range of a `Double` is valid, and skipped like
    /// any other). A plain number (at most 15 integer digits, at most 15 fraction digits, no
    /// exponent) is always valid, so it needs no value; any other is handed to `readNumber` from
    /// its start.
    @inline(__always)
    mutating func skipNumber() throws(HourDecodingError) {
        let start = pos
        var i = pos
        if base[i] == UInt8(ascii: "-") { i &+= 1 }
        let digitsStart = i
        while i < end, base[i] &- UInt8(ascii: "0") < 10 { i &+= 1 }
        let digits = i &- digitsStart
        if digits >= 1, digits <= 15, !(base[digitsStart] == UInt8(ascii: "0") && digits > 1) {
            if i < end, base[i] == UInt8(ascii: ".") {
                let fractionStart = i &+ 1
                var j = fractionStart
                while j < end, base[j] &- UInt8(ascii: "0") < 10 { j &+= 1 }
                let fraction = j &- fractionStart
                if fraction >= 1, fraction <= 15, !(j < end && base[j] | 0x20 == UInt8(ascii: "e")) {
                    pos = j
                    return
                }
            } else if !(i < end && base[i] | 0x20 == UInt8(ascii: "e")) {
                pos = i
                return
            }
        }
        pos = start
        _ = try readNumber()
    }

    /// ``scanString()`` with a quicker first pass over the run of plain ASCII that most strings
    /// are (no quote, backslash, control character or byte >= 0x80), 16 bytes a step. At the
    /// first other byte that is not the closing quote it hands over to `scanString` from the
    /// opening quote, so validation and errors are the same.
    @inline(__always)
    mutating func scanStringFast() throws(HourDecodingError) -> (start: Int, length: Int, escaped: Bool) {
        let start = pos &+ 1
        var i = start
        while i &+ 16 <= end {
            let raw = UnsafeRawPointer(base + i)
            let a = Self.specialBytes(raw.loadUnaligned(as: UInt64.self))
            let b = Self.specialBytes(raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            if a | b != 0 {
                // The lowest flagged byte is exact (a borrow only carries upwards).
                i &+= a != 0 ? a.trailingZeroBitCount >> 3 : 8 &+ b.trailingZeroBitCount >> 3
                if base[i] == UInt8(ascii: "\"") {
                    pos = i &+ 1
                    return (start, i &- start, false)
                }
                break
            }
            i &+= 16
        }
        pos = start &- 1
        return try scanString()
    }

    /// The high bit of each byte of `x` (little-endian) that is a quote, a backslash, a control
    /// character or non-ASCII, plus possibly bytes above the first such one.
    @inline(__always)
    static func specialBytes(_ x: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = x ^ (ones &* 0x22)
        let backslash = x ^ (ones &* 0x5C)
        return (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((x &- ones &* 0x20) & ~x) | x)
            & 0x8080_8080_8080_8080
    }
}
