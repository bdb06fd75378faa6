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
    /// Reads the records of one hour body. The bytes are borrowed for the call (the cache lends a
    /// mapping of the file); nothing returned may refer to them.
    func decode(_ bytes: Span<UInt8>) throws(HourDecodingError) -> HourRecords
    /// The fingerprint of each record's `id` (``Fingerprint/value``; 0 for a null, absent or
    /// wrong-typed id) in file order; throws exactly when `decode(_:)` does.
    func scanIds(_ bytes: Span<UInt8>) throws(HourDecodingError) -> [UInt64]
    /// The records with every record's appendix row (what `appendix.rows(of:hourLabel:)` makes);
    /// a reader may leave out fields only the rows need, and every string field when it gives
    /// ``HourRecords/keys``. Throws exactly when `decode(_:)` does.
    func decodeWithRows(_ bytes: Span<UInt8>, appendix: AppendixRows, hourLabel: [UInt8]) throws(HourDecodingError) -> (records: HourRecords, rows: HourRows)
}

extension HourDecoder {
    /// Decodes the records, then makes the appendix rows from them.
    public func decodeWithRows(_ bytes: Span<UInt8>, appendix: AppendixRows, hourLabel: [UInt8]) throws(HourDecodingError) -> (records: HourRecords, rows: HourRows) {
        let records = try decode(bytes)
        return (records, appendix.rows(of: records, hourLabel: hourLabel))
    }

    /// The fingerprints of the hour's record ids (0 for none), by a full decode.
    public func scanIds(_ bytes: Span<UInt8>) throws(HourDecodingError) -> [UInt64] {
        try decode(bytes).records.map { $0.id.map { Fingerprint($0).value } ?? 0 }
    }

    /// `decode(_:)` of bytes in memory.
    public func decode(_ bytes: [UInt8]) throws(HourDecodingError) -> HourRecords {
        try decode(bytes.span)
    }

    /// `scanIds(_:)` of bytes in memory.
    public func scanIds(_ bytes: [UInt8]) throws(HourDecodingError) -> [UInt64] {
        try scanIds(bytes.span)
    }

    /// `decodeWithRows(_:appendix:hourLabel:)` of bytes in memory.
    public func decodeWithRows(_ bytes: [UInt8], appendix: AppendixRows, hourLabel: [UInt8]) throws(HourDecodingError) -> (records: HourRecords, rows: HourRows) {
        try decodeWithRows(bytes.span, appendix: appendix, hourLabel: hourLabel)
    }
}

/// The single-pass byte reader of MindfulJSON, whose fused rows mask phone numbers exactly when
/// the appendix does.
extension FastHourDecoder: HourDecoder {
    /// The records and their appendix rows in one pass over the bytes.
    public func decodeWithRows(_ bytes: Span<UInt8>, appendix: AppendixRows, hourLabel: [UInt8]) throws(HourDecodingError) -> (records: HourRecords, rows: HourRows) {
        try decodeWithRows(bytes, maskingPhones: appendix.piiMode == .masked, hourLabel: hourLabel)
    }
}

/// The decoder the pipeline uses unless told otherwise (``FoundationHourDecoder`` is the slow
/// reference it is tested against).
public enum HourDecoders {
    /// The default for reports: the single-pass byte reader, ``FastHourDecoder``.
    public static var standard: any HourDecoder { FastHourDecoder() }
}
