extension FastHourDecoder {
    /// Decodes like `decode(_:)` and, in the same pass over the bytes, writes each record's appendix row
    /// (byte-for-byte what MindfulReport's `AppendixRows.append(record, hour: hourLabel, to:)` writes for
    /// the fully decoded record; `maskingPhones` is its masked PII mode).
    /// The returned records carry only what the metrics read: their numbers and booleans. Every string
    /// field and metadata is left nil: the rows have them, and what the metrics read of them comes as
    /// ``RecordKeys`` in ``HourRecords/keys``.
    ///
    /// It throws exactly when `decode(_:)` throws, with the same error, and counts malformed fields
    /// and skipped elements the same way.
    public func decodeWithRows(_ bytes: Span<UInt8>, maskingPhones: Bool, hourLabel: [UInt8]) throws(HourDecodingError) -> (records: HourRecords, rows: HourRows) {
        var sink = FusedSink(writer: FusedRowWriter(masked: maskingPhones, hourLabel: hourLabel, inputSize: bytes.count))
        do throws(HourDecodingError) {
            try FastJSONReader.reading(bytes) { (reader) throws(HourDecodingError) in try reader.readBody(into: &sink) }
        } catch {
            sink.writer.release()
            throw error
        }
        var hour = sink.hour
        hour.keys = HourKeys(records: sink.keys, values: sink.keysBuilder.values)
        return (hour, sink.writer.takeRows())
    }
}

/// `decodeWithRows`: the records, and each one's appendix row written as it is read.
struct FusedSink: DataElementSink {
    var writer: FusedRowWriter
    var hour = HourRecords()
    var keys: [RecordKeys] = []
    var keysBuilder = HourKeysBuilder()
    mutating func beginArray(bytesLeft: Int) {
        writer.resetRows()
        hour = HourRecords(reservingFor: bytesLeft)
        keys = []
        keys.reserveCapacity(hour.records.capacity)
        keysBuilder = HourKeysBuilder()
    }
    mutating func readObject(with reader: inout FastJSONReader) throws(HourDecodingError) {
        hour.records.append(try reader.readRecord(malformed: &hour.malformedFields, into: &writer))
        keys.append(writer.recordKeys(reader: reader, builder: &keysBuilder))
        writer.emitRow(reader: reader)
    }
    mutating func skippedElement() { hour.skippedElements += 1 }
}

/// Which of the 56 fields (bit `i` is ``CallRecordField/all``[i]) have which kind, for the fused rows.
struct FusedFieldMasks: Sendable {
    let numbers: UInt64
    let booleans: UInt64
    let strings: UInt64
    /// `ani` and `phoneNumber`.
    let phones: UInt64
    /// The fields ``RecordKeys`` are made from.
    let originalIdField: Int, idField: Int, sourceField: Int, typeField: Int
    let callTargetIdField: Int, callTargetNameField: Int, outcomeField: Int, segmentNameField: Int, firstPartyCalledField: Int

    static let shared = FusedFieldMasks()

    init() {
        var numbers: UInt64 = 0, booleans: UInt64 = 0, strings: UInt64 = 0, phones: UInt64 = 0
        for (i, field) in CallRecordField.all.enumerated() {
            let bit: UInt64 = 1 << UInt64(i)
            switch field.kind {
            case .number: numbers |= bit
            case .boolean: booleans |= bit
            case .string: strings |= bit
            case .object: break
            }
            if field.name == "ani" || field.name == "phoneNumber" { phones |= bit }
        }
        self.numbers = numbers
        self.booleans = booleans
        self.strings = strings
        self.phones = phones
        func field(_ name: String) -> Int { CallRecordField.all.firstIndex { $0.name == name }! }
        originalIdField = field("originalId")
        idField = field("id")
        sourceField = field("source")
        typeField = field("type")
        callTargetIdField = field("callTargetId")
        callTargetNameField = field("callTargetName")
        outcomeField = field("outcome")
        segmentNameField = field("segmentName")
        firstPartyCalledField = field("firstPartyCalled")
    }
}

