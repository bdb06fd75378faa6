/// Numbers as text without Foundation's formatting: fixed decimals (`%.Nf`), significant
/// digits (`%.Ng`), zero-padded and hexadecimal integers (`%0Nd`, `%0Nx`). A double is rounded
/// as C's `printf` rounds it: the exact binary value, half to even. So the text is byte for byte
/// what `String(format:)` writes, including `-0.0`, `nan`, `-nan`, `inf` and `-inf`.
public enum NumberText {
    /// `v` with exactly `places` decimals, as `String(format: "%.<places>f", v)`.
    public static func fixed(_ v: Double, places: Int) -> String {
        precondition(places >= 0, "places must not be negative")
        guard v.isFinite else { return nonFinite(v) }
        if let q = scaled(v.magnitude, places) { return text(q, places: places, negative: v.sign == .minus, trimmed: false) }
        var d = ExactDecimal(v.magnitude)
        d.round(keeping: d.point + places)
        return d.fixedText(places: places, negative: v.sign == .minus, trimmed: false)
    }

    /// `v` rounded to at most `places` decimals, trailing zeros (and a bare point) removed, and
    /// never `-0`: `83.25`, `12.5`, `40`. Only for finite values.
    public static func trimmed(_ v: Double, places: Int) -> String {
        precondition(places >= 0 && v.isFinite, "a finite value and places not negative")
        if let q = scaled(v.magnitude, places) { return text(q, places: places, negative: v.sign == .minus && q != 0, trimmed: true) }
        var d = ExactDecimal(v.magnitude)
        d.round(keeping: d.point + places)
        return d.fixedText(places: places, negative: v.sign == .minus && !d.digits.isEmpty, trimmed: true)
    }

    /// `v` with at most `significant` significant digits, as `String(format: "%.<n>g", v)`:
    /// plain decimals for exponents from -4 to below `significant`, else `1.5e-07`; trailing
    /// zeros removed.
    public static func general(_ v: Double, significant: Int) -> String {
        guard v.isFinite else { return nonFinite(v) }
        let precision = max(significant, 1)
        let sign = v.sign == .minus ? "-" : ""
        var d = ExactDecimal(v.magnitude)
        guard !d.digits.isEmpty else { return sign + "0" }
        d.round(keeping: precision)
        let exponent = d.point - 1
        if exponent >= -4 && exponent < precision {
            return d.fixedText(places: precision - 1 - exponent, negative: v.sign == .minus, trimmed: true)
        }
        var mantissa: [UInt8] = [48 + d.digit(0)]
        var fraction: [UInt8] = (1..<precision).map { 48 + d.digit($0) }
        while fraction.last == 48 { fraction.removeLast() }
        if !fraction.isEmpty { mantissa.append(UInt8(ascii: ".")); mantissa += fraction }
        let e = exponent.magnitude
        return sign + String(decoding: mantissa, as: UTF8.self) + (exponent < 0 ? "e-" : "e+") + (e < 10 ? "0" : "") + String(e)
    }

    /// `n` in decimal with at least `width` characters, zeros after the sign, as `%0<width>d`.
    public static func padded(_ n: Int, width: Int) -> String {
        let digits = String(n.magnitude)
        let zeros = width - digits.utf8.count - (n < 0 ? 1 : 0)
        return (n < 0 ? "-" : "") + (zeros > 0 ? String(repeating: "0", count: zeros) : "") + digits
    }

    /// Appends `n` in decimal (as `%d`) to `out`, without making a string.
    static func appendDecimal(_ n: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var rest = n.magnitude
        var divisor: UInt = 1
        while divisor <= rest / 10 { divisor *= 10 }
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        } while divisor > 0
    }

    /// `n` (not negative) in hexadecimal with at least `width` digits, as `%0<width>x` (or
    /// `%0<width>X` when `uppercase`).
    public static func hex(_ n: Int, width: Int, uppercase: Bool = false) -> String {
        precondition(n >= 0, "hex of a negative number")
        let digits = String(n, radix: 16, uppercase: uppercase)
        let zeros = width - digits.utf8.count
        return (zeros > 0 ? String(repeating: "0", count: zeros) : "") + digits
    }

    /// `#rrggbb` of a colour 0xrrggbb (its lowest 24 bits).
    public static func hexColour(_ rgb: Int) -> String {
        // Seven bytes: a small string, made without allocating.
        String(unsafeUninitializedCapacity: 7) { out in
            out[0] = UInt8(ascii: "#")
            for i in 1...6 {
                let digit = UInt8(truncatingIfNeeded: (rgb >> (24 - 4 * i)) & 0xf)
                out[i] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
            }
            return 7
        }
    }

    /// `nan`, `-nan`, `inf`, `-inf`, as glibc writes them.
    static func nonFinite(_ v: Double) -> String {
        (v.sign == .minus ? "-" : "") + (v.isNaN ? "nan" : "inf")
    }

    /// 5^0 ... 5^27 (5^27 < 2^63).
    static let powersOfFive: [UInt64] = {
        var p: [UInt64] = [1]
        for _ in 1...27 { p.append(p.last! * 5) }
        return p
    }()

    /// `a × 10^places` (a finite, not negative) rounded half to even, when it can be computed
    /// exactly in 128 bits; `nil` otherwise (very large values, many places).
    static func scaled(_ a: Double, _ places: Int) -> UInt128? {
        guard places <= 27 else { return nil }
        if a == 0 { return 0 }
        let (m, e) = ExactDecimal.parts(a)
        // a × 10^p = m × 5^p × 2^(e + p); m < 2^53 and 5^p < 2^63, so the product fits.
        let n = UInt128(m) * UInt128(powersOfFive[places])
        let shift = e + places
        if shift >= 0 {
            guard shift <= n.leadingZeroBitCount else { return nil }
            return n << shift
        }
        let s = -shift
        if s >= 128 { return 0 }  // n < 2^116: below 2^-12, rounds to 0
        let q = n >> s
        let rest = n & ((1 << s) - 1)
        let half: UInt128 = 1 << (s - 1)
        return rest > half || (rest == half && q & 1 == 1) ? q + 1 : q
    }

    /// The text of `q / 10^places`: at least one digit before the point; with `trimmed`,
    /// trailing zeros of the fraction and a bare point dropped.
    static func text(_ q: UInt128, places: Int, negative: Bool, trimmed: Bool) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: places + 44) { buffer in
            var i = buffer.count
            var low = q
            var written = 0
            var keepZeros = !trimmed
            func put(_ byte: UInt8) { i -= 1; buffer[i] = byte }
            func digit(_ d: UInt8) {
                if written < places && !keepZeros && d == 0 {
                    written += 1
                    return
                }
                if written < places { keepZeros = true }
                put(48 + d)
                written += 1
                if written == places && keepZeros { put(UInt8(ascii: ".")) }
            }
            while low > UInt128(UInt64.max) {
                let (next, d) = low.quotientAndRemainder(dividingBy: 10)
                digit(UInt8(d))
                low = next
            }
            var small = UInt64(low)
            repeat {
                let (next, d) = small.quotientAndRemainder(dividingBy: 10)
                digit(UInt8(d))
                small = next
            } while small != 0
            while written <= places { digit(0) }
            if negative { put(UInt8(ascii: "-")) }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[i...]), as: UTF8.self)
        }
    }
}

