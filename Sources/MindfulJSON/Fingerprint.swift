/// A 64-bit fingerprint of a string's exact UTF-8 bytes, standing in for record ids and request
/// keys wherever one entry per id is kept (the duplicate check, the request partitions), so an id
/// costs 8 bytes. A multiply-mix hash over 8-byte words with a per-process random seed (so crafted
/// ids cannot aim at collisions): the odds that two of a million distinct ids share a fingerprint
/// are about 3 in 100 million. Never 0, so 0 can mean "no id" in compact tables.
public struct Fingerprint: Hashable, Sendable, Comparable {
    /// The 64 bits; never 0.
    public let value: UInt64

    /// The process-wide seed.
    static let seed: UInt64 = UInt64.random(in: 1...UInt64.max)

    /// The fingerprint of a string's UTF-8 bytes.
    public init(_ string: String) {
        var s = string
        self = s.withUTF8 { Fingerprint(utf8: $0) }
    }

    /// The fingerprint of UTF-8 bytes (equal to that of the `String` they spell).
    public init(utf8 bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { Fingerprint(utf8: $0) }
    }

    /// The fingerprint of UTF-8 bytes that the reader lends.
    init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        let k1: UInt64 = 0x9E37_79B9_7F4A_7C15, k2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var h = Self.seed ^ (UInt64(bytes.count) &* k2)
        var i = 0
        let n = bytes.count
        if n > 0 {
            let raw = UnsafeRawPointer(bytes.baseAddress!)
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                h = (h ^ (w &* k1)).rotateLeft(31) &* k2
                i += 8
            }
            if i < n {
                var w: UInt64 = 0
                var shift: UInt64 = 0
                while i < n {
                    w |= UInt64(bytes[i]) << shift
                    shift += 8
                    i += 1
                }
                h = (h ^ (w &* k1)).rotateLeft(31) &* k2
            }
        }
        // fmix64 (MurmurHash3's finaliser).
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        value = h == 0 ? 1 : h
    }

    init(value: UInt64) { self.value = value }

    /// Ordered by value.
    public static func < (a: Fingerprint, b: Fingerprint) -> Bool { a.value < b.value }

    /// Hashes the value `==` compares.
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

extension UInt64 {
    @inline(__always) func rotateLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
