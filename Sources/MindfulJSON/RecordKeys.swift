import Foundation

/// What the metrics read of a record's string fields, as numbers: its request key, its channel
/// and type, and the numbers of its call target, target name, outcome, segment and first party
/// in the hour's ``HourValues``. The fused reader works them out from the bytes, so it never
/// makes `String`s of a record; for whole records they are worked out from the fields, with the
/// same code (``HourKeysBuilder``).
public struct RecordKeys: Sendable, Equatable {
    /// The ``Fingerprint`` value of the request key: `originalId` when non-empty, else `id`
    /// when non-empty; 0 when neither (a request of its own).
    public var request: UInt64
    /// The channel of `source` (``RecordKeys/channelCode(ofSource:)``: 0 widget, 1 phone, 2 other).
    public var channel: Int32
    /// `type`: 0 asap, 1 scheduled, 2 anything else or null.
    public var type: Int32
    /// `callTargetId` (null counts as ""), in ``HourValues/targets``.
    public var target: Int32
    /// A non-empty `callTargetName` in ``HourValues/targetNames``; -1 when null or empty.
    public var targetName: Int32
    /// `outcome` in ``HourValues/outcomes``; null, empty or not a string counts as "Unknown".
    public var outcome: Int32
    /// `segmentName` in ``HourValues/segments``; null or empty counts as "No segment".
    public var segment: Int32
    /// `firstPartyCalled` in ``HourValues/parties``; null or empty counts as "Not recorded".
    public var party: Int32
}

extension RecordKeys {
    /// The channel code of a `source` value (null: other): 0 widget (`CBWidget:`), 1 phone
    /// (`Phone:`, or a leading digit or `+` digit), 2 other.
    public static func channelCode(ofSource source: String?) -> Int32 {
        guard var source else { return 2 }
        return source.withUTF8 { HourKeysBuilder.channelCode($0) }
    }
}

/// The distinct values that an hour's ``RecordKeys`` number, each list in the order the
/// values first occur.
public struct HourValues: Sendable, Equatable {
    public var targets: [String] = []
    public var targetNames: [String] = []
    public var outcomes: [String] = []
    public var segments: [String] = []
    public var parties: [String] = []
}

/// Each record's ``RecordKeys`` (in file order) and the values they number.
public struct HourKeys: Sendable, Equatable {
    public var records: [RecordKeys] = []
    public var values = HourValues()

    /// The keys of whole records.
    public init(_ records: [CallRecord]) {
        var builder = HourKeysBuilder()
        for r in records { self.records.append(builder.keys(of: r)) }
        values = builder.values
    }

    init(records: [RecordKeys], values: HourValues) {
        self.records = records
        self.values = values
    }
}

/// Numbers the string values of an hour's records from their UTF-8 bytes, by exact bytes, in
/// the order they first occur; the one place where nulls and empty strings get their
/// report values ("Unknown", "No segment", "Not recorded", and "" for a missing target).
struct HourKeysBuilder {
    private var targets = ByteInterner()
    private var targetNames = ByteInterner()
    private var outcomes = ByteInterner()
    private var segments = ByteInterner()
    private var parties = ByteInterner()

    var values: HourValues {
        HourValues(targets: targets.values, targetNames: targetNames.values, outcomes: outcomes.values,
                   segments: segments.values, parties: parties.values)
    }

    @inline(__always) mutating func target(_ b: UnsafeBufferPointer<UInt8>?) -> Int32 { targets.intern(b ?? Self.empty) }
    @inline(__always) mutating func targetName(_ b: UnsafeBufferPointer<UInt8>?) -> Int32 {
        guard let b, !b.isEmpty else { return -1 }
        return targetNames.intern(b)
    }
    @inline(__always) mutating func outcome(_ b: UnsafeBufferPointer<UInt8>?) -> Int32 { outcomes.intern(Self.nonEmpty(b, else: Self.unknown)) }
    @inline(__always) mutating func segment(_ b: UnsafeBufferPointer<UInt8>?) -> Int32 { segments.intern(Self.nonEmpty(b, else: Self.noSegment)) }
    @inline(__always) mutating func party(_ b: UnsafeBufferPointer<UInt8>?) -> Int32 { parties.intern(Self.nonEmpty(b, else: Self.notRecorded)) }

    /// The request key's fingerprint from the bytes of `originalId` and `id`: `originalId` when
    /// non-empty, else `id` when non-empty, else 0 (a request of its own; a fingerprint is never 0).
    static func requestKey(originalId: UnsafeBufferPointer<UInt8>?, id: UnsafeBufferPointer<UInt8>?) -> UInt64 {
        if let originalId, !originalId.isEmpty { return Fingerprint(utf8: originalId).value }
        if let id, !id.isEmpty { return Fingerprint(utf8: id).value }
        return 0
    }

