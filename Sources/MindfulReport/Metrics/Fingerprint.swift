/// A 64-bit fingerprint of a string's exact UTF-8 bytes, standing in for record and request ids
/// in the sets that must hold one entry per id, so memory stays small (8 bytes an id). Seeded
/// SipHash: the odds that two of a million distinct ids share one are about 3 in 100 million.
public struct Fingerprint: Hashable, Sendable {
    let value: UInt64

    public init(_ string: String) {
        var s = string
        var h = Hasher()
        s.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
        h.combine(s.utf8.count)
        value = UInt64(bitPattern: Int64(h.finalize()))
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
