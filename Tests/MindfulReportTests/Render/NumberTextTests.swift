import Foundation
import Testing
@testable import MindfulReport

extension Tag {
    /// How numbers and dates are written as text.
    @Tag static var formatting: Self
}

/// ``NumberText`` writes what `String(format:)` (C's `printf`) writes, byte for byte: the pages,
/// charts and CSVs did use `String(format:)`, and their bytes must not change.
@Suite(.tags(.formatting)) struct NumberTextTests {
    /// Halves that round to even, values just beside a half, signed zeros, subnormals, the
    /// largest doubles, powers of ten, integers past 2^53, NaN and the infinities.
    static let edgeCases: [Double] = [
        0, -0.0, 0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 0.25, 0.75, 0.125, 0.375, 0.0625,
        0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 1.005, 2.675, 9.995, 9.9995, 99.95, 999.5, 0.000049999, 0.00005,
        -0.01, -0.04, -0.05, -0.06, 1e-4, 1e-5, 0.00012345, 123.456, 1234567890.5, 12345678901.0, 4503599627370496.5,
        9007199254740992, 9007199254740994, 1e15, 1e16, 1e21, 1e22, 1e23, 1e100, -1e100, 1e-100, 1e-300, -1e-300,
        Double.leastNonzeroMagnitude, Double.leastNormalMagnitude, Double.greatestFiniteMagnitude,
        -Double.greatestFiniteMagnitude, .nan, -Double.nan, .infinity, -.infinity, 0.1 + 0.2, 1.0 / 3, 2.0 / 3,
    ]

    /// The edge cases, then values of every kind: random bit patterns, ordinary figures, exact
    /// halves at the third place, binary fractions and numbers over 60 orders of magnitude.
    static var values: [Double] {
        var rng = SplitMix64(state: 0x0F0_4AA7)
        var out = edgeCases
        for _ in 0..<2_000 {
            out.append(Double(bitPattern: rng.next()))
            out.append(Double.random(in: -1_000...1_000, using: &rng))
            out.append(Double(Int.random(in: -100_000...100_000, using: &rng)) / 1_000 + 0.0005)
            out.append(Double(Int.random(in: 0...100_000, using: &rng)) / 8)
            out.append(Double.random(in: 0...1, using: &rng) * pow(10, Double(Int.random(in: -30...30, using: &rng))))
        }
        return out
    }

    @Test func fixedDecimalsAreWhatPrintfWrites() {
        for v in Self.values {
            for places in [0, 1, 2, 3, 4, 10, 20, 30] {
                #expect(NumberText.fixed(v, places: places) == String(format: "%.\(places)f", v), "\(v.bitPattern) places \(places)")
            }
        }
    }

    @Test func significantDigitsAreWhatPrintfWrites() {
        for v in Self.values {
            for digits in [1, 3, 10, 17] {
                #expect(NumberText.general(v, significant: digits) == String(format: "%.\(digits)g", v), "\(v.bitPattern) digits \(digits)")
            }
        }
    }

    /// `trimmed` is `%.Nf` without trailing zeros or a bare point, and never `-0`.
    @Test func trimmedDropsZerosAndTheSignOfZero() {
        for v in Self.values where v.isFinite {
            for places in [0, 1, 2, 4] {
                var s = String(format: "%.\(places)f", v)
                if s.contains(".") {
                    while s.hasSuffix("0") { s.removeLast() }
                    if s.hasSuffix(".") { s.removeLast() }
                }
                if s == "-0" { s = "0" }
                #expect(NumberText.trimmed(v, places: places) == s, "\(v.bitPattern) places \(places)")
            }
        }
        #expect(NumberText.trimmed(-0.004, places: 2) == "0")
        #expect(NumberText.trimmed(83.2500001, places: 2) == "83.25")
    }

    @Test func paddedAndHexIntegersAreWhatPrintfWrites() {
        for n in -1_100...1_100 {
            #expect(NumberText.padded(n, width: 2) == String(format: "%02d", n))
            #expect(NumberText.padded(n, width: 4) == String(format: "%04d", n))
        }
        #expect(NumberText.padded(Int.min, width: 4) == "\(Int.min)")
        for n in 0...300 {
            #expect(NumberText.hex(n, width: 2) == String(format: "%02x", n))
            #expect(NumberText.hex(n, width: 2, uppercase: true) == String(format: "%02X", n))
        }
        for rgb in [0, 0x0f, 0xf4f5f7, 0x163a96, 0xe8effc, 0xffffff] + (0..<500).map({ $0 * 33_554 }) {
            #expect(NumberText.hexColour(rgb) == String(format: "#%06x", rgb))
        }
    }
}
