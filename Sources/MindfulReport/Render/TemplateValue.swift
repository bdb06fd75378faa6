/// A value a template reads: text, a flag, a list or an object of named values. A model becomes
/// one through its `Encodable` conformance (``init(encoding:)``); a nil optional is left out, so
/// that the template looks the name up in the enclosing section, as Mustache does.
public enum TemplateValue: Sendable {
    case text(String)
    case bool(Bool)
    case list([TemplateValue])
    case object(TemplateObject)

    /// The value a model encodes to, with the keys of ``DerivedTemplateKeys`` added to each
    /// object that has some.
    public init(encoding model: some Encodable) throws {
        self = try TemplateValueEncoder.value(of: model)
    }

    /// The value a model's `Encodable` conformance makes, even for a ``DirectTemplateValue``
    /// (tests hold the two ways to the same value).
    init(encodingThroughCodable model: some Encodable) throws {
        self = try TemplateValueEncoder.encodedValue(of: model)
    }

    /// What `{{^name}}` treats as absent: false and the empty list.
    var isFalsy: Bool {
        switch self {
        case .bool(let flag): !flag
        case .list(let items): items.isEmpty
        case .text, .object: false
        }
    }

    /// The value named `name` when this is an object that has it.
    func member(_ name: String) -> TemplateValue? {
        guard case .object(let object) = self else { return nil }
        return object[name]
    }
}

/// An object's named values in the order they were encoded; the first of a name wins.
public struct TemplateObject: Sendable {
    var fields: [(name: String, value: TemplateValue)] = []

    /// An object with room for `capacity` fields, so that adding them does not reallocate.
    init(capacity: Int) { fields.reserveCapacity(capacity) }

    /// An empty object.
    init() {}

    /// The value of `name`, if the object has one.
    public subscript(name: String) -> TemplateValue? {
        // Most names looked up are not the field's (a section looks a name up from the innermost
        // object outwards): a different length rejects them without a string comparison.
        // The fields are compared where they are, not copied out one by one.
        let length = name.utf8.count
        return fields.withUnsafeBufferPointer { fields in
            for index in fields.indices where fields[index].name.utf8.count == length && fields[index].name == name {
                return fields[index].value
            }
            return nil
        }
    }

    /// Removes the first value named `name` and returns it.
    public mutating func remove(_ name: String) -> TemplateValue? {
        guard let index = fields.firstIndex(where: { $0.name == name }) else { return nil }
        return fields.remove(at: index).value
    }

    /// Adds a named value after those already there.
    public mutating func append(_ name: String, _ value: TemplateValue) {
        fields.append((name, value))
    }
}

/// A model that makes its ``TemplateValue`` itself, the same one its `Encodable` conformance
/// makes, without an encoder: for models made hundreds of times a page (heat map cells), where
/// the encoder's containers and copies show. Tests hold the two ways to the same value.
protocol DirectTemplateValue: TemplateModel {
    /// The model's value, as encoding it would make it.
    var templateValue: TemplateValue { get }
}

/// A model whose template also reads names it does not store, such as `hasRows`; they are
/// added after its stored properties.
public protocol DerivedTemplateKeys {
    /// Adds the derived names and their values to the model's object.
    func addDerivedKeys(to object: inout TemplateObject)
}

/// Turns an `Encodable` model into a ``TemplateValue``: keyed containers become objects,
/// unkeyed ones lists, strings text, numbers their decimal text and flags flags.
private final class TemplateValueEncoder: Encoder {
    enum Storage {
        case empty
        case object(TemplateObject)
        case list([TemplateValue])
        case single(TemplateValue)
    }

    var storage = Storage.empty
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The value of `model`. One encoder serves the whole tree: a nested value is encoded into
    /// fresh storage and the enclosing object or list is put back afterwards.
    static func value(of model: some Encodable) throws -> TemplateValue {
        try TemplateValueEncoder().nested(model)
    }

    /// The value of `model` through its `Encodable` conformance, even when it makes its value
    /// itself (for tests that hold the two to the same value).
    static func encodedValue(of model: some Encodable) throws -> TemplateValue {
        try TemplateValueEncoder().encoded(model)
    }

    func nested(_ model: some Encodable) throws -> TemplateValue {
        if let direct = model as? any DirectTemplateValue { return direct.templateValue }
        return try encoded(model)
    }

