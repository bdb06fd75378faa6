/// A 128-bit fingerprint of a string's exact UTF-8 bytes, standing in for record and request ids
/// in the sets that must hold one entry per id, so memory stays small (16 bytes an id). Two
/// independent seeded SipHash values: a collision among a billion ids has odds near 1e-20.
public struct Fingerprint: Hashable, Sendable {
    let a: UInt64
    let b: UInt64

    public init(_ string: String) {
        var s = string
        var h1 = Hasher(), h2 = Hasher()
        h2.combine(0x9E37_79B9_7F4A_7C15 as UInt64)
        s.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            h1.combine(bytes: raw)
            h2.combine(bytes: raw)
        }
        h1.combine(s.utf8.count)
        a = UInt64(bitPattern: Int64(h1.finalize()))
        b = UInt64(bitPattern: Int64(h2.finalize()))
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(a) }
}