    /// The channel of `source`'s UTF-8 bytes (null: other), as an index in the channel values:
    /// `CBWidget:` = 0 widget; `Phone:` or a leading digit or `+` digit = 1 phone; else 2 other.
    /// The prefixes are compared byte for byte (not as Unicode characters, which would let a
    /// combining mark after the colon hide the prefix).
    @inline(__always)
    static func channelCode(_ source: UnsafeBufferPointer<UInt8>?) -> Int32 {
        guard let b = source else { return 2 }
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
        @inline(__always) func starts(with prefix: StaticString) -> Bool {
            let n = prefix.utf8CodeUnitCount
            guard b.count >= n else { return false }
            for i in 0..<n where b[i] != prefix.utf8Start[i] { return false }
            return true
        }
        if starts(with: "CBWidget:") { return 0 }
        if starts(with: "Phone:") { return 1 }
        if let first = b.first {
            if isDigit(first) { return 1 }
            if first == UInt8(ascii: "+"), b.count > 1, isDigit(b[1]) { return 1 }
        }
        return 2
    }

    /// `type`'s code: its bytes are exactly `asap` (0) or `scheduled` (1), else 2.
    static func typeCode(_ b: UnsafeBufferPointer<UInt8>?) -> Int32 {
        guard let b else { return 2 }
        if ByteInterner.equal(b, staticBytes("asap")) { return 0 }
        if ByteInterner.equal(b, staticBytes("scheduled")) { return 1 }
        return 2
    }

    /// The keys of a whole record, from the bytes of its `String`s.
    mutating func keys(of r: borrowing CallRecord) -> RecordKeys {
        RecordKeys(request: Self.withBytes(r.originalId) { o in Self.withBytes(r.id) { Self.requestKey(originalId: o, id: $0) } },
                   channel: Self.withBytes(r.source) { Self.channelCode($0) },
                   type: Self.withBytes(r.type) { Self.typeCode($0) },
                   target: Self.withBytes(r.callTargetId) { target($0) },
                   targetName: Self.withBytes(r.callTargetName) { targetName($0) },
                   outcome: Self.withBytes(r.outcome) { outcome($0) },
                   segment: Self.withBytes(r.segmentName) { segment($0) },
                   party: Self.withBytes(r.firstPartyCalled) { party($0) })
    }

    private static func withBytes<R>(_ s: String?, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        guard var s else { return body(nil) }
        return s.withUTF8 { body($0) }
    }

    private static func nonEmpty(_ b: UnsafeBufferPointer<UInt8>?, else fallback: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let b, !b.isEmpty else { return fallback }
        return b
    }

    private static func staticBytes(_ s: StaticString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)
    }
    // StaticString bytes live for the whole program.
    private static var empty: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: nil, count: 0) }
    private static var unknown: UnsafeBufferPointer<UInt8> { staticBytes("Unknown") }
    private static var noSegment: UnsafeBufferPointer<UInt8> { staticBytes("No segment") }
    private static var notRecorded: UnsafeBufferPointer<UInt8> { staticBytes("Not recorded") }
}

/// Byte strings numbered in the order they first occur, by exact bytes; each distinct value
/// becomes a `String` once. A value is first compared by its length and first eight bytes
/// (most values are short), with the last one found and then the others; past a handful of
/// values, through a table by fingerprint.
struct ByteInterner {
    private(set) var values: [String] = []
    private var bytes: [[UInt8]] = []
    /// Per value, its length and first eight bytes (zero-padded): a quick filter.
    private var heads: [Head] = []
    private var byFingerprint: [UInt64: [Int32]] = [:]
    private var last: Int32 = -1
    static let scanLimit = 16

    private struct Head: Equatable {
        var count: Int
        var prefix: UInt64

        @inline(__always)
        init(_ b: UnsafeBufferPointer<UInt8>) {
            count = b.count
            if b.count >= 8 {
                prefix = UnsafeRawPointer(b.baseAddress!).loadUnaligned(as: UInt64.self)
            } else {
                var p: UInt64 = 0
                for i in 0..<b.count { p |= UInt64(b[i]) << (8 &* UInt64(i)) }
                prefix = p
            }
        }
    }

    @inline(__always)
    mutating func intern(_ b: UnsafeBufferPointer<UInt8>) -> Int32 {
        let head = Head(b)
        if last >= 0 && heads[Int(last)] == head && (head.count <= 8 || Self.equal(bytes[Int(last)], b)) { return last }
        return internSlowly(b, head)
    }

    @inline(never)
    private mutating func internSlowly(_ b: UnsafeBufferPointer<UInt8>, _ head: Head) -> Int32 {
        if bytes.count <= Self.scanLimit {
            for i in heads.indices where heads[i] == head && (head.count <= 8 || Self.equal(bytes[i], b)) {
                last = Int32(i)
                return last
            }
        } else if let candidates = byFingerprint[Fingerprint(utf8: b).value] {
            for i in candidates where Self.equal(bytes[Int(i)], b) {
                last = i
                return i
            }
        }
        let i = Int32(bytes.count)
        bytes.append(Array(b))
        heads.append(head)
        values.append(String(decoding: b, as: UTF8.self))
        if bytes.count == Self.scanLimit + 1 {
            for (j, v) in bytes.enumerated() { v.withUnsafeBufferPointer { byFingerprint[Fingerprint(utf8: $0).value, default: []].append(Int32(j)) } }
        } else if bytes.count > Self.scanLimit + 1 {
            byFingerprint[Fingerprint(utf8: b).value, default: []].append(i)
        }
        last = i
        return i
    }

    @inline(__always)
    private static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.withUnsafeBufferPointer { equal($0, b) }
    }

    /// Whether two byte strings are the same.
    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }
}
