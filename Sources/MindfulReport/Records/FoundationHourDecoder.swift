import Foundation

/// The reference reader: Foundation's `JSONDecoder` into a ``JSONValue`` tree, then the tree into
/// records. Simple and slow (about 9 MB/s measured here); kept to check faster readers against.
///
/// Three rules of the contract that `JSONDecoder` does not follow are applied around it: a body
/// with a NUL byte is invalid (`JSONDecoder` would take it for UTF-16 or UTF-32 and convert it),
/// a lone surrogate escape (which `JSONDecoder` rejects) is rewritten to `\ufffd` before parsing,
/// and a number that `JSONDecoder` parses but reports as not representable becomes
/// ``JSONValue/numberOutOfRange``.
public struct FoundationHourDecoder: HourDecoder {
    /// Creates the reader; it holds no state between calls.
    public init() {}

    /// Reads the records of one hour body.
    public func decode(_ span: Span<UInt8>) throws(HourDecodingError) -> HourRecords {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(span.count)
        for i in span.indices { bytes.append(span[i]) }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw .invalidJSON(offset: 0, reason: "byte order mark")
        }
        if let first = bytes.first(where: { !JSONWhitespace.contains($0) }), first != UInt8(ascii: "{") && first != UInt8(ascii: "[") && first != UInt8(ascii: "\"") && first != UInt8(ascii: "-") && first != UInt8(ascii: "n") && first != UInt8(ascii: "t") && first != UInt8(ascii: "f") && !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
            throw .invalidJSON(offset: bytes.firstIndex(of: first), reason: "unexpected character")
        }
        if let nul = bytes.firstIndex(of: 0) {
            // Never valid in UTF-8 JSON: not whitespace, and a control character in a string.
            throw .invalidJSON(offset: nul, reason: "NUL byte")
        }
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(DecodableJSON.self, from: Self.replacingLoneSurrogateEscapes(bytes)).value
        } catch {
            throw .invalidJSON(offset: nil, reason: Self.describe(error))
        }
        return try HourRecords.from(root)
    }

    /// The bytes with the four hex digits of every `\u` escape of a surrogate that is not half of
    /// a high-low pair replaced by `fffd` (the same length, so offsets keep their meaning). Only
    /// escapes inside strings are looked at; anything malformed is left for `JSONDecoder`.
    static func replacingLoneSurrogateEscapes(_ bytes: [UInt8]) -> Data {
        var out = bytes
        func unit(at i: Int) -> UInt32? {
            guard i + 4 <= out.count else { return nil }
            return UInt32(String(decoding: out[i..<(i + 4)], as: UTF8.self), radix: 16)
        }
        func isEscape(at i: Int) -> Bool {
            i + 1 < out.count && out[i] == UInt8(ascii: "\\") && out[i + 1] == UInt8(ascii: "u")
        }
        var i = 0
        var inString = false
        while i < out.count {
            let c = out[i]
            if c == UInt8(ascii: "\"") {
                inString.toggle()
                i += 1
            } else if !inString || c != UInt8(ascii: "\\") {
                i += 1
            } else if !isEscape(at: i) {
                i += 2
            } else if let high = unit(at: i + 2), (0xD800...0xDFFF).contains(high) {
                if high <= 0xDBFF, isEscape(at: i + 6), let low = unit(at: i + 8), (0xDC00...0xDFFF).contains(low) {
                    i += 12
                } else {
                    out.replaceSubrange((i + 2)..<(i + 6), with: Array("fffd".utf8))
                    i += 6
                }
            } else {
                i += 2
            }
        }
        return Data(out)
    }

    private static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError { return "\(context.debugDescription) \(underlying)" }
            return context.debugDescription
        }
        return "\(error)"
    }
}

private let JSONWhitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]

/// Decodes any JSON into a ``JSONValue``, keeping booleans and numbers apart.
struct DecodableJSON: Decodable {
    let value: JSONValue

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !array.isAtEnd { items.append(try array.decode(DecodableJSON.self).value) }
            value = .array(items)
            return
        }
        if let object = try? decoder.container(keyedBy: Key.self) {
            var members: [(key: String, value: JSONValue)] = []
            for key in object.allKeys {
                members.append((key.stringValue, try object.decode(DecodableJSON.self, forKey: key).value))
            }
            value = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { value = .null }
        else if let b = try? single.decode(Bool.self) { value = .bool(b) }
        else {
            do {
                value = .number(try single.decode(Double.self))
            } catch where Self.isNumberOutOfRange(error) {
                value = .numberOutOfRange
            } catch {
                value = .string(try single.decode(String.self))
            }
        }
    }

    /// Whether `decode(Double.self)` failed because the number, valid JSON (`JSONDecoder` checks
    /// the syntax first), is out of the range of a `Double` (`1e400`, `1e-400`). Its error type is
    /// internal to Foundation, so it is recognised by its case name; were that renamed, such
    /// numbers would make the body invalid and the tests that compare the readers would fail.
    static func isNumberOutOfRange(_ error: any Error) -> Bool {
        String(describing: error).hasPrefix("numberIsNotRepresentableInSwift")
    }
}

extension HourRecords {
    /// Builds the records of an hour from a parsed body, applying the tolerance rules.
    static func from(_ root: JSONValue) throws(HourDecodingError) -> HourRecords {
        guard case .object(let members) = root else { throw .noDataArray(found: "\(root.typeName) at the top level") }
        guard let data = members.last(where: { $0.key == "data" })?.value else { throw .noDataArray(found: "no \"data\" member") }
        guard case .array(let elements) = data else { throw .noDataArray(found: "\"data\" is \(data.typeName)") }
        var hour = HourRecords()
        hour.records.reserveCapacity(elements.count)
        for element in elements {
            guard case .object(let fields) = element else {
                hour.skippedElements += 1
                continue
            }
            var record = CallRecord()
            var lastValue: [String: JSONValue] = [:]
            for field in fields { lastValue[field.key] = field.value }
            for (key, value) in lastValue {
                guard let field = CallRecordField.byName[key] else { continue }
                switch (field.kind, value) {
                case (_, .null): break
                case _ where value.holdsNumberOutOfRange: hour.malformedFields += 1
                case (.string, .string(let s)): record.set(field, to: .string(s))
                case (.number, .number(let d)): record.set(field, to: .number(d))
                case (.boolean, .bool(let b)): record.set(field, to: .boolean(b))
                case (.object, .object): record.set(field, to: .object(value.compactText))
                default: hour.malformedFields += 1
                }
            }
            hour.records.append(record)
        }
        return hour
    }
}
