import Foundation
import Testing
@testable import MindfulJSON
@testable import MindfulReport

/// The choices RFC 8259 leaves to a reader, as the README's "Hours, time zones and the cache"
/// states them: a lone surrogate escape reads as U+FFFD; a number a `Double` cannot hold is a
/// field of the wrong type (read as null, counted) and the hour is kept; bytes that are not UTF-8
/// make the file invalid. Each case is written after a file of the public JSONTestSuite
/// collection (its name is the case's name; the `y_`, `n_` and `i_` prefixes say whether a reader
/// must accept it, must reject it, or may choose), and checked with its exact outcome on every
/// reader: the fast decoder, the Foundation reference, the ids pass and the fused rows.
@Suite struct JSONPolicyTests {
    /// What a case must read as.
    enum Expected: Sendable, Equatable {
        /// Valid; the string (in `id`) reads as this text.
        case text(String)
        /// Valid; the number (in `talkDuration`) reads as this value.
        case number(Double)
        /// Valid; the number (in `talkDuration`) is out of range: the field is null and counted
        /// as one of the wrong type, the record and the hour are kept.
        case wrongType
        /// The file is invalid JSON (the hour would be missing).
        case invalid
    }

    /// One JSON value, placed in a record: a string as its `id`, a number as its `talkDuration`.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let value: [UInt8]
        let expected: Expected

        init(_ name: String, _ value: String, _ expected: Expected) {
            self.init(name, Array(value.utf8), expected)
        }

        init(_ name: String, _ value: [UInt8], _ expected: Expected) {
            self.name = name
            self.value = value
            self.expected = expected
        }

        var isString: Bool { value.first == UInt8(ascii: "\"") }

