/// The records of one hour file, with the counts of what had to be tolerated while reading it.
public struct HourRecords: Sendable, Equatable {
    /// Records in file order.
    public var records: [CallRecord]
    /// Fields whose JSON type was not the documented one (each counted as null).
    public var malformedFields: Int
    /// Elements of `data` that were not objects (skipped).
    public var skippedElements: Int
    /// Each record's ``RecordKeys``, when the reader worked them out and left the string fields
    /// out of the records; nil when the records are whole.
    public var keys: HourKeys?

    /// An hour's records with the counts of what could not be read.
    public init(records: [CallRecord] = [], malformedFields: Int = 0, skippedElements: Int = 0, keys: HourKeys? = nil) {
        self.records = records
        self.malformedFields = malformedFields
        self.skippedElements = skippedElements
        self.keys = keys
    }

    /// Each record's ``RecordKeys``: those the reader gave, or worked out from the records.
    public var recordKeys: HourKeys { keys ?? HourKeys(records) }
}

/// Turns the bytes of an hour's 200 body into records.
///
/// Implementations must agree exactly: strict JSON (RFC 8259: no BOM, no NaN, no trailing
/// garbage, UTF-8 only), the body must be an object whose `data` member is an array, a field of
/// the wrong JSON type counts as null (and is counted), an element of `data` that is not an
/// object is skipped (and counted), unknown fields are ignored, a repeated key keeps its last
/// value, and `metadata` becomes ``JSONValue/compactText`` of the object. Where RFC 8259 leaves
/// a choice: a lone surrogate escape reads as U+FFFD, and a field that is or holds a number out
/// of the range of a `Double` (``JSONValue/numberOutOfRange``) has the wrong type.
public protocol HourDecoder: Sendable {
    /// Reads the records of one hour body. The bytes are borrowed for the call (the cache passes a
    /// mapping of the file); nothing returned may point into them.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(HourDecodingError) -> HourRecords
    /// The fingerprint of each record's `id` (``Fingerprint/value``; 0 for a null, absent or
    /// wrong-typed id) in file order; throws exactly when `decode(_:)` does.
    func scanIds(_ bytes: UnsafeBufferPointer<UInt8>) throws(HourDecodingError) -> [UInt64]
    /// The records with every record's appendix row (what `appendix.rows(of:hourLabel:)` makes);
    /// a reader may leave out fields only the rows need, and every string field when it gives
    /// ``HourRecords/keys``. Throws exactly when `decode(_:)` does.
    func decodeWithRows(_ bytes: UnsafeBufferPointer<UInt8>, appendix: AppendixRows, hourLabel: [UInt8]) throws(HourDecodingError) -> (records: HourRecords, rows: HourRows)
}

extension HourDecoder {
    /// Decodes the records, then makes the appendix rows from them.
    public func decodeWithRows(_ bytes: UnsafeBufferPointer<UInt8>, appendix: AppendixRows, hourLabel: [UInt8]) throws(HourDecodingError) -> (records: HourRecords, rows: HourRows) {
        let records = try decode(bytes)
        return (records, appendix.rows(of: records, hourLabel: hourLabel))
    }

    /// The fingerprints of the hour's record ids (0 for none), by a full decode.
    public func scanIds(_ bytes: UnsafeBufferPointer<UInt8>) throws(HourDecodingError) -> [UInt64] {
        try decode(bytes).records.map { $0.id.map { Fingerprint($0).value } ?? 0 }
    }

    /// `decode(_:)` of bytes in memory.
    public func decode(_ bytes: [UInt8]) throws(HourDecodingError) -> HourRecords {
        try bytes.withUnsafeBufferPointer { (b) throws(HourDecodingError) in try decode(b) }
    }

    /// `scanIds(_:)` of bytes in memory.
    public func scanIds(_ bytes: [UInt8]) throws(HourDecodingError) -> [UInt64] {
        try bytes.withUnsafeBufferPointer { (b) throws(HourDecodingError) in try scanIds(b) }
    }

    /// `decodeWithRows(_:appendix:hourLabel:)` of bytes in memory.
    public func decodeWithRows(_ bytes: [UInt8], appendix: AppendixRows, hourLabel: [UInt8]) throws(HourDecodingError) -> (records: HourRecords, rows: HourRows) {
        try bytes.withUnsafeBufferPointer { (b) throws(HourDecodingError) in try decodeWithRows(b, appendix: appendix, hourLabel: hourLabel) }
    }
}

/// Why the bytes of an hour file could not be read as an hour of records.
public enum HourDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not valid JSON; `offset` is the byte where reading stopped, when known.
    case invalidJSON(offset: Int?, reason: String)
    /// Valid JSON, but not an object with a `data` array (`{"data": null}`, a top-level array).
    case noDataArray(found: String)

    public var description: String {
        switch self {
        case .invalidJSON(let offset?, let reason): return "invalid JSON at byte \(offset): \(reason)"
        case .invalidJSON(nil, let reason): return "invalid JSON: \(reason)"
        case .noDataArray(let found): return "not an object with a \"data\" array (found \(found))"
        }
    }
}

/// The decoder the pipeline uses unless told otherwise (``FoundationHourDecoder`` is the slow
/// reference it is tested against).
public enum HourDecoders {
    /// The default for reports: the single-pass byte reader, ``FastHourDecoder``.
    public static var standard: any HourDecoder { FastHourDecoder() }
}
