/// A single-pass hour reader over the raw bytes: a hand-written strict RFC 8259 parser that builds
/// ``CallRecord`` values directly, without Foundation's `JSONDecoder` or a generic JSON tree (only
/// `metadata` objects are built as a ``JSONValue`` to render their ``JSONValue/compactText``).
///
/// It applies the tolerance rules every hour reader shares (MindfulReport's `HourDecoder`): a wrong-typed field counts as null and is
/// counted, a non-object element of `data` is skipped and counted (it is still validated), unknown
/// fields are validated and ignored, and a repeated key keeps its last value (also for the
/// top-level `data` member and inside `metadata`).
///
/// Strictness: no byte order mark, whitespace only space, tab, LF and CR, no trailing commas, no
/// leading zeros, no `NaN`/`Infinity`, no raw control characters or invalid UTF-8 (overlong forms,
/// encoded surrogates, truncated sequences, code points above U+10FFFF) in strings, no bytes after
/// the top-level value, at most 512 nested arrays/objects. Errors carry the byte offset where
/// reading stopped.
///
/// Where RFC 8259 leaves a choice (README, "Hours, time zones and the cache"): a `\u` escape of a
/// surrogate that is not half of a high-low pair (`"\ud800"`, `"\udc00"`, `"\ud800x"`) is valid
/// and reads as U+FFFD; a number that a `Double` cannot hold, because it overflows (`1e400`,
/// `-1e400`, an integer of 400 digits) or because non-zero digits round to zero (`1e-400`), is
/// valid JSON but makes the field that holds it (directly or inside `metadata`) a field of the
/// wrong type: read as null and counted. The hour is kept. Such a number anywhere else (an unknown
/// field, a skipped element) is validated and ignored like any value.
///
/// It agrees with ``FoundationHourDecoder`` (the tests check this) except where Foundation's
/// `JSONDecoder` departs from the contract: it accepts a trailing comma in arrays and objects
/// (`[1,]`, `{"a":1,}`), and it keeps the *first* value of a repeated key (in records, for `data`,
/// and inside `metadata`, where keys that are canonically equivalent count as repeated). This
/// reader rejects the former and keeps the last value. Error reasons and offsets differ too (the
/// reference mostly has no offset).
///
/// Records usually list their fields in one order (the API's documented one), so each key is first
/// compared with the field expected next; the guess follows the order a file actually uses.
public struct FastHourDecoder: Sendable {
    /// Creates the reader; it holds no state between calls.
    public init() {}

    /// Reads the records of one hour body. The bytes are borrowed for the call (the cache lends a
    /// mapping of the file); nothing returned refers to them.
    public func decode(_ bytes: Span<UInt8>) throws(HourDecodingError) -> HourRecords {
        try FastJSONReader.reading(bytes) { (reader) throws(HourDecodingError) in
            var sink = RecordsSink()
            try reader.readBody(into: &sink)
            return sink.hour
        }
    }
}

extension FastJSONReader {
    /// Runs `body` with a reader at the start of `input`, after the checks every entry point makes
    /// first (no byte order mark, not empty). The reader, its pointers and its tables live only
    /// for the call: this is where the borrowed span becomes a pointer.
    static func reading<R>(_ bytes: Span<UInt8>,
                           _ body: (inout FastJSONReader) throws(HourDecodingError) -> R) throws(HourDecodingError) -> R {
        try bytes.withUnsafeBufferPointer { (input) throws(HourDecodingError) in try reading(input, body) }
    }

    private static func reading<R>(_ input: UnsafeBufferPointer<UInt8>,
                                   _ body: (inout FastJSONReader) throws(HourDecodingError) -> R) throws(HourDecodingError) -> R {
        if input.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw .invalidJSON(offset: 0, reason: "byte order mark")
        }
        guard let base = input.baseAddress, !input.isEmpty else { throw .invalidJSON(offset: 0, reason: "unexpected end of input") }
        let table = FastFieldTable.shared
        let result: Result<R, HourDecodingError> = table.slots.withUnsafeBufferPointer { slots in
            table.names.withUnsafeBufferPointer { names in
                table.powersOfTen.withUnsafeBufferPointer { powers in
                    withUnsafeTemporaryAllocation(of: Int16.self, capacity: FastFieldTable.slotCount) { next in
                        for i in 0..<FastFieldTable.slotCount { next.initializeElement(at: i, to: slots[i].next) }
                        var reader = FastJSONReader(base: base, end: input.count, slots: slots.baseAddress!,
                                                    firstSlot: table.firstSlot, nextSlot: next.baseAddress!,
                                                    names: names.baseAddress!, powersOfTen: powers.baseAddress!)
                        do throws(HourDecodingError) { return .success(try body(&reader)) } catch { return .failure(error) }
                    }
                }
            }
        }
        return try result.get()
    }
}

/// What an entry point of the fast reader does with the elements of the `data` array; the walk
/// over the body (``FastJSONReader/readBody(into:)``) is shared.
protocol DataElementSink {
    /// A `data` array begins: forget any earlier one (a repeated member keeps its last value).
    /// `bytesLeft` is what remains of the input, for a capacity guess.
    mutating func beginArray(bytesLeft: Int)
    /// Reads the object element at the cursor (nesting depth 3).
    mutating func readObject(with reader: inout FastJSONReader) throws(HourDecodingError)
    /// An element that is not an object was validated and skipped.
    mutating func skippedElement()
}

/// `decode`: every record, whole.
struct RecordsSink: DataElementSink {
    var hour = HourRecords()
    mutating func beginArray(bytesLeft: Int) { hour = HourRecords(reservingFor: bytesLeft) }
    mutating func readObject(with reader: inout FastJSONReader) throws(HourDecodingError) {
        hour.records.append(try reader.readRecord(malformed: &hour.malformedFields))
    }
    mutating func skippedElement() { hour.skippedElements += 1 }
}

extension HourRecords {
    /// Empty, with room for the records `bytes` of JSON usually hold (a record is rarely under
    /// 512 bytes), so the array is not copied as it grows; room never written costs no memory.
    init(reservingFor bytes: Int) {
        self.init()
        records.reserveCapacity(min(bytes / 512, 1 << 20))
    }
}

