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