/// A growable byte buffer written through a pointer: the rows of one hour. Room is made once
/// per row (``reserve(_:)``), then bytes are stored without further checks.
struct FusedRowBytes {
    private(set) var base: UnsafeMutablePointer<UInt8>
    var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 4096)
        base = .allocate(capacity: self.capacity)
    }

    func release() { base.deallocate() }

    /// Makes room for `n` more bytes.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if count &+ n > capacity { grow(n) }
    }

    @inline(never)
    mutating func grow(_ n: Int) {
        let newCapacity = Swift.max(capacity &* 2, count &+ n)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Stores one byte (room must have been made).
    @inline(__always)
    mutating func put(_ byte: UInt8) {
        assert(count < capacity, "row buffer overflow")
        base[count] = byte
        count &+= 1
    }

    /// Stores `byte` `n` times (room must have been made).
    @inline(__always)
    mutating func put(repeating byte: UInt8, _ n: Int) {
        assert(n >= 0 && count &+ n <= capacity, "row buffer overflow")
        (base + count).update(repeating: byte, count: n)
        count &+= n
    }

    /// Stores `n` bytes (room must have been made).
    @inline(__always)
    mutating func put(_ p: UnsafePointer<UInt8>, _ n: Int) {
        assert(count &+ n <= capacity, "row buffer overflow")
        (base + count).update(from: p, count: n)
        count &+= n
    }
}

/// The rows being written during one ``FastHourDecoder/decodeWithRows(_:appendix:hourLabel:)``
/// call, and the last value of each field of the record being read (buffers reused across
/// records).
struct FusedRowWriter {
    /// The appendix rows so far, and where each ends.
    var out: FusedRowBytes
    var ends: [Int] = []

    /// The `source_hour` label, CR and LF.
    let labelLine: UnsafeMutablePointer<UInt8>
    let labelLineCount: Int
    let masks: FusedFieldMasks
    /// Fields whose value is masked in the rows (`ani` and `phoneNumber` when the PII mode masks).
    let maskedFields: UInt64

    // The record being read.
    /// Fields with a (well-typed) value.
    var present: UInt64 = 0
    /// String fields whose value holds escapes.
    var escaped: UInt64 = 0
    /// Boolean fields whose value is `true`.
    var trueBits: UInt64 = 0
    /// Offset and length in the input of each string field's value (between the quotes), and of
    /// each number field's JSON text.
    let starts: UnsafeMutablePointer<Int>
    let lengths: UnsafeMutablePointer<Int>
    /// Each number field's value.
    let numbers: UnsafeMutablePointer<Double>
    /// The compact text of the record's `metadata`.
    var metadata: [UInt8] = []
    /// Decoded bytes of an escaped string.
    var scratch: [UInt8] = []

    static let fieldCount = 56
    /// Room for any cell but a text one, and its comma: a number is at most 24 bytes.
    static let fixedCellRoom = 26

    init(masked: Bool, hourLabel: [UInt8], inputSize: Int) {
        masks = FusedFieldMasks.shared
        maskedFields = masked ? masks.phones : 0
        out = FusedRowBytes(capacity: inputSize / 2)
        labelLineCount = hourLabel.count + 2
        labelLine = .allocate(capacity: labelLineCount)
        labelLine.initialize(from: hourLabel + [0x0D, 0x0A], count: labelLineCount)
        starts = .allocate(capacity: Self.fieldCount)
        lengths = .allocate(capacity: Self.fieldCount)
        numbers = .allocate(capacity: Self.fieldCount)
        starts.initialize(repeating: 0, count: Self.fieldCount)
        lengths.initialize(repeating: 0, count: Self.fieldCount)
        numbers.initialize(repeating: 0, count: Self.fieldCount)
        metadata.reserveCapacity(256)
        scratch.reserveCapacity(256)
    }

    /// Frees everything (after a failed read).
    func release() {
        out.release()
        releaseFieldBuffers()
    }

    private func releaseFieldBuffers() {
        labelLine.deallocate()
        starts.deallocate()
        lengths.deallocate()
        numbers.deallocate()
    }

    /// Hands the rows over (their buffer goes with them, uncopied) and frees the rest; the
    /// writer is not used after this.
    consuming func takeRows() -> HourRows {
        releaseFieldBuffers()
        return HourRows(adopting: out.base, count: out.count, ends: ends)
    }

    /// Forgets the rows written so far (a repeated `data` member replaces the earlier one).
    mutating func resetRows() {
        out.count = 0
        ends.removeAll(keepingCapacity: true)
    }