/// Where ``FastJSONReader/readRecord(malformed:into:)`` puts what it does not put into the
/// record itself (strings and `metadata`), and what else it tells of each value.
protocol RecordValueSink {
    /// A record begins.
    mutating func beginRecord()
    /// A string value, at `s` in the input (between the quotes).
    mutating func string(_ field: Int, _ s: (start: Int, length: Int, escaped: Bool), reader: borrowing FastJSONReader, into record: inout CallRecord)
    /// A number value, whose JSON text is at `text` in the input.
    mutating func number(_ field: Int, _ value: Double, text: (start: Int, length: Int))
    mutating func boolean(_ field: Int, _ value: Bool)
    /// The object at the cursor (`metadata`): read it. False when it holds a number out of the
    /// range of a `Double` (the field then has the wrong type, and ``absent(_:)`` follows).
    mutating func object(_ field: Int, reader: inout FastJSONReader, into record: inout CallRecord) throws(HourDecodingError) -> Bool
    /// The field's value is null or of the wrong type.
    mutating func absent(_ field: Int)
}

/// `decode`: every string and `metadata` into the record.
struct WholeRecordSink: RecordValueSink {
    func beginRecord() {}
    func string(_ field: Int, _ s: (start: Int, length: Int, escaped: Bool), reader: borrowing FastJSONReader, into record: inout CallRecord) {
        FastRecordSetters.setString(field, reader.string(at: s), in: &record)
    }
    func number(_ field: Int, _ value: Double, text: (start: Int, length: Int)) {}
    func boolean(_ field: Int, _ value: Bool) {}
    func object(_ field: Int, reader: inout FastJSONReader, into record: inout CallRecord) throws(HourDecodingError) -> Bool {
        record.metadata = try reader.readObjectText(depth: 3)
        return record.metadata != nil
    }
    func absent(_ field: Int) {}
}

/// The field a record is expected to list next, and the one it listed last (slots of the
/// field table; -1 for none).
struct FieldPrediction {
    var predicted: Int
    var previous = -1
}

/// Where each of the 56 API field names lives, for a key lookup without building a `String`:
/// an open-addressing table indexed by a cheap hash of the key's length and three of its bytes,
/// verified by comparing the bytes.
struct FastFieldTable: Sendable {
    struct Slot: Sendable {
        /// Index into ``CallRecordField/all``, or -1 for an empty slot.
        var field: Int16 = -1
        var kind: UInt8 = 0
        var length: UInt8 = 0
        var nameOffset: UInt16 = 0
        /// The slot of the next field in documented order (the API's own order), or -1.
        var next: Int16 = -1
    }

    static let kindString: UInt8 = 0, kindNumber: UInt8 = 1, kindBoolean: UInt8 = 2, kindObject: UInt8 = 3
    static let slotCount = 256
    static let shared = FastFieldTable()

    let slots: [Slot]
    let names: [UInt8]
    /// The slot of the first field in documented order.
    let firstSlot: Int
    /// Powers of ten that a `Double` holds exactly (10^0 ... 10^22).
    let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    init() {
        var slots = [Slot](repeating: Slot(), count: Self.slotCount)
        var names: [UInt8] = []
        var slotOfField: [Int] = []
        for (index, field) in CallRecordField.all.enumerated() {
            let bytes = Array(field.name.utf8)
            let kind: UInt8
            switch field.kind {
            case .string: kind = Self.kindString
            case .number: kind = Self.kindNumber
            case .boolean: kind = Self.kindBoolean
            case .object: kind = Self.kindObject
            }
            var h = bytes.withUnsafeBufferPointer { Self.hash($0.baseAddress!, $0.count) }
            while slots[h].field >= 0 { h = (h + 1) & (Self.slotCount - 1) }
            slots[h] = Slot(field: Int16(index), kind: kind, length: UInt8(bytes.count), nameOffset: UInt16(names.count))
            slotOfField.append(h)
            names += bytes
        }
        for (index, slot) in slotOfField.enumerated().dropLast() {
            slots[slot].next = Int16(slotOfField[index + 1])
        }
        self.firstSlot = slotOfField[0]
        self.slots = slots
        self.names = names
    }

    /// A hash of a non-empty key.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int {
        (length &* 41 &+ Int(p[0]) &* 7 &+ Int(p[length &- 1]) &* 3 &+ Int(p[length >> 1]) &* 5) & (slotCount - 1)
    }
}

/// The parser state of one ``FastHourDecoder/decode(_:)`` call. It only lives inside the
/// `withUnsafeBufferPointer` closures there; its pointers never outlive them.
struct FastJSONReader {
    let base: UnsafePointer<UInt8>
    let end: Int
    let slots: UnsafePointer<FastFieldTable.Slot>
    /// The predicted slot of a record's first key, and of the key after each slot: the documented
    /// order at first, then the order the file actually uses (learnt at each wrong guess).
    var firstSlot: Int
    let nextSlot: UnsafeMutablePointer<Int16>
    let names: UnsafePointer<UInt8>
    let powersOfTen: UnsafePointer<Double>
    var pos = 0

    static let maxDepth = 512

    init(base: UnsafePointer<UInt8>, end: Int, slots: UnsafePointer<FastFieldTable.Slot>, firstSlot: Int,
         nextSlot: UnsafeMutablePointer<Int16>, names: UnsafePointer<UInt8>, powersOfTen: UnsafePointer<Double>) {
        self.base = base
        self.end = end
        self.slots = slots
        self.firstSlot = firstSlot
        self.nextSlot = nextSlot
        self.names = names
        self.powersOfTen = powersOfTen
    }

    /// The JSON type of a value that was skipped, named like ``JSONValue/typeName``.
    enum Kind {
        case null, boolean, number, string, array, object
        var typeName: String {
            switch self {
            case .null: return "null"
            case .boolean: return "a boolean"
            case .number: return "a number"
            case .string: return "a string"
            case .array: return "an array"
            case .object: return "an object"
            }
        }
    }

