import Foundation

/// Count, mean and sum of squared deviations (M2) of a stream of values, kept in one pass without
/// holding the values: Welford's update for one value, Chan et al.'s formula to merge two
/// accumulators. Numerically stable where a plain sum of squares is not (large means, small
/// spread).
public struct Moments: Sendable, Equatable {
    public private(set) var count = 0
    /// The mean of the values so far (0 with none).
    public private(set) var mean = 0.0
    /// Sum of squared deviations from the mean.
    public private(set) var m2 = 0.0

    /// No values yet.
    public init() {}

    /// The moments of `values`, added one by one.
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        for v in values { add(v) }
    }

    @inline(__always)
    /// Counts one value (Welford's update).
    public mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        m2 += delta * (x - mean)
    }

    @inline(__always)
    /// Counts a value; `nil` is skipped.
    public mutating func add(_ x: Double?) {
        if let x { add(x) }
    }

    /// Adds every value of `o` (Chan, Golub and LeVeque's pairwise update).
    public mutating func merge(_ o: Moments) {
        guard o.count > 0 else { return }
        guard count > 0 else { self = o; return }
        let n = Double(count + o.count)
        let delta = o.mean - mean
        mean += delta * Double(o.count) / n
        m2 += o.m2 + delta * delta * Double(count) * Double(o.count) / n
        count += o.count
    }

    /// Sample variance (divided by n − 1); `nil` with fewer than two values.
    public var variance: Double? { count < 2 ? nil : max(m2, 0) / Double(count - 1) }
}

/// The two-sided tests that tell a real change from the normal variation of two periods (SPEC
/// §8), as pure functions: a two-proportion z-test with pooled variance for rates, and Welch's
/// t-test with Welch–Satterthwaite degrees of freedom for means (what
/// `scipy.stats.ttest_ind(a, b, equal_var=False)` computes).
public enum Significance {
    /// A change is significant when its two-sided p-value is below this (95%).
    public static let alpha = 0.05
    /// Fewer values than this on either side: too few to tell.
    public static let minimumValues = 10

    /// The result of one test.
    public struct Test: Sendable, Equatable {
        /// z (proportions) or t (means) of `after` minus `before`; ±infinity when both sides are
        /// constant and differ.
        public let statistic: Double
        /// Two-sided p-value, 0...1.
        public let pValue: Double
        /// Welch–Satterthwaite degrees of freedom; `nil` for the z-test.
        public let degreesOfFreedom: Double?
    }