/// The exact decimal expansion of a finite, non-negative double (every double has one): its
/// digits, most significant first, and where the point goes. The slow path of ``NumberText``,
/// for values too large or small for 128-bit arithmetic.
struct ExactDecimal {
    /// The digits 0...9, no leading zero; empty for zero.
    var digits: [UInt8]
    /// How many digits come before the point (zero or negative: the value is below 0.1).
    var point: Int

    /// The significand and binary exponent: a = m × 2^e.
    static func parts(_ a: Double) -> (m: UInt64, e: Int) {
        a.exponentBitPattern == 0
            ? (a.significandBitPattern, -1074)
            : (a.significandBitPattern | 1 << 52, Int(a.exponentBitPattern) - 1075)
    }

    init(_ a: Double) {
        let (m, e) = Self.parts(a)
        // Base 10^9 limbs, least significant first.
        var limbs: [UInt64] = [m % 1_000_000_000, (m / 1_000_000_000) % 1_000_000_000, m / 1_000_000_000_000_000_000]
        func multiply(by factor: UInt64) {
            var carry: UInt64 = 0
            for i in limbs.indices {
                let v = limbs[i] * factor + carry
                limbs[i] = v % 1_000_000_000
                carry = v / 1_000_000_000
            }
            while carry > 0 { limbs.append(carry % 1_000_000_000); carry /= 1_000_000_000 }
        }
        // m × 2^e is an integer when e ≥ 0; else a = m × 5^-e / 10^-e.
        var left = e.magnitude
        let (chunk, factor): (UInt, UInt64) = e >= 0 ? (29, 1 << 29) : (13, 1_220_703_125)
        while left >= chunk { multiply(by: factor); left -= chunk }
        if left > 0 { multiply(by: e >= 0 ? 1 << UInt64(left) : NumberText.powersOfFive[Int(left)]) }
        while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
        var out: [UInt8] = []
        for (i, limb) in limbs.enumerated().reversed() {
            var chunkDigits = [UInt8](repeating: 0, count: 9)
            var v = limb
            for j in stride(from: 8, through: 0, by: -1) { chunkDigits[j] = UInt8(v % 10); v /= 10 }
            out += i == limbs.count - 1 ? Array(chunkDigits.drop { $0 == 0 }) : chunkDigits
        }
        digits = out
        point = out.count - (e < 0 ? Int(e.magnitude) : 0)
    }

    /// The digit at `index` (0 is the first); zero outside the digits.
    func digit(_ index: Int) -> UInt8 { index >= 0 && index < digits.count ? digits[index] : 0 }

    /// Rounds half to even to the first `keep` digits (zero or fewer: to zero or one unit of
    /// that place). A carry into a new digit moves the point.
    mutating func round(keeping keep: Int) {
        guard keep < digits.count else { return }
        guard keep >= 0 else { digits = []; return }  // below a tenth of the last place kept
        let first = digits[keep]
        let restNonZero = digits[(keep + 1)...].contains { $0 != 0 }
        let previousOdd = keep > 0 && digits[keep - 1] % 2 == 1
        let up = first > 5 || (first == 5 && (restNonZero || previousOdd))
        digits.removeLast(digits.count - keep)
        guard up else { return }
        var i = keep - 1
        while i >= 0 && digits[i] == 9 { digits[i] = 0; i -= 1 }
        if i >= 0 { digits[i] += 1 } else { digits.insert(1, at: 0); point += 1 }
    }

    /// The rounded value with `places` decimals (see ``NumberText/text(_:places:negative:trimmed:)``).
    func fixedText(places: Int, negative: Bool, trimmed: Bool) -> String {
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        if point <= 0 { out.append(48) } else { for i in 0..<point { out.append(48 + digit(i)) } }
        var fraction = (0..<places).map { 48 + digit(point + $0) }
        if trimmed { while fraction.last == 48 { fraction.removeLast() } }
        if !fraction.isEmpty { out.append(UInt8(ascii: ".")); out += fraction }
        return String(decoding: out, as: UTF8.self)
    }
}