    // MARK: - Bytes

    /// The byte at the cursor, or 0 at the end (a NUL is invalid wherever this is used).
    @inline(__always)
    func byte() -> UInt8 { pos < end ? base[pos] : 0 }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            let c = base[pos]
            if c > 0x20 { return }
            if c == 0x20 {
                // A run of spaces (indentation): eight at a time, then to the first other byte.
                pos &+= 1
                while pos &+ 8 <= end {
                    let other = UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self) ^ 0x2020_2020_2020_2020
                    if other != 0 {
                        pos &+= other.trailingZeroBitCount >> 3
                        break
                    }
                    pos &+= 8
                }
            } else if c == 0x0A || c == 0x0D || c == 0x09 {
                pos &+= 1
            } else {
                return
            }
        }
    }

    func fail(_ reason: String, at offset: Int? = nil) -> HourDecodingError {
        .invalidJSON(offset: offset ?? pos, reason: reason)
    }

    /// The error for the byte at the cursor, which is not what the grammar allows there.
    func unexpected(_ expected: String) -> HourDecodingError {
        if pos >= end { return fail("unexpected end of input, expected \(expected)") }
        let c = base[pos]
        let shown = c >= 0x21 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16, uppercase: true))"
        return fail("unexpected \(shown), expected \(expected)")
    }

    @inline(__always)
    mutating func expect(_ c: UInt8, _ expected: String) throws(HourDecodingError) {
        guard pos < end, base[pos] == c else { throw unexpected(expected) }
        pos &+= 1
    }

    // MARK: - Top level

    /// Reads the body at the cursor: an object whose `data` member is an array (a repeated
    /// member keeps its last value), and nothing after it. Every element of the array goes to
    /// `sink`; this walk, its grammar and its errors are the same for every entry point.
    mutating func readBody<Sink: DataElementSink>(into sink: inout Sink) throws(HourDecodingError) {
        skipWhitespace()
        var problem: String?
        if byte() == UInt8(ascii: "{") {
            pos &+= 1
            skipWhitespace()
            var sawData = false
            if byte() == UInt8(ascii: "}") {
                pos &+= 1
            } else {
                while true {
                    guard byte() == UInt8(ascii: "\"") else { throw unexpected("a string key") }
                    let isData = try readKeyIsData()
                    skipWhitespace()
                    try expect(UInt8(ascii: ":"), "':'")
                    skipWhitespace()
                    if isData {
                        sawData = true
                        if byte() == UInt8(ascii: "[") {
                            try readDataArray(into: &sink)
                            problem = nil
                        } else {
                            let kind = try skipValue(depth: 1)
                            problem = "\"data\" is \(kind.typeName)"
                        }
                    } else {
                        try skipValue(depth: 1)
                    }
                    if try atObjectEnd() { break }
                }
            }
            if !sawData { problem = "no \"data\" member" }
        } else {
            let kind = try skipValue(depth: 0)
            problem = "\(kind.typeName) at the top level"
        }
        skipWhitespace()
        if pos < end { throw fail("unexpected data after the top-level value") }
        if let problem { throw .noDataArray(found: problem) }
    }

    /// Reads a key at the cursor (an opening quote) and tells whether it is `data`.
    mutating func readKeyIsData() throws(HourDecodingError) -> Bool {
        let s = try scanString()
        if s.escaped { return decodeEscaped(start: s.start, length: s.length) == Array("data".utf8) }
        return s.length == 4 && base[s.start] == 0x64 && base[s.start + 1] == 0x61 && base[s.start + 2] == 0x74 && base[s.start + 3] == 0x61
    }

    /// Reads the `data` array at the cursor: object elements are read by `sink`, others
    /// validated, skipped and counted.
    mutating func readDataArray<Sink: DataElementSink>(into sink: inout Sink) throws(HourDecodingError) {
        pos &+= 1
        sink.beginArray(bytesLeft: end &- pos)
        skipWhitespace()
        if byte() == UInt8(ascii: "]") {
            pos &+= 1
            return
        }
        while true {
            if byte() == UInt8(ascii: "{") {
                try sink.readObject(with: &self)
            } else {
                try skipValue(depth: 2)
                sink.skippedElement()
            }
            if try atArrayEnd() { return }
        }
    }

    /// After a member of an object (`close` is `}`) or an element of an array (`]`): a `,` and
    /// the whitespace after it, false (more to come); or `close`, true. Anything else is an error.
    @inline(__always)
    mutating func atEnd(_ close: UInt8) throws(HourDecodingError) -> Bool {
        skipWhitespace()
        let c = byte()
        if c == UInt8(ascii: ",") {
            pos &+= 1
            skipWhitespace()
            return false
        }
        guard c == close else { throw unexpected(close == UInt8(ascii: "}") ? "',' or '}'" : "',' or ']'") }
        pos &+= 1
        return true
    }

    /// ``atEnd(_:)`` in an object.
    @inline(__always)
    mutating func atObjectEnd() throws(HourDecodingError) -> Bool { try atEnd(UInt8(ascii: "}")) }

    /// ``atEnd(_:)`` in an array.
    @inline(__always)
    mutating func atArrayEnd() throws(HourDecodingError) -> Bool { try atEnd(UInt8(ascii: "]")) }

    /// Reads the key of a record field at the cursor (an opening quote) and returns its slot in
    /// the field table, or -1 for an unknown key. Records of a file usually list their fields in
    /// one order: the key is first compared with the field `prediction` expects, without a scan,
    /// and the order met is learnt for the next record.
    @inline(__always)
    mutating func readRecordKey(_ prediction: inout FieldPrediction) throws(HourDecodingError) -> Int {
        let predicted = prediction.predicted
        if predicted >= 0 {
            let length = Int(slots[predicted].length)
            let key = pos &+ 1
            if key &+ length < end, base[key &+ length] == UInt8(ascii: "\""),
               Self.equalBytes(names + Int(slots[predicted].nameOffset), base + key, length) {
                pos = key &+ length &+ 1
                prediction.predicted = Int(nextSlot[predicted])
                prediction.previous = predicted
                return predicted
            }
        }
        return try readUnpredictedKey(&prediction)
    }

    /// ``readRecordKey(_:)`` when the key is not the one expected: scanned, looked up, and the
    /// order learnt.
    @inline(never)
    mutating func readUnpredictedKey(_ prediction: inout FieldPrediction) throws(HourDecodingError) -> Int {
        let slot = try readFieldKey()
        if slot >= 0 {
            if prediction.previous >= 0 { nextSlot[prediction.previous] = Int16(slot) } else { firstSlot = slot }
            prediction.predicted = Int(nextSlot[slot])
            prediction.previous = slot
        }
        return slot
    }

    // MARK: - Records

    /// Reads one record object at the cursor (nesting depth 3), whole.
    mutating func readRecord(malformed: inout Int) throws(HourDecodingError) -> CallRecord {
        var sink = WholeRecordSink()
        return try readRecord(malformed: &malformed, into: &sink)
    }

    /// Reads one record object at the cursor (nesting depth 3): numbers, booleans and nulls go
    /// into the record, strings and `metadata` to `sink`, which also hears of every value (for
    /// the fused rows). A wrong-typed value counts as null; `malformed` counts the fields whose
    /// last value had the wrong type.
    @inline(__always)
    mutating func readRecord<Sink: RecordValueSink>(malformed: inout Int, into sink: inout Sink) throws(HourDecodingError) -> CallRecord {
        pos &+= 1
        var record = CallRecord()
        sink.beginRecord()
        // Fields whose latest value had the wrong type: a later value of the same key replaces it,
        // so the count is taken at the end (the reference counts each key's last value once).
        var malformedMask: UInt64 = 0
        var prediction = FieldPrediction(predicted: firstSlot)
        skipWhitespace()
        if byte() == UInt8(ascii: "}") {
            pos &+= 1
            return record
        }
        while true {
            guard byte() == UInt8(ascii: "\"") else { throw unexpected("a string key") }
            let slot = try readRecordKey(&prediction)
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':'")
            skipWhitespace()
            if slot < 0 {
                try skipValue(depth: 3)
            } else {
                let field = Int(slots[slot].field)
                let kind = slots[slot].kind
                let c = byte()
                let valueStart = pos
                var wellTyped = true
                if c == UInt8(ascii: "n") {
                    try readLiteral(.null)
                    FastRecordSetters.clear(field, in: &record)
                    sink.absent(field)
                } else {
                    switch kind {
                    case FastFieldTable.kindString:
                        if c == UInt8(ascii: "\"") {
                            sink.string(field, try scanString(), reader: self, into: &record)
                        } else { wellTyped = false }
                    case FastFieldTable.kindNumber:
                        if c == UInt8(ascii: "-") || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) {
                            let value = try readPlainNumber()
                            // NaN: beyond the range of a Double (see `readNumber`).
                            if !value.isNaN {
                                FastRecordSetters.setNumber(field, value, in: &record)
                                sink.number(field, value, text: (valueStart, pos &- valueStart))
                            } else { wellTyped = false }
                        } else { wellTyped = false }
                    case FastFieldTable.kindBoolean:
                        if c == UInt8(ascii: "t") || c == UInt8(ascii: "f") {
                            let value = c == UInt8(ascii: "t")
                            try readLiteral(value ? .true : .false)
                            FastRecordSetters.setBool(field, value, in: &record)
                            sink.boolean(field, value)
                        } else { wellTyped = false }
                    default:
                        if c == UInt8(ascii: "{") {
                            wellTyped = try sink.object(field, reader: &self, into: &record)
                        } else { wellTyped = false }
                    }
                }
                let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: field)
                if wellTyped {
                    malformedMask &= ~bit
                } else {
                    // From the value's start: a number or object out of range was read already.
                    pos = valueStart
                    try skipValue(depth: 3)
                    FastRecordSetters.clear(field, in: &record)
                    sink.absent(field)
                    malformedMask |= bit
                }
            }
            if try atObjectEnd() { break }
        }
        malformed &+= malformedMask.nonzeroBitCount
        return record
    }

    /// Reads a key at the cursor and returns its slot in the field table, or -1 for an unknown key.
    @inline(__always)
    mutating func readFieldKey() throws(HourDecodingError) -> Int {
        let s = try scanStringFast()
        if s.escaped {
            let bytes = decodeEscaped(start: s.start, length: s.length)
            return bytes.withUnsafeBufferPointer { lookUp($0.baseAddress ?? base, $0.count) }
        }
        return lookUp(base + s.start, s.length)
    }

    @inline(__always)
    func lookUp(_ key: UnsafePointer<UInt8>, _ length: Int) -> Int {
        guard length > 0, length < 32 else { return -1 }
        var h = FastFieldTable.hash(key, length)
        while true {
            let slot = slots[h]
            if slot.field < 0 { return -1 }
            if Int(slot.length) == length, Self.equalBytes(names + Int(slot.nameOffset), key, length) { return h }
            h = (h &+ 1) & (FastFieldTable.slotCount - 1)
        }
    }

    @inline(__always)
    static func equalBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        if length < 8 {
            var i = 0
            while i < length {
                if a[i] != b[i] { return false }
                i &+= 1
            }
            return true
        }
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i &+ 8 <= length {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i &+= 8
        }
        // The last (overlapping) word.
        return i == length || ra.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self) == rb.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
    }

    // MARK: - Values

    /// The three JSON literals: what the reader compares at the cursor.
    enum Literal {
        case null, `true`, `false`

        /// The literal's first four bytes as one word (in memory order).
        @inline(__always)
        var head: UInt32 {
            switch self {
            case .null: return UInt32(0x6C6C_756E).littleEndian  // "null"
            case .true: return UInt32(0x6575_7274).littleEndian  // "true"
            case .false: return UInt32(0x736C_6166).littleEndian // "fals"
            }
        }

        @inline(__always)
        var length: Int { self == .false ? 5 : 4 }

        var word: StaticString {
            switch self {
            case .null: return "null"
            case .true: return "true"
            case .false: return "false"
            }
        }
    }

    /// Reads `literal` at the cursor: one 32-bit comparison (and the `e` of `false`) after one
    /// bounds check; anything else goes to ``readLiteralSlowly(_:)`` for the error.
    @inline(__always)
    mutating func readLiteral(_ literal: Literal) throws(HourDecodingError) {
        let n = literal.length
        if pos &+ n <= end, UnsafeRawPointer(base + pos).loadUnaligned(as: UInt32.self) == literal.head,
           n == 4 || base[pos &+ 4] == UInt8(ascii: "e") {
            pos &+= n
            return
        }
        try readLiteralSlowly(literal)
    }

    /// ``readLiteral(_:)`` byte by byte: stops at the first byte that differs (or the end) and
    /// throws there.
    @inline(never)
    mutating func readLiteralSlowly(_ literal: Literal) throws(HourDecodingError) {
        let word = literal.word
        let w = word.utf8Start
        let n = word.utf8CodeUnitCount
        var i = 0
        while i < n {
            guard pos &+ i < end, base[pos &+ i] == w[i] else {
                pos &+= i
                throw unexpected("'\(word)'")
            }
            i &+= 1
        }
        pos &+= n
    }

    /// Validates and skips the value at the cursor; `depth` is the number of arrays and objects
    /// around it. Strings and numbers go through the fast scanners (which hand anything unusual
    /// to `scanString` and `readNumber`, so acceptance and errors are theirs).
    @discardableResult @inline(never)
    mutating func skipValue(depth: Int) throws(HourDecodingError) -> Kind {
        let c = byte()
        switch c {
        case UInt8(ascii: "\""):
            _ = try scanStringFast()
            return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
            return .number
        case UInt8(ascii: "t"):
            try readLiteral(.true)
            return .boolean
        case UInt8(ascii: "f"):
            try readLiteral(.false)
            return .boolean
        case UInt8(ascii: "n"):
            try readLiteral(.null)
            return .null
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw fail("more than \(Self.maxDepth) nested arrays and objects") }
            pos &+= 1
            skipWhitespace()
            if byte() == UInt8(ascii: "]") {
                pos &+= 1
                return .array
            }
            while true {
                try skipValue(depth: depth + 1)
                if try atArrayEnd() { return .array }
            }
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { throw fail("more than \(Self.maxDepth) nested arrays and objects") }
            pos &+= 1
            skipWhitespace()
            if byte() == UInt8(ascii: "}") {
                pos &+= 1
                return .object
            }
            while true {
                guard byte() == UInt8(ascii: "\"") else { throw unexpected("a string key") }
                _ = try scanStringFast()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':'")
                skipWhitespace()
                try skipValue(depth: depth + 1)
                if try atObjectEnd() { return .object }
            }
        default:
            throw unexpected("a value")
        }
    }

    /// The compact text of the object at the cursor (``JSONValue/compactText``), or nil when it
    /// holds a number out of the range of a `Double` (the whole object is read either way).
    mutating func readObjectText(depth: Int) throws(HourDecodingError) -> String? {
        var out: [UInt8] = []
        guard try readObjectText(depth: depth, into: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// The compact text of the object at the cursor (``JSONValue/compactText``), into a reused
    /// buffer: a flat object with sorted plain keys and plain values is copied as it is;
    /// anything else goes through a tree. False (and `out` not to be used) when the object holds
    /// a number out of the range of a `Double`; the whole object is read either way.
    mutating func readObjectText(depth: Int, into out: inout [UInt8]) throws(HourDecodingError) -> Bool {
        out.removeAll(keepingCapacity: true)
        let start = pos
        pos &+= 1
        skipWhitespace()
        if byte() == UInt8(ascii: "}") {
            pos &+= 1
            out.append(UInt8(ascii: "{"))
            out.append(UInt8(ascii: "}"))
            return true
        }
        pos = start
        if readFlatCanonicalObject(into: &out) { return true }
        out.removeAll(keepingCapacity: true)
        pos = start
        let tree = try readTree(depth: depth)
        if tree.holdsNumberOutOfRange { return false }
        out.append(contentsOf: tree.compactText.utf8)
        return true
    }

    /// Appends the object at the cursor to `out` when it is already in compact form (flat, keys
    /// sorted and unescaped, plain strings, literals and short integers); false (buffer and
    /// cursor anywhere) for any other shape.
    mutating func readFlatCanonicalObject(into out: inout [UInt8]) -> Bool {
        pos &+= 1
        out.append(UInt8(ascii: "{"))
        var previousKey: (start: Int, length: Int)? = nil
        while true {
            skipWhitespace()
            guard byte() == UInt8(ascii: "\""), let key = try? scanString(), !key.escaped else { return false }
            if let p = previousKey {
                let a = UnsafeBufferPointer(start: base + p.start, count: p.length)
                let b = UnsafeBufferPointer(start: base + key.start, count: key.length)
                guard a.lexicographicallyPrecedes(b) else { return false }
            }
            previousKey = (key.start, key.length)
            skipWhitespace()
            guard byte() == UInt8(ascii: ":") else { return false }
            pos &+= 1
            skipWhitespace()
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: base + key.start, count: key.length))
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
            let valueStart = pos
            switch byte() {
            case UInt8(ascii: "\""):
                guard let value = try? scanString(), !value.escaped else { return false }
                _ = value
            case UInt8(ascii: "t"): guard (try? readLiteral(.true)) != nil else { return false }
            case UInt8(ascii: "f"): guard (try? readLiteral(.false)) != nil else { return false }
            case UInt8(ascii: "n"): guard (try? readLiteral(.null)) != nil else { return false }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                var i = pos
                if base[i] == UInt8(ascii: "-") { i &+= 1 }
                let digitsStart = i
                while i < end, base[i] &- UInt8(ascii: "0") < 10 { i &+= 1 }
                let digits = i &- digitsStart
                guard digits >= 1, digits <= 15, !(base[digitsStart] == UInt8(ascii: "0") && (digits > 1 || digitsStart != pos)),
                      i < end, base[i] != UInt8(ascii: "."), base[i] | 0x20 != UInt8(ascii: "e") else { return false }
                pos = i
            default:
                return false
            }
            out.append(contentsOf: UnsafeBufferPointer(start: base + valueStart, count: pos &- valueStart))
            skipWhitespace()
            let c = byte()
            if c == UInt8(ascii: ",") {
                pos &+= 1
                out.append(UInt8(ascii: ","))
            } else if c == UInt8(ascii: "}") {
                pos &+= 1
                out.append(UInt8(ascii: "}"))
                return true
            } else {
                return false
            }
        }
    }

    /// Reads the value at the cursor as a ``JSONValue``, members in document order.
    mutating func readTree(depth: Int) throws(HourDecodingError) -> JSONValue {
        let c = byte()
        switch c {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let value = try readNumber()
            return value.isNaN ? .numberOutOfRange : .number(value)
        case UInt8(ascii: "t"):
            try readLiteral(.true)
            return .bool(true)
        case UInt8(ascii: "f"):
            try readLiteral(.false)
            return .bool(false)
        case UInt8(ascii: "n"):
            try readLiteral(.null)
            return .null
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw fail("more than \(Self.maxDepth) nested arrays and objects") }
            pos &+= 1
            var items: [JSONValue] = []
            skipWhitespace()
            if byte() == UInt8(ascii: "]") {
                pos &+= 1
                return .array(items)
            }
            while true {
                items.append(try readTree(depth: depth + 1))
                if try atArrayEnd() { return .array(items) }
            }
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { throw fail("more than \(Self.maxDepth) nested arrays and objects") }
            pos &+= 1
            var members: [(key: String, value: JSONValue)] = []
            skipWhitespace()
            if byte() == UInt8(ascii: "}") {
                pos &+= 1
                return .object(members)
            }
            while true {
                guard byte() == UInt8(ascii: "\"") else { throw unexpected("a string key") }
                let key = try readString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':'")
                skipWhitespace()
                members.append((key, try readTree(depth: depth + 1)))
                if try atObjectEnd() { return .object(members) }
            }
        default:
            throw unexpected("a value")
        }
    }

    // MARK: - Strings

    /// Reads the string at the cursor.
    @inline(__always)
    mutating func readString() throws(HourDecodingError) -> String { string(at: try scanString()) }

    /// The string whose body (between the quotes) is at `s`, escapes decoded.
    @inline(__always)
    func string(at s: (start: Int, length: Int, escaped: Bool)) -> String {
        if s.escaped {
            return String(decoding: decodeEscaped(start: s.start, length: s.length), as: UTF8.self)
        }
        return String(decoding: UnsafeBufferPointer(start: base + s.start, count: s.length), as: UTF8.self)
    }

    /// Validates the string at the cursor (an opening quote) and moves past it. Returns the bytes
    /// between the quotes and whether they hold escapes.
    @inline(__always)
    mutating func scanString() throws(HourDecodingError) -> (start: Int, length: Int, escaped: Bool) {
        pos &+= 1
        let start = pos
        var escaped = false
        while true {
            // Eight bytes at a time while none is '"', '\', a control character or non-ASCII.
            while pos &+ 8 <= end {
                let x = UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let high: UInt64 = 0x8080_8080_8080_8080
                let quote = x ^ (ones &* 0x22)
                let backslash = x ^ (ones &* 0x5C)
                let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                    | ((x &- ones &* 0x20) & ~x) | x
                let found = special & high
                if found != 0 {
                    // The lowest flagged byte is exact (a borrow only carries upwards).
                    pos &+= found.trailingZeroBitCount >> 3
                    break
                }
                pos &+= 8
            }
            guard pos < end else { throw fail("unterminated string (opened at byte \(start - 1))") }
            let c = base[pos]
            if c == UInt8(ascii: "\"") {
                let length = pos &- start
                pos &+= 1
                return (start, length, escaped)
            } else if c == UInt8(ascii: "\\") {
                escaped = true
                try scanEscape()
            } else if c < 0x20 {
                throw fail("control character 0x\(String(c, radix: 16, uppercase: true)) in a string")
            } else if c >= 0x80 {
                try scanUTF8Sequence()
            } else {
                pos &+= 1
            }
        }
    }

    /// Validates one escape sequence at the cursor (a backslash). Any four hex digits are valid
    /// after `\u`: surrogates are paired (or replaced) when the string is decoded.
    mutating func scanEscape() throws(HourDecodingError) {
        guard pos &+ 1 < end else { pos = end; throw fail("unterminated string") }
        switch base[pos &+ 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            pos &+= 2
        case UInt8(ascii: "u"):
            _ = try hex4(at: pos &+ 2)
            pos &+= 6
        default:
            pos &+= 1
            throw unexpected("an escape character")
        }
    }

    func hex4(at offset: Int) throws(HourDecodingError) -> UInt32 {
        var value: UInt32 = 0
        for i in offset..<(offset + 4) {
            guard i < end else { throw fail("unexpected end of input in a \\u escape", at: end) }
            let c = base[i]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c &- UInt8(ascii: "A") &+ 10
            default: throw fail("invalid hex digit in a \\u escape", at: i)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence at the cursor (RFC 3629: no overlong forms, no
    /// surrogates, nothing above U+10FFFF).
    mutating func scanUTF8Sequence() throws(HourDecodingError) {
        let lead = base[pos]
        var count: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: count = 1
        case 0xE0: count = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: count = 2
        case 0xED: count = 2; high = 0x9F
        case 0xF0: count = 3; low = 0x90
        case 0xF1...0xF3: count = 3
        case 0xF4: count = 3; high = 0x8F
        default: throw fail("invalid UTF-8")
        }
        var i = pos &+ 1
        while count > 0 {
            guard i < end, base[i] >= low, base[i] <= high else { throw fail("invalid UTF-8", at: min(i, end)) }
            low = 0x80
            high = 0xBF
            i &+= 1
            count &-= 1
        }
        pos = i
    }

    /// The UTF-8 bytes of an already validated string body with escapes.
    func decodeEscaped(start: Int, length: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(length)
        decodeEscaped(start: start, length: length, into: &out)
        return out
    }

    /// ``decodeEscaped(start:length:)`` into a reused buffer (replacing its contents). A high
    /// surrogate escape directly followed by a low one is one character; any other surrogate
    /// escape is U+FFFD (three bytes for six, so the text never grows).
    func decodeEscaped(start: Int, length: Int, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = start
        let stop = start + length
        func hex(_ at: Int) -> UInt32 {
            var v: UInt32 = 0
            for j in at..<(at + 4) {
                let c = base[j]
                v = v << 4 | UInt32(c <= UInt8(ascii: "9") ? c - UInt8(ascii: "0") : (c | 0x20) - UInt8(ascii: "a") + 10)
            }
            return v
        }
        while i < stop {
            let c = base[i]
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                i += 1
                continue
            }
            let e = base[i + 1]
            switch e {
            case UInt8(ascii: "b"): out.append(0x08); i += 2
            case UInt8(ascii: "f"): out.append(0x0C); i += 2
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            case UInt8(ascii: "u"):
                var scalar = hex(i + 2)
                i += 6
                if scalar & 0xF800 == 0xD800 {
                    // Every escape of the body was validated, so a `\u` here has its four digits.
                    if scalar <= 0xDBFF, i + 6 <= stop, base[i] == UInt8(ascii: "\\"), base[i + 1] == UInt8(ascii: "u"),
                       case let low = hex(i + 2), low & 0xFC00 == 0xDC00 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    } else {
                        scalar = 0xFFFD
                    }
                }
                out.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
            default: out.append(e); i += 2
            }
        }
    }

    // MARK: - Numbers

    /// ``readNumber()`` for the plain numbers records hold, read in line: at most 15 digits in
    /// all (so the digits are an exact integer below 2^53), an optional fraction, no exponent, no
    /// leading zero. The value is computed as `readNumber` computes it (one exact division by a
    /// power of ten), so it is the same `Double`. Any other number is read by `readNumber` from
    /// its start (acceptance and errors are its own). The cursor is at a '-' or a digit.
    @inline(__always)
    mutating func readPlainNumber() throws(HourDecodingError) -> Double {
        let start = pos
        var i = pos
        let negative = base[i] == UInt8(ascii: "-")
        if negative { i &+= 1 }
        let integerStart = i
        var mantissa: UInt64 = 0
        // Wrapping: a number long enough to wrap has more than 15 digits and is handed over.
        while i < end {
            let d = base[i] &- UInt8(ascii: "0")
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i &+= 1
        }
        let integerDigits = i &- integerStart
        if integerDigits >= 1, integerDigits <= 15, integerDigits == 1 || base[integerStart] != UInt8(ascii: "0") {
            var fractionDigits = 0
            var plain = true
            if i < end, base[i] == UInt8(ascii: ".") {
                i &+= 1
                let fractionStart = i
                while i < end {
                    let d = base[i] &- UInt8(ascii: "0")
                    if d >= 10 { break }
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    i &+= 1
                }
                fractionDigits = i &- fractionStart
                plain = fractionDigits >= 1
            }
            if plain, integerDigits &+ fractionDigits <= 15, !(i < end && base[i] | 0x20 == UInt8(ascii: "e")) {
                pos = i
                var value = Double(mantissa)
                if fractionDigits > 0 { value /= powersOfTen[fractionDigits] }
                return negative ? -value : value
            }
        }
        pos = start
        return try readNumber()
    }

    /// Reads the number at the cursor (a '-' or a digit), correctly rounded to a `Double`; NaN
    /// (which JSON cannot write, so it means only this) when the number is valid JSON but out of
    /// the range of a `Double`: it overflows to infinity, or non-zero digits round to zero.
    mutating func readNumber() throws(HourDecodingError) -> Double {
        let start = pos
        let negative = base[pos] == UInt8(ascii: "-")
        if negative { pos &+= 1 }
        var mantissa: UInt64 = 0
        var exponent = 0
        var exact = true
        var nonZero = false
        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }
        guard pos < end, isDigit(base[pos]) else { throw unexpected("a digit") }
        if base[pos] == UInt8(ascii: "0") {
            pos &+= 1
            if pos < end, isDigit(base[pos]) { throw fail("leading zero in a number") }
        } else {
            while pos < end, isDigit(base[pos]) {
                let d = UInt64(base[pos] &- UInt8(ascii: "0"))
                if mantissa < 100_000_000_000_000_000 { mantissa = mantissa &* 10 &+ d } else { exponent &+= 1; exact = false }
                nonZero = true
                pos &+= 1
            }
        }
        if pos < end, base[pos] == UInt8(ascii: ".") {
            pos &+= 1
            guard pos < end, isDigit(base[pos]) else { throw unexpected("a digit after '.'") }
            while pos < end, isDigit(base[pos]) {
                let d = UInt64(base[pos] &- UInt8(ascii: "0"))
                if mantissa < 100_000_000_000_000_000 {
                    mantissa = mantissa &* 10 &+ d
                    exponent &-= 1
                } else if d != 0 { exact = false }
                if d != 0 { nonZero = true }
                pos &+= 1
            }
        }
        if pos < end, base[pos] | 0x20 == UInt8(ascii: "e") {
            pos &+= 1
            var negativeExponent = false
            if pos < end, base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-") {
                negativeExponent = base[pos] == UInt8(ascii: "-")
                pos &+= 1
            }
            guard pos < end, isDigit(base[pos]) else { throw unexpected("a digit in the exponent") }
            var e = 0
            while pos < end, isDigit(base[pos]) {
                if e < 1_000_000 { e = e &* 10 &+ Int(base[pos] &- UInt8(ascii: "0")) }
                pos &+= 1
            }
            exponent &+= negativeExponent ? -e : e
        }
        var value: Double
        if mantissa == 0 && !nonZero {
            value = 0
        } else if exact && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            // Both operands are exact, so one multiplication or division rounds correctly.
            value = Double(mantissa)
            if exponent > 0 { value *= powersOfTen[exponent] } else if exponent < 0 { value /= powersOfTen[-exponent] }
        } else {
            let text = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
            guard let parsed = Double(text) else { throw fail("unreadable number", at: start) }
            value = parsed.magnitude
            // Only this path can leave the range (the one above multiplies exact operands that
            // stay far inside it).
            if value.isInfinite || (value == 0 && nonZero) { return .nan }
        }
        return negative ? -value : value
    }
}