        /// The hour body: one record with the value, and a second record that nothing touches.
        var body: [UInt8] {
            let field = isString ? "id" : "talkDuration"
            let other = isString ? #""talkDuration": 7"# : #""id": "r""#
            return Array(#"{"data": [{"outcome": "Success", "\#(field)": "#.utf8) + value
                + Array(#", \#(other)}, {"id": "s", "talkDuration": 1}]}"#.utf8)
        }

        var testDescription: String { name }
    }

    static let fffd = "\u{FFFD}"

    /// Strings: surrogate escapes, and bytes that are not UTF-8.
    static let strings: [Case] = [
        // Lone surrogate escapes: valid, each reads as U+FFFD; what follows is read on its own.
        Case("i_string_1st_surrogate_but_2nd_missing", #""\uDADA""#, .text(fffd)),
        Case("i_string_1st_valid_surrogate_2nd_invalid", #""\uD888\u1234""#, .text(fffd + "\u{1234}")),
        Case("i_string_incomplete_surrogate_and_escape_valid", #""\uD800\n""#, .text(fffd + "\n")),
        Case("i_string_incomplete_surrogate_pair", #""\uDd1ea""#, .text(fffd + "a")),
        Case("i_string_incomplete_surrogates_escape_valid", #""\uD800\uD800\n""#, .text(fffd + fffd + "\n")),
        Case("i_string_invalid_lonely_surrogate", #""\ud800""#, .text(fffd)),
        Case("i_string_invalid_surrogate", #""\ud800abc""#, .text(fffd + "abc")),
        Case("i_string_inverted_surrogates_U+1D11E", #""\uDd1e\uD834""#, .text(fffd + fffd)),
        Case("i_string_lone_second_surrogate", #""\uDFAA""#, .text(fffd)),
        Case("lone surrogate before a quote escape", #""\udbff\"x""#, .text(fffd + "\"x")),
        Case("lone surrogate before a pair", #""\udc00\ud83d\ude00""#, .text(fffd + "😀")),
        Case("high surrogate before a non-surrogate escape", #""\ud800\u0041""#, .text(fffd + "A")),
        Case("lone surrogate past the 16-byte scan", #""0123456789abcdef0123456789\ud800 and more text""#,
             .text("0123456789abcdef0123456789" + fffd + " and more text")),
        // Pairs and non-characters: valid as they always were.
        Case("y_string_accepted_surrogate_pair", #""\uD801\udc37""#, .text("\u{10437}")),
        Case("y_string_accepted_surrogate_pairs", #""\ud83d\ude39\ud83d\udc8d""#, .text("\u{1F639}\u{1F48D}")),
        Case("y_string_last_surrogates_1_and_2", #""\uDBFF\uDFFF""#, .text("\u{10FFFF}")),
        Case("y_string_surrogates_U+1D11E_MUSICAL_SYMBOL_G_CLEF", #""\uD834\uDd1e""#, .text("\u{1D11E}")),
        Case("y_string_escaped_noncharacter", #""\uFFFF""#, .text("\u{FFFF}")),
        Case("y_string_unicode_U+FFFE_nonchar", #""\uFFFE""#, .text("\u{FFFE}")),
        // Broken escapes after a surrogate stay invalid.
        Case("n_string_1_surrogate_then_escape", #""\uD800\""#, .invalid),
        Case("n_string_1_surrogate_then_escape_u", #""\uD800\u""#, .invalid),
        Case("n_string_1_surrogate_then_escape_u1", #""\uD800\u1""#, .invalid),
        Case("n_string_1_surrogate_then_escape_u1x", #""\uD800\u1x""#, .invalid),
        Case("n_string_incomplete_surrogate_escape_invalid", #""\uD800\uD800\x""#, .invalid),
        Case("n_string_invalid_unicode_escape", #""\uqqqq""#, .invalid),
        Case("n_string_invalid-utf-8-in-escape", [0x22, 0x5C, 0x75, 0xC3, 0xA5, 0x22], .invalid),
        Case("n_string_invalid_utf8_after_escape", [0x22, 0x5C, 0xE5, 0x22], .invalid),
        // Bytes that are not UTF-8: the file is invalid.
        Case("i_string_invalid_utf-8", [0x22, 0xFF, 0x22], .invalid),
        Case("i_string_iso_latin_1", [0x22, 0xE9, 0x22], .invalid),
        Case("i_string_lone_utf8_continuation_byte", [0x22, 0x81, 0x22], .invalid),
        Case("i_string_not_in_unicode_range", [0x22, 0xF4, 0xBF, 0xBF, 0xBF, 0x22], .invalid),
        Case("i_string_overlong_sequence_2_bytes", [0x22, 0xC0, 0xAF, 0x22], .invalid),
        Case("i_string_overlong_sequence_6_bytes", [0x22, 0xFC, 0x83, 0xBF, 0xBF, 0xBF, 0xBF, 0x22], .invalid),
        Case("i_string_overlong_sequence_6_bytes_null", [0x22, 0xFC, 0x80, 0x80, 0x80, 0x80, 0x80, 0x22], .invalid),
        Case("i_string_truncated-utf-8", [0x22, 0xE0, 0xFF, 0x22], .invalid),
        Case("i_string_UTF-8_invalid_sequence", [0x22, 0xE6, 0x97, 0xA5, 0xD1, 0x88, 0xFA, 0x22], .invalid),
        Case("i_string_UTF8_surrogate_U+D800", [0x22, 0xED, 0xA0, 0x80, 0x22], .invalid),
        Case("UTF-8 low surrogate U+DFFF", [0x22, 0x61, 0xED, 0xBF, 0xBF, 0x22], .invalid),
        Case("overlong 3-byte U+002F", [0x22, 0xE0, 0x80, 0xAF, 0x22], .invalid),
        Case("overlong 4-byte U+FFFF", [0x22, 0xF0, 0x8F, 0xBF, 0xBF, 0x22], .invalid),
        Case("truncated 4-byte sequence", [0x22, 0xF0, 0x9F, 0x98, 0x22], .invalid),
        Case("byte 0xF5 (past U+10FFFF)", [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], .invalid),
        Case("n_string_invalid_utf8 past the 16-byte scan", Array(#""0123456789abcdefghij"#.utf8) + [0xC3, 0x28, 0x22], .invalid),
        Case("y_string_utf8 (valid multi-byte)", "\"é😀\u{10FFFF}\"", .text("é😀\u{10FFFF}")),
    ]

    /// Numbers: beyond the range of a `Double` (either way), at its edges, and big but inside it.
    static let numbers: [Case] = [
        Case("i_number_huge_exp", "0.4e" + String(repeating: "0", count: 2) + "669999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999969999999006", .wrongType),
        Case("i_number_neg_int_huge_exp", "-1e+9999", .wrongType),
        Case("i_number_pos_double_huge_exp", "1.5e+9999", .wrongType),
        Case("i_number_real_neg_overflow", "-123123e100000", .wrongType),
        Case("i_number_real_pos_overflow", "123123e100000", .wrongType),
        Case("1e400", "1e400", .wrongType),
        Case("-1e400", "-1e400", .wrongType),
        Case("huge integer literal (400 digits)", "1" + String(repeating: "0", count: 399), .wrongType),
        Case("huge negative integer literal (310 digits)", "-" + String(repeating: "9", count: 310), .wrongType),
        Case("just past the largest Double", "1.7976931348623159e308", .wrongType),
        // Non-zero digits that round to zero are just as far out of a Double's reach.
        Case("i_number_double_huge_neg_exp", "123.456e-789", .wrongType),
        Case("i_number_real_underflow", "123e-10000000", .wrongType),
        Case("1e-400", "1e-400", .wrongType),
        Case("just below half the smallest subnormal", "2.4703282292062327e-324", .wrongType),
        // Edges that a Double holds (or rounds to a value it holds).
        Case("largest Double", "1.7976931348623157e308", .number(.greatestFiniteMagnitude)),
        Case("rounds down to the largest Double", "1.7976931348623158e308", .number(.greatestFiniteMagnitude)),
        Case("smallest subnormal", "4.9e-324", .number(.leastNonzeroMagnitude)),
        Case("rounds up to the smallest subnormal", "2.4703282292062328e-324", .number(.leastNonzeroMagnitude)),
        Case("zero with a huge exponent", "0e400", .number(0)),
        Case("negative zero with a huge negative exponent", "-0.000e-400", .number(-0.0)),
        Case("i_number_too_big_neg_int", "-123123123123123123123123123123", .number(Double("-123123123123123123123123123123")!)),
        Case("i_number_too_big_pos_int", "100000000000000000000", .number(1e20)),
        Case("i_number_very_big_negative_int", "-237462374673276894279832749832423479823246327846", .number(Double("-237462374673276894279832749832423479823246327846")!)),
        // Not numbers at all: invalid, as before.
        Case("n_number_infinity", "Infinity", .invalid),
        Case("n_number_minus_infinity", "-Infinity", .invalid),
        Case("n_number_NaN", "NaN", .invalid),
        Case("n_number_real_without_fractional_part", "1.", .invalid),
        Case("n_number_with_leading_zero", "012", .invalid),
    ]

    // MARK: - Each case on each reader

    @Test(arguments: strings + numbers)
    func fastDecoder(_ c: Case) {
        Self.check(c, Self.outcome { () throws(HourDecodingError) in try FastHourDecoder().decode(c.body) })
    }

    @Test(arguments: strings + numbers)
    func foundationReference(_ c: Case) {
        Self.check(c, Self.outcome { () throws(HourDecodingError) in try FoundationHourDecoder().decode(c.body) })
    }

    @Test(arguments: strings + numbers)
    func idsPass(_ c: Case) {
        let got = Self.outcome { () throws(HourDecodingError) in try FastHourDecoder().scanIds(c.body) }
        switch (c.expected, got) {
        case (.invalid, .failure(.invalidJSON)): break
        case (.text(let s), .success(let ids)): #expect(ids == [Fingerprint(s).value, Fingerprint("s").value])
        case (.number, .success(let ids)), (.wrongType, .success(let ids)): #expect(ids == [Fingerprint("r").value, Fingerprint("s").value])
        default: Issue.record("expected \(c.expected), got \(got)")
        }
        // The same error as the whole-record reader, offset included.
        if case .failure(let error) = got {
            #expect(Self.outcome { () throws(HourDecodingError) in try FastHourDecoder().decode(c.body) }.failure == error)
        }
    }

    @Test(arguments: strings + numbers)
    func fusedRows(_ c: Case) throws {
        for pii in PIIMode.allCases {
            let got = Self.outcome { () throws(HourDecodingError) in
                try FastHourDecoder().decodeWithRows(c.body, appendix: AppendixRows(piiMode: pii), hourLabel: Array("2023-06-08T03".utf8))
            }
            guard case .success(let out) = got else {
                #expect(c.expected == .invalid, "\(pii): \(got)")
                if case .failure(let error) = got {
                    #expect(Self.outcome { () throws(HourDecodingError) in try FastHourDecoder().decode(c.body) }.failure == error)
                }
                continue
            }
            #expect(out.records.malformedFields == (c.expected == .wrongType ? 1 : 0))
            let rows = try ParsedCSV(AppendixRows(piiMode: pii).headerBytes + out.rows.bytes).records
            try #require(rows.count == 2)
            #expect(rows[1]["id"] == "s" && rows[1]["talkDuration"] == "1")
            switch c.expected {
            case .text(let s):
                #expect(rows[0]["id"] == s)
                #expect(rows[0]["talkDuration"] == "7")
            case .number(let d):
                #expect(rows[0]["talkDuration"] == JSONValue.format(d))
                #expect(out.records.records[0].talkDuration == d)
            case .wrongType:
                // As any field of the wrong type: an empty cell.
                #expect(rows[0]["talkDuration"] == "")
                #expect(out.records.records[0].talkDuration == nil)
                #expect(rows[0]["id"] == "r" && rows[0]["outcome"] == "Success")
            case .invalid:
                Issue.record("accepted: \(rows[0])")
            }
        }
    }

    // MARK: - Where an out-of-range number is

    /// An out-of-range number makes the field that holds it, at any depth, a field of the wrong
    /// type; elsewhere (an unknown field, a skipped element, another top-level member) it is valid
    /// and ignored like any value. `data` itself being one is a body without a `data` array.
    struct Placement: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        /// The counts, or nil when the body has no `data` array.
        let malformed: Int?
        let skipped: Int
        /// False where a key is repeated: Foundation's `JSONDecoder` keeps its first value (see
        /// FastHourDecoderTests), the contract the last.
        var referenceAgrees = true
        var testDescription: String { name }
    }

    static let placements: [Placement] = [
        Placement(name: "number field", body: #"{"data": [{"id": "a", "agentDelay": 1e400, "punctuality": -1e-400, "retryAttempt": 2}]}"#, malformed: 2, skipped: 0),
        Placement(name: "string field", body: #"{"data": [{"id": 1e400, "outcome": -1e400}]}"#, malformed: 2, skipped: 0),
        Placement(name: "boolean field", body: #"{"data": [{"id": "a", "agentBusy": 1e400}]}"#, malformed: 1, skipped: 0),
        Placement(name: "inside metadata", body: #"{"data": [{"id": "a", "metadata": {"a": 1, "b": [true, {"c": 1e400}]}}]}"#, malformed: 1, skipped: 0),
        Placement(name: "flat metadata", body: #"{"data": [{"id": "a", "metadata": {"a": 1e-999}}]}"#, malformed: 1, skipped: 0),
        Placement(name: "unknown field", body: #"{"data": [{"id": "a", "zzz": 1e400, "yyy": [1e-400]}]}"#, malformed: 0, skipped: 0),
        Placement(name: "non-object element", body: #"{"data": [1e400, [-1e400], {"id": "a"}]}"#, malformed: 0, skipped: 2),
        Placement(name: "other top-level member", body: #"{"meta": 1e400, "data": [{"id": "a"}]}"#, malformed: 0, skipped: 0),
        Placement(name: "a later valid value replaces it", body: #"{"data": [{"id": "a", "talkDuration": 1e400, "talkDuration": 3}]}"#, malformed: 0, skipped: 0,
                  referenceAgrees: false),
        Placement(name: "a later out-of-range value replaces a valid one", body: #"{"data": [{"id": "a", "talkDuration": 3, "talkDuration": 1e400}]}"#, malformed: 1, skipped: 0,
                  referenceAgrees: false),
        Placement(name: "data is one", body: #"{"data": 1e400}"#, malformed: nil, skipped: 0),
    ]

    @Test(arguments: placements)
    func outOfRangeNumberPlacement(_ p: Placement) {
        let bytes = Array(p.body.utf8)
        let fast = Self.outcome { () throws(HourDecodingError) in try FastHourDecoder().decode(bytes) }
        let reference = Self.outcome { () throws(HourDecodingError) in try FoundationHourDecoder().decode(bytes) }
        let fused = Self.outcome { () throws(HourDecodingError) in
            try FastHourDecoder().decodeWithRows(bytes, appendix: AppendixRows(piiMode: .full), hourLabel: [0x31]).records
        }
        guard let malformed = p.malformed else {
            #expect(fast == .failure(.noDataArray(found: "\"data\" is a number")))
            #expect(reference == .failure(.noDataArray(found: "\"data\" is a number")))
            #expect(fused == fast)
            return
        }
        guard case .success(let hour) = fast else {
            Issue.record("rejected: \(fast)")
            return
        }
        #expect(hour.malformedFields == malformed && hour.skippedElements == p.skipped)
        // Every field that was out of range reads as null; the record is kept.
        for record in hour.records {
            #expect(record.agentDelay == nil && record.punctuality == nil && record.agentBusy == nil && record.metadata == nil)
        }
        #expect(hour.records.allSatisfy { $0.id == nil || $0.id == "a" } && !hour.records.isEmpty)
        if p.referenceAgrees { #expect(reference == fast) }
        if case .success(let f) = fused { #expect(f.malformedFields == malformed && f.skippedElements == p.skipped) } else { Issue.record("fused: \(fused)") }
        #expect(Self.outcome { () throws(HourDecodingError) in try FastHourDecoder().scanIds(bytes) }
                == .success(hour.records.map { $0.id.map { Fingerprint($0).value } ?? 0 }))
    }

    /// Metadata that holds a lone surrogate escape: kept, with U+FFFD in its compact text (keys too).
    @Test func loneSurrogatesInMetadata() {
        let body = Array(#"{"data": [{"metadata": {"\ud800": "x\udc00", "b": ["\udbff"]}}]}"#.utf8)
        let expected = "{\"b\":[\"\u{FFFD}\"],\"\u{FFFD}\":\"x\u{FFFD}\"}"
        #expect((try? FastHourDecoder().decode(body))?.records.first?.metadata == expected)
        #expect((try? FoundationHourDecoder().decode(body))?.records.first?.metadata == expected)
        let rows = try? FastHourDecoder().decodeWithRows(body, appendix: AppendixRows(piiMode: .full), hourLabel: [0x31]).rows
        #expect(rows.map { String(decoding: $0.bytes, as: UTF8.self) }?.contains("\"{\"\"b\"\":[\"\"\u{FFFD}\"\"]") == true)
    }

    /// Whole files that are not UTF-8 stay invalid (JSONTestSuite's `i_string_utf16*` and
    /// `n_structure_UTF8_BOM_no_data`): UTF-16 either way, with or without its byte order mark.
    @Test func filesThatAreNotUTF8() {
        let text = #"{"data": []}"#
        let utf16LE = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf16BE = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for bytes in [utf16LE, utf16BE, [0xFF, 0xFE] + utf16LE, [0xFE, 0xFF] + utf16BE, [0xEF, 0xBB, 0xBF] + Array(text.utf8)] {
            for decoder in [FastHourDecoder() as any HourDecoder, FoundationHourDecoder()] {
                guard case .failure(.invalidJSON) = Self.outcome({ () throws(HourDecodingError) in try decoder.decode(bytes) }) else {
                    Issue.record("\(type(of: decoder)) accepted \(bytes.prefix(6))")
                    continue
                }
            }
            guard case .failure(.invalidJSON) = Self.outcome({ () throws(HourDecodingError) in try FastHourDecoder().scanIds(bytes) }) else {
                Issue.record("scanIds accepted \(bytes.prefix(6))")
                continue
            }
        }
    }

    // MARK: - Helpers

    static func outcome<T>(_ body: () throws(HourDecodingError) -> T) -> Result<T, HourDecodingError> {
        do throws(HourDecodingError) { return .success(try body()) } catch { return .failure(error) }
    }

    /// The exact outcome of a whole-record decoder on a case.
    static func check(_ c: Case, _ got: Result<HourRecords, HourDecodingError>, sourceLocation: SourceLocation = #_sourceLocation) {
        switch (c.expected, got) {
        case (.invalid, .failure(.invalidJSON)):
            return
        case (.invalid, _), (_, .failure):
            Issue.record("expected \(c.expected), got \(got)", sourceLocation: sourceLocation)
            return
        case (_, .success(let hour)):
            #expect(hour.records.count == 2 && hour.skippedElements == 0, sourceLocation: sourceLocation)
            guard hour.records.count == 2 else { return }
            let (record, other) = (hour.records[0], hour.records[1])
            #expect(other.id == "s" && other.talkDuration == 1 && record.outcome == "Success", sourceLocation: sourceLocation)
            switch c.expected {
            case .text(let s):
                #expect(record.id.map { Array($0.unicodeScalars) } == Array(s.unicodeScalars), sourceLocation: sourceLocation)
                #expect(record.talkDuration == 7 && hour.malformedFields == 0, sourceLocation: sourceLocation)
            case .number(let d):
                #expect(record.talkDuration == d && record.talkDuration?.sign == d.sign, sourceLocation: sourceLocation)
                #expect(record.id == "r" && hour.malformedFields == 0, sourceLocation: sourceLocation)
            case .wrongType:
                #expect(record.talkDuration == nil && record.id == "r", sourceLocation: sourceLocation)
                #expect(hour.malformedFields == 1, sourceLocation: sourceLocation)
            case .invalid:
                break
            }
        }
    }
}

extension Result {
    /// The error, or nil on success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
