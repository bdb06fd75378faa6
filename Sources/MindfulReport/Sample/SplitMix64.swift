import Foundation

/// A small, fast, seedable pseudo-random generator (Steele, Lea and Flood's SplitMix64), so that
/// sample data (and the tests' generated bodies) are the same on every machine and every run for
/// the same seed.
///
/// Not for anything security-related.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose first value is the finaliser of `state` plus the golden-ratio step.
    init(state: UInt64) { self.state = state }

    /// A generator for one independent stream, keyed by a seed and up to three numbers.
    init(seed: UInt64, _ a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0) {
        var h = SplitMix64.mix(seed &+ 0x9E37_79B9_7F4A_7C15)
        h = SplitMix64.mix((h ^ a) &+ 0x632B_E59B_D9B4_E019)
        h = SplitMix64.mix((h ^ b) &+ 0xD1B5_4A32_D192_ED03)
        h = SplitMix64.mix((h ^ c) &+ 0x8CB9_2BA7_2F3D_8DD7)
        state = h
    }

    /// The SplitMix64 finaliser: a bijection on `UInt64` that scatters its input's bits.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next value of the stream.
    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// A uniform integer in `0..<n` (`n` > 0), by Lemire's multiply-high (a negligible bias is fine
    /// for sample data).
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A uniform integer in `lo...hi`.
    @inline(__always)
    mutating func int(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }

    /// A uniform double in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// True with probability `perMille` / 1000.
    @inline(__always)
    mutating func perMille(_ perMille: Int) -> Bool { below(1000) < perMille }

    /// An index drawn from weights given in per mille (they must sum to 1000).
    @inline(__always)
    mutating func pick(_ weights: [Int]) -> Int {
        var r = below(1000)
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    /// An exponentially distributed value with the given mean.
    @inline(__always)
    mutating func exponential(mean: Double) -> Double { -mean * log(1 - unit()) }
}