/// Stores a field by its index in ``CallRecordField/all`` (checked against that list by the tests).
enum FastRecordSetters {
    @inline(__always)
    static func setString(_ index: Int, _ value: String?, in r: inout CallRecord) {
        switch index {
        case 9: r.ani = value
        case 10: r.callTargetId = value
        case 11: r.callTargetName = value
        case 13: r.createdAt = value
        case 25: r.endedAt = value
        case 28: r.estimatedFor = value
        case 30: r.firstPartyCalled = value
        case 32: r.id = value
        case 40: r.originalId = value
        case 41: r.outcome = value
        case 43: r.phoneNumber = value
        case 45: r.processedAt = value
        case 49: r.segmentName = value
        case 50: r.source = value
        case 53: r.type = value
        default: break
        }
    }

    @inline(__always)
    static func setNumber(_ index: Int, _ value: Double?, in r: inout CallRecord) {
        switch index {
        case 0: r.activeDuration = value
        case 1: r.actualCallbackTime = value
        case 3: r.agentDelay = value
        case 8: r.agentWaitDuration = value
        case 15: r.customerDelay = value
        case 21: r.customerWaitDuration = value
        case 27: r.estimatedCallbackTime = value
        case 29: r.estimatePercentAccuracy = value
        case 46: r.punctuality = value
        case 47: r.registrationDuration = value
        case 48: r.retryAttempt = value
        case 52: r.talkDuration = value
        case 54: r.waitlistDelay = value
        default: break
        }
    }