    /// Writes the row of the record just read, in ``CallRecordField/all`` order, then the hour
    /// label and CRLF: the bytes `AppendixRows.append(_:hour:to:)` (MindfulReport) writes.
    mutating func emitRow(reader: borrowing FastJSONReader) {
        let comma = UInt8(ascii: ",")
        let present = self.present
        let base = reader.base
        // Room for the whole row, so that cells are stored without checks: a text cell takes at
        // most twice its bytes (every byte a doubled quote) plus two quotes and the guard, and
        // decoding escapes or masking never makes a value longer than its JSON text.
        var room = Self.fieldCount &* Self.fixedCellRoom &+ labelLineCount
        var strings = present & masks.strings
        while strings != 0 {
            room &+= 2 &* lengths[strings.trailingZeroBitCount] &+ 3
            strings &= strings &- 1
        }
        if present & ~(masks.numbers | masks.booleans | masks.strings) != 0 { room &+= 2 &* metadata.count &+ 3 }
        out.reserve(room)
        // Only the present fields are visited; the empty cells between them are their commas.
        var next = 0
        var fields = present & (1 &<< UInt64(Self.fieldCount) &- 1)  // never past the last cell
        while fields != 0 {
            let i = fields.trailingZeroBitCount
            let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: i)
            fields &= fields &- 1
            out.put(repeating: comma, i &- next)
            next = i &+ 1
            if masks.numbers & bit != 0 {
                Self.putNumber(numbers[i], text: base + starts[i], lengths[i], to: &out)
            } else if masks.booleans & bit != 0 {
                if trueBits & bit != 0 {
                    out.put(UInt8(ascii: "t")); out.put(UInt8(ascii: "r")); out.put(UInt8(ascii: "u")); out.put(UInt8(ascii: "e"))
                } else {
                    out.put(UInt8(ascii: "f")); out.put(UInt8(ascii: "a")); out.put(UInt8(ascii: "l")); out.put(UInt8(ascii: "s")); out.put(UInt8(ascii: "e"))
                }
            } else if masks.strings & bit != 0 {
                if escaped & bit != 0 {
                    reader.decodeEscaped(start: starts[i], length: lengths[i], into: &scratch)
                    let maskIt = maskedFields & bit != 0
                    let text = scratch
                    text.withUnsafeBufferPointer { s in
                        if maskIt {
                            Self.putMasked(s.baseAddress ?? base, s.count, to: &out)
                        } else {
                            Self.putText(s.baseAddress ?? base, s.count, to: &out)
                        }
                    }
                } else if maskedFields & bit != 0 {
                    Self.putMasked(base + starts[i], lengths[i], to: &out)
                } else {
                    Self.putUnescapedText(base + starts[i], lengths[i], to: &out)
                }
            } else {
                let text = metadata
                text.withUnsafeBufferPointer { m in Self.putText(m.baseAddress!, m.count, to: &out) }
            }
            out.put(comma)
        }
        out.put(repeating: comma, Self.fieldCount &- next)
        out.put(labelLine, labelLineCount)
        ends.append(out.count)
    }

    /// The ``RecordKeys`` of the record just read, from the bytes of its string fields (decoded
    /// first when they hold escapes), numbered by `builder`: the same as
    /// ``HourKeysBuilder/keys(of:)`` of the whole record, whose `String`s have these bytes.
    mutating func recordKeys(reader: borrowing FastJSONReader, builder: inout HourKeysBuilder) -> RecordKeys {
        let f = masks
        // Each value is lent in turn (an escaped one is decoded into the one scratch buffer).
        var request = withValue(of: f.originalIdField, reader: reader) { HourKeysBuilder.requestKey(originalId: $0, id: nil) } ?? 0
        if request == 0 {
            request = withValue(of: f.idField, reader: reader) { HourKeysBuilder.requestKey(originalId: nil, id: $0) } ?? 0
        }
        return RecordKeys(
            request: request,
            channel: withValue(of: f.sourceField, reader: reader) { HourKeysBuilder.channelCode($0) } ?? 2,
            type: withValue(of: f.typeField, reader: reader) { HourKeysBuilder.typeCode($0) } ?? HourKeysBuilder.typeCode(nil),
            target: withValue(of: f.callTargetIdField, reader: reader) { builder.target($0) } ?? builder.target(nil),
            targetName: withValue(of: f.callTargetNameField, reader: reader) { builder.targetName($0) } ?? builder.targetName(nil),
            outcome: withValue(of: f.outcomeField, reader: reader) { builder.outcome($0) } ?? builder.outcome(nil),
            segment: withValue(of: f.segmentNameField, reader: reader) { builder.segment($0) } ?? builder.segment(nil),
            party: withValue(of: f.firstPartyCalledField, reader: reader) { builder.party($0) } ?? builder.party(nil))
    }

    /// `body` of the decoded bytes of string field `field` of the record just read, or nil when
    /// it has no string value.
    @inline(__always)
    private mutating func withValue<R>(of field: Int, reader: borrowing FastJSONReader, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: field)
        guard present & bit != 0 else { return nil }
        if escaped & bit != 0 {
            reader.decodeEscaped(start: starts[field], length: lengths[field], into: &scratch)
            return scratch.withUnsafeBufferPointer(body)
        }
        return body(UnsafeBufferPointer(start: reader.base + starts[field], count: lengths[field]))
    }

    /// `JSONValue.format(d)`, as `AppendixRows.append(_:hour:to:)` (MindfulReport) writes it,, read from the JSON `text` of `n` bytes:
    /// integers below 10^15 as digits; others as ``JSONValue/format(_:)`` writes them, which for
    /// a plain decimal already in its shortest form is the text itself (at most 24 bytes; room
    /// must have been made).
    @inline(__always)
    static func putNumber(_ d: Double, text: UnsafePointer<UInt8>, _ n: Int, to out: inout FusedRowBytes) {
        // For |d| < 10^15, `d` is integral exactly when it survives the round trip through Int64.
        if abs(d) < 1e15, Double(Int64(d)) == d {
            var n = Int64(d)
            if n == 0 { out.put(UInt8(ascii: "0")); return }
            if n < 0 { out.put(UInt8(ascii: "-")); n = 0 &- n }  // |n| < 10^15: cannot overflow
            var digits = 1
            var scale: Int64 = 10
            while scale <= n { digits &+= 1; scale &*= 10 }
            assert(out.count &+ digits <= out.capacity, "row buffer overflow")
            var p = out.base + (out.count &+ digits)
            while n > 0 {
                p -= 1
                p.pointee = UInt8(truncatingIfNeeded: n % 10) &+ 48
                n /= 10
            }
            out.count &+= digits
            return
        }
        if isShortestPlainDecimal(text, n) {
            out.put(text, n)
            return
        }
        var formatted = JSONValue.format(d)
        formatted.withUTF8 { out.put($0.baseAddress!, $0.count) }
    }

    /// Whether a JSON number's text is what Swift's `description` writes for its value, which is
    /// then ``JSONValue/format(_:)`` of a value that is not whole: a decimal point with digits
    /// on both sides, no exponent, no leading zero before other integer digits, no trailing
    /// zero, at most 15 significant digits (so no shorter text reads as the same `Double`), and
    /// at least 0.0001 in magnitude (below it Swift writes an exponent).
    static func isShortestPlainDecimal(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
        var i = 0
        if n > 0 && p[0] == UInt8(ascii: "-") { i = 1 }
        let integerStart = i
        while i < n && isDigit(p[i]) { i &+= 1 }
        let integerDigits = i &- integerStart
        guard integerDigits >= 1, integerDigits == 1 || p[integerStart] != UInt8(ascii: "0"),
              i < n, p[i] == UInt8(ascii: ".") else { return false }
        i &+= 1
        let fractionStart = i
        while i < n && isDigit(p[i]) { i &+= 1 }
        guard i == n, n > fractionStart, p[n &- 1] != UInt8(ascii: "0") else { return false }
        if p[integerStart] == UInt8(ascii: "0") {
            // 0.000ddd: the zeros after the point are not significant (the last digit is not 0).
            var firstSignificant = fractionStart
            while p[firstSignificant] == UInt8(ascii: "0") { firstSignificant &+= 1 }
            return firstSignificant &- fractionStart <= 3 && n &- firstSignificant <= 15
        }
        return integerDigits &+ (n &- fractionStart) <= 15
    }

    /// `CSVTable.appendText(_:to:)` (MindfulReport) for UTF-8 bytes: the formula guard (a leading `'` before
    /// `=`, `+`, `-`, `@`, tab or CR), and quotes (with `"` doubled) when the cell holds a comma,
    /// quote, CR or LF.
    static func putText(_ p: UnsafePointer<UInt8>, _ n: Int, to out: inout FusedRowBytes) {
        guard n > 0 else { return }
        let first = p[0]
        let guarded = first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D
        var needsQuotes = false
        var i = 0
        while i < n {
            let b = p[i]
            if b == 0x2C || b == 0x22 || b == 0x0D || b == 0x0A {
                needsQuotes = true
                break
            }
            i &+= 1
        }
        if !needsQuotes {
            if guarded { out.put(0x27) }
            out.put(p, n)
            return
        }
        out.put(0x22)
        if guarded { out.put(0x27) }
        i = 0
        while i < n {
            let b = p[i]
            if b == 0x22 { out.put(0x22) }
            out.put(b)
            i &+= 1
        }
        out.put(0x22)
    }

    /// ``putText(_:_:to:)`` for the body of a JSON string without escapes: it cannot hold a
    /// quote, CR or LF (those must be escaped in JSON), so only a comma makes it quoted, and
    /// there is no quote to double.
    @inline(__always)
    static func putUnescapedText(_ p: UnsafePointer<UInt8>, _ n: Int, to out: inout FusedRowBytes) {
        guard n > 0 else { return }
        let first = p[0]
        let guarded = first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40
        var hasComma = false
        var i = 0
        // Eight bytes at a time: a zero byte in `x ^ ",,,,,,,,"` is a comma.
        let ones: UInt64 = 0x0101_0101_0101_0101
        while i &+ 8 <= n {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) ^ (ones &* 0x2C)
            if (x &- ones) & ~x & (ones &* 0x80) != 0 {
                hasComma = true
                break
            }
            i &+= 8
        }
        if !hasComma {
            while i < n {
                if p[i] == 0x2C {
                    hasComma = true
                    break
                }
                i &+= 1
            }
        }
        if hasComma { out.put(0x22) }
        if guarded { out.put(0x27) }
        out.put(p, n)
        if hasComma { out.put(0x22) }
    }

    /// `PIIMode.mask(_:)` then `CSVTable.appendText(_:to:)` (MindfulReport): every ASCII digit but the last
    /// four becomes `*`, other bytes are dropped (the result needs no guard and no quotes).
    static func putMasked(_ p: UnsafePointer<UInt8>, _ n: Int, to out: inout FusedRowBytes) {
        var digits = 0
        var i = 0
        while i < n {
            if p[i] &- 48 < 10 { digits &+= 1 }
            i &+= 1
        }
        var seen = 0
        i = 0
        while i < n {
            let b = p[i]
            if b &- 48 < 10 {
                out.put(seen < digits &- 4 ? UInt8(ascii: "*") : b)
                seen &+= 1
            }
            i &+= 1
        }
    }
}

