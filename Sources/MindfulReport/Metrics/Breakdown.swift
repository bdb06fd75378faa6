/// The ways the report breaks attempts down besides call target.
public enum Dimension: Int, Sendable, CaseIterable {
    /// `segmentName` (null: "No segment").
    case segment
    /// `type`: asap, scheduled, unknown (anything else, or null).
    case type
    /// From `source`: `CBWidget:` = widget, `Phone:` or digits = phone, else other.
    case channel
    /// `firstPartyCalled` as sent (null: "Not recorded").
    case firstPartyCalled

    public var title: String {
        switch self {
        case .segment: return "Segment"
        case .type: return "Callback type"
        case .channel: return "Channel"
        case .firstPartyCalled: return "First party called"
        }
    }

    public static let noSegment = "No segment"
    public static let notRecorded = "Not recorded"

    /// `CBWidget:` = widget; `Phone:` or a leading digit or `+` digit = phone; else other. The
    /// prefixes are compared byte for byte (not as Unicode characters, which would let a
    /// combining mark after the colon hide the prefix).
    public static func channel(of source: String?) -> String {
        DimensionTables.channelValues[Int(DimensionTables.channelCode(source))]
    }
}

/// Values of each dimension interned to small integers, so per-request state stays small.
/// Past `limit` distinct values of one dimension, further values share one "(other values)"
/// entry, so hostile data cannot grow memory without bound.
public struct DimensionTables: Sendable {
    static let limit = 2000
    public static let overflow = "(other values)"
    private(set) var names: [[String]] = Array(repeating: [], count: Dimension.allCases.count)
    private var index: [[ExactKey: Int32]] = Array(repeating: [:], count: Dimension.allCases.count)

    /// Type and channel have fixed values, interned in this order from the start so a record's
    /// code needs no lookup.
    static let typeValues = ["asap", "scheduled", "unknown"]
    static let channelValues = ["widget", "phone", "other"]

    init() {
        for v in Self.typeValues { _ = intern(v, in: .type) }
        for v in Self.channelValues { _ = intern(v, in: .channel) }
    }

    /// ``RecordKeys/channelCode(ofSource:)`` of a `source` (null: other).
    @inline(__always)
    static func channelCode(_ source: String?) -> Int32 { RecordKeys.channelCode(ofSource: source) }

    mutating func intern(_ value: String, in dimension: Dimension) -> Int32 {
        let d = dimension.rawValue
        let key = ExactKey(value)
        if let i = index[d][key] { return i }
        if names[d].count >= Self.limit { return intern(Self.overflow, overflowIn: d) }
        let i = Int32(names[d].count)
        names[d].append(value)
        index[d][key] = i
        return i
    }

    private mutating func intern(_ value: String, overflowIn d: Int) -> Int32 {
        let key = ExactKey(value)
        if let i = index[d][key] { return i }
        let i = Int32(names[d].count)
        names[d].append(value)
        index[d][key] = i
        return i
    }

    /// The value numbered `i` in `dimension`.
    public func name(_ i: Int32, in dimension: Dimension) -> String { names[dimension.rawValue][Int(i)] }
    /// How many values `dimension` has.
    public func count(in dimension: Dimension) -> Int { names[dimension.rawValue].count }
}

/// The interned dimension values of one record (at most ``DimensionTables/limit`` + 1 values
/// each, so 16 bits hold them).
struct RecordDimensions: Sendable, Equatable {
    var segment: UInt16
    var type: UInt16
    var channel: UInt16
    var firstPartyCalled: UInt16

    init(_ segment: Int32, _ type: Int32, _ channel: Int32, _ firstPartyCalled: Int32) {
        self.segment = UInt16(segment)
        self.type = UInt16(type)
        self.channel = UInt16(channel)
        self.firstPartyCalled = UInt16(firstPartyCalled)
    }

    subscript(_ d: Dimension) -> Int32 {
        switch d {
        case .segment: return Int32(segment)
        case .type: return Int32(type)
        case .channel: return Int32(channel)
        case .firstPartyCalled: return Int32(firstPartyCalled)
        }
    }
}