    @inline(__always)
    static func setBool(_ index: Int, _ value: Bool?, in r: inout CallRecord) {
        switch index {
        case 2: r.agentBusy = value
        case 4: r.agentHangup = value
        case 5: r.agentLegError = value
        case 6: r.agentLegRejected = value
        case 7: r.agentLegTimeout = value
        case 12: r.choseToHold = value
        case 14: r.customerBusy = value
        case 16: r.customerHangup = value
        case 17: r.customerLegError = value
        case 18: r.customerLegRejected = value
        case 19: r.customerLegTimeout = value
        case 20: r.customerRescheduled = value
        case 22: r.disconnectRescue = value
        case 23: r.duplicateCallback = value
        case 24: r.earlyHangup = value
        case 26: r.endOfBusinessDay = value
        case 31: r.hasRetry = value
        case 33: r.leaveVoicemail = value
        case 34: r.maxEcbtExceeded = value
        case 35: r.maxScheduledCallsExceeded = value
        case 36: r.maxTollRateExceeded = value
        case 38: r.nextDayCallbackOffered = value
        case 39: r.nextDayCallbackScheduled = value
        case 42: r.outsideHours = value
        case 44: r.priorityQueueTimedOut = value
        case 51: r.systemHangup = value
        case 55: r.wasPunctual = value
        default: break
        }
    }