    /// Two-sided two-proportion z-test with pooled variance: `hits1` of `n1` against `hits2` of
    /// `n2`. `nil` when it is undefined: an empty side, or both sides all hits or all misses.
    public static func twoProportionZ(hits1: Int, n1: Int, hits2: Int, n2: Int) -> Test? {
        guard n1 > 0, n2 > 0, hits1 >= 0, hits2 >= 0, hits1 <= n1, hits2 <= n2 else { return nil }
        let p1 = Double(hits1) / Double(n1), p2 = Double(hits2) / Double(n2)
        let pooled = Double(hits1 + hits2) / Double(n1 + n2)
        let se = (pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))).squareRoot()
        guard se > 0, se.isFinite else { return nil }
        let z = (p1 - p2) / se
        return Test(statistic: z, pValue: normalTwoSidedP(z), degreesOfFreedom: nil)
    }

    /// Two-sided Welch t-test of `a` against `b` from their moments. `nil` when it is undefined:
    /// fewer than two values on a side, or both sides constant and equal. Both sides constant
    /// and different gives t = ±infinity and p = 0, as scipy does.
    public static func welchT(_ a: Moments, _ b: Moments) -> Test? {
        guard let va = a.variance, let vb = b.variance else { return nil }
        let na = Double(a.count), nb = Double(b.count)
        let sa = va / na, sb = vb / nb
        let se2 = sa + sb
        let diff = a.mean - b.mean
        guard se2 > 0 else {
            guard diff != 0, diff.isFinite else { return nil }
            return Test(statistic: diff > 0 ? .infinity : -.infinity, pValue: 0, degreesOfFreedom: nil)
        }
        let t = diff / se2.squareRoot()
        let df = se2 * se2 / (sa * sa / (na - 1) + sb * sb / (nb - 1))
        guard t.isFinite, df.isFinite, df > 0 else { return nil }
        return Test(statistic: t, pValue: studentTwoSidedP(t, df: df), degreesOfFreedom: df)
    }

    /// P(|Z| >= |z|) for a standard normal Z.
    public static func normalTwoSidedP(_ z: Double) -> Double {
        guard !z.isNaN else { return .nan }
        return min(1, erfc(abs(z) / 2.0.squareRoot()))
    }

    /// P(|T| >= |t|) for Student's t with `df` degrees of freedom (any df > 0, not only whole):
    /// the regularized incomplete beta I_x(df/2, 1/2) at x = df / (df + t²).
    public static func studentTwoSidedP(_ t: Double, df: Double) -> Double {
        guard !t.isNaN, df > 0 else { return .nan }
        if t.isInfinite { return 0 }
        let t2 = t * t
        // x and 1 − x each computed directly, so neither loses digits to a subtraction.
        let x = df / (df + t2), y = t2 / (df + t2)
        return min(1, max(0, regularizedIncompleteBeta(a: df / 2, b: 0.5, x: x, oneMinusX: y)))
    }

    /// The regularized incomplete beta function I_x(a, b), by the continued fraction (modified
    /// Lentz) on whichever side converges, to about 1e-15 relative. `oneMinusX` is 1 − x when the
    /// caller has it more accurately than by subtraction.
    public static func regularizedIncompleteBeta(a: Double, b: Double, x: Double, oneMinusX: Double? = nil) -> Double {
        let y = oneMinusX ?? (1 - x)
        guard a > 0, b > 0, x >= 0, y >= 0 else { return .nan }
        if x == 0 { return 0 }
        if y == 0 { return 1 }
        // log of x^a (1−x)^b / B(a, b); each log taken from the smaller of x and 1 − x.
        let logX = x > 0.5 ? log1p(-y) : log(x)
        let logY = y > 0.5 ? log1p(-x) : log(y)
        let logFront = a * logX + b * logY - logBeta(a, b)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - exp(logFront) * continuedFraction(a: b, b: a, x: y) / b
    }

    /// log B(a, b) = lgamma(a) + lgamma(b) − lgamma(a + b). When one parameter is large (a t
    /// distribution with many degrees of freedom), lgamma(a + b) − lgamma(a) is taken from
    /// Stirling's series as one difference, not as two large numbers that nearly cancel.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let large = max(a, b), small = min(a, b)
        guard large >= 10 else { return lgamma(a) + lgamma(b) - lgamma(a + b) }
        return lgamma(small) - logGammaDifference(large, small)
    }

    /// lgamma(x + d) − lgamma(x) for x >= 10, d > 0.
    static func logGammaDifference(_ x: Double, _ d: Double) -> Double {
        // lgamma(z) = (z − ½) log z − z + ½ log 2π + c(z), c(z) = 1/12z − 1/360z³ + 1/1260z⁵ − 1/1680z⁷ ...
        func c(_ z: Double) -> Double {
            let z2 = z * z
            return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - 1.0 / (1680 * z2)) / z2) / z2) / z
        }
        return (x - 0.5) * log1p(d / x) + d * log(x + d) - d + (c(x + d) - c(x))
    }

    /// The continued fraction of I_x(a, b) (Numerical Recipes' `betacf`), modified Lentz. It
    /// needs about √max(a, b) terms, so the limit grows with the parameters.
    static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-16
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        let limit = 200 + Int(min(10 * max(a, b).squareRoot(), 10_000_000))
        var m = 1
        while m <= limit {
            let m2 = Double(2 * m), dm = Double(m)
            var aa = dm * (b - dm) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + dm) * (qab + dm) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < epsilon { break }
            m += 1
        }
        return h
    }

    // MARK: Verdicts

    /// What a compared figure's change amounts to.
    public enum Verdict: String, Sendable, Equatable {
        /// Fewer than ``minimumValues`` values on either side.
        case tooFew
        /// Not significant at 95% (or no test possible because nothing varied).
        case withinNormalVariation
        /// Significantly higher than before.
        case significantRise
        /// Significantly lower than before.
        case significantFall

        public var isSignificant: Bool { self == .significantRise || self == .significantFall }
    }

    /// The verdict of a test whose sides hold `countNow` and `countBefore` values.
    public static func verdict(_ test: Test?, countNow: Int, countBefore: Int) -> Verdict {
        if countNow < minimumValues || countBefore < minimumValues { return .tooFew }
        guard let test, test.pValue < alpha else { return .withinNormalVariation }
        return test.statistic > 0 ? .significantRise : .significantFall
    }
}
