import Foundation

/// The reference reader: Foundation's `JSONDecoder` into a ``JSONValue`` tree, then the tree into
/// records. Simple and slow (about 9 MB/s measured here); kept to check faster readers against.
public struct FoundationHourDecoder: HourDecoder {
    public init() {}

    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(HourDecodingError) -> HourRecords {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw .invalidJSON(offset: 0, reason: "byte order mark")
        }
        if let first = bytes.first(where: { !JSONWhitespace.contains($0) }), first != UInt8(ascii: "{") && first != UInt8(ascii: "[") && first != UInt8(ascii: "\"") && first != UInt8(ascii: "-") && first != UInt8(ascii: "n") && first != UInt8(ascii: "t") && first != UInt8(ascii: "f") && !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
            throw .invalidJSON(offset: bytes.firstIndex(of: first), reason: "unexpected character")
        }
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(DecodableJSON.self, from: Data(bytes)).value
        } catch {
            throw .invalidJSON(offset: nil, reason: Self.describe(error))
        }
        return try HourRecords.from(root)
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
        else if let d = try? single.decode(Double.self) { value = .number(d) }
        else { value = .string(try single.decode(String.self)) }
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