    /// Clears field `index` (a later `null` or wrong-typed value replaces an earlier one).
    static func clear(_ index: Int, in r: inout CallRecord) {
        switch index {
        case 0: r.activeDuration = nil
        case 1: r.actualCallbackTime = nil
        case 2: r.agentBusy = nil
        case 3: r.agentDelay = nil
        case 4: r.agentHangup = nil
        case 5: r.agentLegError = nil
        case 6: r.agentLegRejected = nil
        case 7: r.agentLegTimeout = nil
        case 8: r.agentWaitDuration = nil
        case 9: r.ani = nil
        case 10: r.callTargetId = nil
        case 11: r.callTargetName = nil
        case 12: r.choseToHold = nil
        case 13: r.createdAt = nil
        case 14: r.customerBusy = nil
        case 15: r.customerDelay = nil
        case 16: r.customerHangup = nil
        case 17: r.customerLegError = nil
        case 18: r.customerLegRejected = nil
        case 19: r.customerLegTimeout = nil
        case 20: r.customerRescheduled = nil
        case 21: r.customerWaitDuration = nil
        case 22: r.disconnectRescue = nil
        case 23: r.duplicateCallback = nil
        case 24: r.earlyHangup = nil
        case 25: r.endedAt = nil
        case 26: r.endOfBusinessDay = nil
        case 27: r.estimatedCallbackTime = nil
        case 28: r.estimatedFor = nil
        case 29: r.estimatePercentAccuracy = nil
        case 30: r.firstPartyCalled = nil
        case 31: r.hasRetry = nil
        case 32: r.id = nil
        case 33: r.leaveVoicemail = nil
        case 34: r.maxEcbtExceeded = nil
        case 35: r.maxScheduledCallsExceeded = nil
        case 36: r.maxTollRateExceeded = nil
        case 37: r.metadata = nil
        case 38: r.nextDayCallbackOffered = nil
        case 39: r.nextDayCallbackScheduled = nil
        case 40: r.originalId = nil
        case 41: r.outcome = nil
        case 42: r.outsideHours = nil
        case 43: r.phoneNumber = nil
        case 44: r.priorityQueueTimedOut = nil
        case 45: r.processedAt = nil
        case 46: r.punctuality = nil
        case 47: r.registrationDuration = nil
        case 48: r.retryAttempt = nil
        case 49: r.segmentName = nil
        case 50: r.source = nil
        case 51: r.systemHangup = nil
        case 52: r.talkDuration = nil
        case 53: r.type = nil
        case 54: r.waitlistDelay = nil
        case 55: r.wasPunctual = nil
        default: break
        }
    }
}