/// The fused rows: ``FastJSONReader/readRecord(malformed:into:)`` keeps in the writer the last
/// value of each field for its row; no `String` is made (the metrics get ``RecordKeys``).
extension FusedRowWriter: RecordValueSink {
    @inline(__always)
    mutating func beginRecord() { present = 0 }

    @inline(__always)
    mutating func string(_ field: Int, _ s: (start: Int, length: Int, escaped: Bool), reader: borrowing FastJSONReader, into record: inout CallRecord) {
        let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: field)
        starts[field] = s.start
        lengths[field] = s.length
        present |= bit
        if s.escaped { escaped |= bit } else { escaped &= ~bit }
    }

    @inline(__always)
    mutating func number(_ field: Int, _ value: Double, text: (start: Int, length: Int)) {
        numbers[field] = value
        starts[field] = text.start
        lengths[field] = text.length
        present |= 1 &<< UInt64(truncatingIfNeeded: field)
    }

    @inline(__always)
    mutating func boolean(_ field: Int, _ value: Bool) {
        let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: field)
        present |= bit
        if value { trueBits |= bit } else { trueBits &= ~bit }
    }

    mutating func object(_ field: Int, reader: inout FastJSONReader, into record: inout CallRecord) throws(HourDecodingError) -> Bool {
        guard try reader.readObjectText(depth: 3, into: &metadata) else { return false }
        present |= 1 &<< UInt64(truncatingIfNeeded: field)
        return true
    }

    @inline(__always)
    mutating func absent(_ field: Int) { present &= ~(1 &<< UInt64(truncatingIfNeeded: field)) }
}