    /// The value of `model` through its `Encodable` conformance.
    func encoded(_ model: some Encodable) throws -> TemplateValue {
        let enclosing = storage
        storage = .empty
        defer { storage = enclosing }
        try model.encode(to: self)
        let result = storage
        storage = .empty  // `result` is now the only owner of what was encoded
        switch result {
        case .empty: return .object(TemplateObject())
        case .object(var object):
            if let derived = model as? any DerivedTemplateKeys { derived.addDerivedKeys(to: &object) }
            return .object(object)
        case .list(let items): return .list(items)
        case .single(let single): return single
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        // Room for the fields of most models at once: growing one field at a time reallocated
        // several times per object, a quarter of the allocations of a report.
        if case .empty = storage { storage = .object(TemplateObject(capacity: 16)) }
        return KeyedEncodingContainer(ObjectContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .empty = storage { storage = .list([]) }
        return ListContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self) }

    func append(_ name: String, _ value: TemplateValue) {
        guard case .object(var object) = storage else { return }
        storage = .empty
        object.append(name, value)
        storage = .object(object)
    }

    func append(_ value: TemplateValue) {
        guard case .list(var items) = storage else { return }
        storage = .empty
        items.append(value)
        storage = .list(items)
    }

    var listCount: Int {
        if case .list(let items) = storage { return items.count }
        return 0
    }

    struct ObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: TemplateValueEncoder
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) {}
        mutating func encode(_ value: Bool, forKey key: Key) { encoder.append(key.stringValue, .bool(value)) }
        mutating func encode(_ value: String, forKey key: Key) { encoder.append(key.stringValue, .text(value)) }
        mutating func encode(_ value: Double, forKey key: Key) { encoder.append(key.stringValue, .text("\(value)")) }
        mutating func encode(_ value: Float, forKey key: Key) { encoder.append(key.stringValue, .text("\(value)")) }
        mutating func encode(_ value: Int, forKey key: Key) { encoder.append(key.stringValue, .text("\(value)")) }
        mutating func encode(_ value: Int8, forKey key: Key) { encoder.append(key.stringValue, .text("\(value)")) }
        mutating func encode(_ value: Int16, forKey key: Key) { encoder.append(key.stringValue, .text("\(value)")) }
        mutating func encode(_ value: Int32, forKey key: Key) { encoder.append(key.stringValue, .text("\(value)")) }
        mutating func encode(_ value: Int64, forKey key: Key) { encoder.append(key.stringValue, .text("\(value)")) }
        mutating func encode(_ value: UInt, forKey key: Key) { encoder.append(key.stringValue, .text("\(value)")) }
        mutating func encode(_ value: UInt8, forKey key: Key) { encoder.append(key.stringValue, .text("\(value)")) }
        mutating func encode(_ value: UInt16, forKey key: Key) { encoder.append(key.stringValue, .text("\(value)")) }
        mutating func encode(_ value: UInt32, forKey key: Key) { encoder.append(key.stringValue, .text("\(value)")) }
        mutating func encode(_ value: UInt64, forKey key: Key) { encoder.append(key.stringValue, .text("\(value)")) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            encoder.append(key.stringValue, try encoder.nested(value))
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            preconditionFailure("template models do not use nested containers")
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            preconditionFailure("template models do not use nested containers")
        }
        mutating func superEncoder() -> any Encoder { encoder }
        mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
    }

    struct ListContainer: UnkeyedEncodingContainer, ValueSink {
        let encoder: TemplateValueEncoder
        var codingPath: [any CodingKey] { [] }
        var count: Int { encoder.listCount }

        mutating func put(_ value: TemplateValue) { encoder.append(value) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            preconditionFailure("template models do not use nested containers")
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            preconditionFailure("template models do not use nested containers")
        }
        mutating func superEncoder() -> any Encoder { encoder }
    }

    struct SingleContainer: SingleValueEncodingContainer, ValueSink {
        let encoder: TemplateValueEncoder
        var codingPath: [any CodingKey] { [] }

        mutating func put(_ value: TemplateValue) { encoder.storage = .single(value) }
    }
}

/// The value-taking half of an unkeyed or single-value container: every primitive becomes a
/// ``TemplateValue`` handed to `put`.
private protocol ValueSink {
    var encoder: TemplateValueEncoder { get }
    mutating func put(_ value: TemplateValue)
}

extension ValueSink {
    mutating func encodeNil() {}
    mutating func encode(_ value: Bool) { put(.bool(value)) }
    mutating func encode(_ value: String) { put(.text(value)) }
    mutating func encode(_ value: Double) { put(.text("\(value)")) }
    mutating func encode(_ value: Float) { put(.text("\(value)")) }
    mutating func encode(_ value: Int) { put(.text("\(value)")) }
    mutating func encode(_ value: Int8) { put(.text("\(value)")) }
    mutating func encode(_ value: Int16) { put(.text("\(value)")) }
    mutating func encode(_ value: Int32) { put(.text("\(value)")) }
    mutating func encode(_ value: Int64) { put(.text("\(value)")) }
    mutating func encode(_ value: UInt) { put(.text("\(value)")) }
    mutating func encode(_ value: UInt8) { put(.text("\(value)")) }
    mutating func encode(_ value: UInt16) { put(.text("\(value)")) }
    mutating func encode(_ value: UInt32) { put(.text("\(value)")) }
    mutating func encode(_ value: UInt64) { put(.text("\(value)")) }
    mutating func encode<T: Encodable>(_ value: T) throws { put(try encoder.nested(value)) }
}
