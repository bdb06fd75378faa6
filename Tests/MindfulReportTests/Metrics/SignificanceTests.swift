import Foundation
import Testing
@testable import MindfulReport

/// The tests of SPEC §8 against known answers from scipy 1.17. The expected values were made by
/// `python3 scripts/significance-known-answers.py` (Welch: `scipy.stats.ttest_ind(a, b,
/// equal_var=False)`; proportions: the pooled z written out with `scipy.stats.norm.sf`), whose
/// output is pasted below; the samples here are built by the same formulas as there.
@Suite(.tags(.statistics)) struct SignificanceTests {
    /// `(i * mul % mod) / div + add` for i in 0..<n, as `big()` in the script.
    static func big(_ n: Int, _ mul: Int, _ mod: Int, _ div: Double, _ add: Double = 0) -> [Double] {
        (0..<n).map { Double($0 * mul % mod) / div + add }
    }

    static let welchSamples: [(String, [Double], [Double])] = [
        ("tiny samples", [1, 2, 3], [4, 5, 7]),
        ("two values a side", [5, 6], [7, 9]),
        ("equal means, different spread", [4, 5, 6, 5, 5, 4.5, 5.5, 5, 4, 6], [0, 10, 2, 8, 5, 5, 1, 9, 3, 7]),
        ("zero variance on one side", Array(repeating: 5, count: 12), [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
        ("unequal sizes", [120, 95, 130, 88, 140], (0..<40).map { Double(60 + ($0 * 37) % 50) }),
        ("response times, a real change", (0..<30).map { Double(90 + ($0 * 13) % 40) }, (0..<35).map { Double(70 + ($0 * 17) % 40) }),
        ("strong difference, tiny p", (0..<50).map { Double(100 + ($0 * 7) % 5) }, (0..<60).map { Double(10 + ($0 * 3) % 4) }),
        ("negative values (punctuality)", (0..<25).map { Double(-30 + ($0 * 11) % 70) }, (0..<25).map { Double(-20 + ($0 * 5) % 60) }),
        ("fractions (ECBT accuracy)", (0..<15).map { 0.8 + Double(($0 * 7) % 20) / 100 }, (0..<18).map { 0.78 + Double(($0 * 3) % 25) / 100 }),
        ("very large samples, small shift", big(1_000_000, 7919, 1000, 10), big(1_200_000, 104729, 997, 10, 0.05)),
        ("very large samples, same mean", big(2_000_000, 7919, 1000, 10), big(2_000_000, 6007, 1000, 10)),
    ]

    // scipy: (name, t, p, df)
    static let welchAnswers: [(String, Double, Double, Double)] = [
        ("tiny samples", -3.1622776601683795, 0.041914517471454034, 3.4482758620689653),
        ("two values a side", -2.23606797749979, 0.19872738893452602, 1.4705882352941178),
        ("equal means, different spread", 0.0, 1.0, 9.748700173310228),
        ("zero variance on one side", -3.0, 0.01334365502256957, 10.0),
        ("unequal sizes", 2.854635928715725, 0.04072090412338991, 4.454142871121849),
        ("response times, a real change", 7.245592944978262, 8.319261809631192e-10, 61.62914934980092),
        ("strong difference, tiny p", 363.448635627087, 1.3767195904797822e-147, 92.39582571388446),
        ("negative values (punctuality)", -0.43774052413166625, 0.6635692678863715, 47.24239359190501),
        ("fractions (ECBT accuracy)", -0.2522485547872381, 0.8025198592450256, 30.889822648599875),
        ("very large samples, small shift", 2.5676458735466907, 0.010239237507772121, 2126762.7924623173),
        ("very large samples, same mean", 0.0, 1.0, 3999998.0),
    ]

    // scipy: (name, x1, n1, x2, n2, z, p)
    static let proportionAnswers: [(String, Int, Int, Int, Int, Double, Double)] = [
        ("tiny samples", 5, 9, 1, 10, 2.133006118067902, 0.032924224321053026),
        ("a real rise", 80, 100, 65, 100, 2.375422747394688, 0.01752886126037272),
        ("within noise", 780, 1000, 800, 1000, -1.0979733645872198, 0.2722161201435016),
        ("equal proportions", 50, 100, 100, 200, 0.0, 1.0),
        ("zero hits on one side", 0, 50, 3, 50, -1.7586311452816477, 0.07864017934882842),
        ("very large samples", 800000, 1000000, 801500, 1000000, -2.655391877809881, 0.007921632361611954),
        ("very large, tiny p", 4000000, 5000000, 3900000, 5000000, 77.63844116618327, 0.0),
        ("unequal sizes", 18, 20, 700, 1000, 1.939900190899074, 0.05239182088907072),
        ("all hits against some", 40, 40, 35, 40, 2.3094010767585034, 0.020921335337794014),
        ("one of each", 1, 1, 0, 1, 1.414213562373095, 0.15729920705028516),
    ]

    // scipy: 2 * stats.t.sf(|t|, df)
    static let studentAnswers: [(Double, Double, Double)] = [
        (0.0, 3.0, 1.0),
        (1.0, 1.0, 0.5000000000000001),
        (2.0, 2.5, 0.1573914957579659),
        (-2.5, 7.0, 0.04099221858575289),
        (1.96, 1000000.0, 0.04999606758526985),
        (3.0, 40.0, 0.004630139784156135),
        (12.0, 100.0, 4.395087715604393e-21),
        (0.5, 10000000.0, 0.6170750884540148),
        (40.0, 30.0, 1.3726045194406417e-27),
    ]

    /// p-values agree with scipy to 1e-9 absolute, and to 1e-6 relative when they are tiny.
    static func expectP(_ p: Double, _ expected: Double, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(p - expected) <= 1e-9, "\(name): p \(p), scipy \(expected)", sourceLocation: sourceLocation)
        if expected > 1e-300 && expected < 1e-3 {
            #expect(abs(p - expected) <= 1e-6 * expected, "\(name): p \(p), scipy \(expected)", sourceLocation: sourceLocation)
        }
    }

    @Test func welchMatchesScipy() {
        #expect(Self.welchSamples.count == Self.welchAnswers.count)
        for ((name, a, b), (answerName, t, p, df)) in zip(Self.welchSamples, Self.welchAnswers) {
            #expect(name == answerName)
            let test = Significance.welchT(Moments(a), Moments(b))
            #expect(test != nil, "\(name)")
            guard let test else { continue }
            #expect(abs(test.statistic - t) <= 1e-9 * max(1, abs(t)), "\(name): t \(test.statistic), scipy \(t)")
            #expect(abs(test.degreesOfFreedom! - df) <= 1e-7 * df, "\(name): df \(test.degreesOfFreedom!), scipy \(df)")
            Self.expectP(test.pValue, p, name)
        }
    }

    @Test func twoProportionZMatchesScipy() {
        for (name, x1, n1, x2, n2, z, p) in Self.proportionAnswers {
            let test = Significance.twoProportionZ(hits1: x1, n1: n1, hits2: x2, n2: n2)
            #expect(test != nil, "\(name)")
            guard let test else { continue }
            #expect(abs(test.statistic - z) <= 1e-9 * max(1, abs(z)), "\(name): z \(test.statistic), scipy \(z)")
            #expect(test.degreesOfFreedom == nil)
            Self.expectP(test.pValue, p, name)
        }
    }

    @Test func studentTDistributionMatchesScipy() {
        for (t, df, p) in Self.studentAnswers {
            Self.expectP(Significance.studentTwoSidedP(t, df: df), p, "t \(t), df \(df)")
        }
    }

    @Test func undefinedTestsAreNil() {
        // One value a side: no variance (scipy: nan).
        #expect(Significance.welchT(Moments([1]), Moments([2, 3])) == nil)
        // Both sides the same constant (scipy: nan).
        #expect(Significance.welchT(Moments(Array(repeating: 5, count: 10)), Moments(Array(repeating: 5, count: 10))) == nil)
        // Both constant and different: t = -inf, p = 0 (as scipy).
        let apart = Significance.welchT(Moments(Array(repeating: 5, count: 10)), Moments(Array(repeating: 6, count: 10)))
        #expect(apart?.statistic == -.infinity)
        #expect(apart?.pValue == 0)
        // No values, or every value a hit on both sides: no pooled variance.
        #expect(Significance.twoProportionZ(hits1: 0, n1: 0, hits2: 1, n2: 2) == nil)
        #expect(Significance.twoProportionZ(hits1: 10, n1: 10, hits2: 20, n2: 20) == nil)
        #expect(Significance.twoProportionZ(hits1: 0, n1: 10, hits2: 0, n2: 20) == nil)
    }

    @Test func verdicts() {
        let rise = Significance.Test(statistic: 2.5, pValue: 0.012, degreesOfFreedom: 30)
        let fall = Significance.Test(statistic: -2.5, pValue: 0.012, degreesOfFreedom: 30)
        let noise = Significance.Test(statistic: 1.2, pValue: 0.23, degreesOfFreedom: 30)
        #expect(Significance.verdict(rise, countNow: 10, countBefore: 10) == .significantRise)
        #expect(Significance.verdict(fall, countNow: 100, countBefore: 10) == .significantFall)
        #expect(Significance.verdict(noise, countNow: 100, countBefore: 100) == .withinNormalVariation)
        #expect(Significance.verdict(nil, countNow: 100, countBefore: 100) == .withinNormalVariation)
        // Fewer than 10 values on either side, however small p is.
        #expect(Significance.verdict(rise, countNow: 9, countBefore: 100) == .tooFew)
        #expect(Significance.verdict(rise, countNow: 100, countBefore: 9) == .tooFew)
        // p exactly 0.05 is not below 0.05.
        #expect(Significance.verdict(.init(statistic: 2, pValue: 0.05, degreesOfFreedom: nil), countNow: 50, countBefore: 50) == .withinNormalVariation)
    }

    @Test func momentsMergeAsIfAddedInOneGo() {
        let values = Self.big(10_000, 7919, 1000, 7, 1e6)  // a large mean and a small spread
        let whole = Moments(values)
        var merged = Moments()
        for chunk in stride(from: 0, to: values.count, by: 777) {
            merged.merge(Moments(values[chunk..<min(chunk + 777, values.count)]))
        }
        merged.merge(Moments())
        #expect(merged.count == whole.count)
        #expect(abs(merged.mean - whole.mean) <= 1e-9 * abs(whole.mean))
        #expect(abs(merged.variance! - whole.variance!) <= 1e-9 * whole.variance!)
        // The exact sample variance of i*7919 % 1000 / 7 over a whole number of cycles.
        let exact = (0..<1000).map { Double($0) / 7 }
        let mean = exact.reduce(0, +) / 1000
        let variance = exact.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 1000 * 10_000 / 9_999
        #expect(abs(whole.variance! - variance) <= 1e-9 * variance)
        #expect(Moments([3]).variance == nil)
        var empty = Moments()
        empty.merge(Moments([1, 2]))
        #expect(empty == Moments([1, 2]))
    }

    /// The report's metrics keep each compared mean's moments over the same values as the mean
    /// itself (first attempts for response, Success for hold, talk > 0), across hours and
    /// targets, without changing the means they show.
    @Test func theMetricsKeepTheMomentsOfTheirMeans() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        var hour10: [String] = [], hour11: [String] = []
        var response: [Double] = [], hold: [Double] = [], talk: [Double] = [], punctuality: [Double] = [], ecbt: [Double] = []
        for i in 0..<40 {
            let retry = i % 5 == 4 ? 1 : 0
            let success = i % 3 != 0
            let rt = Double(60 + (i * 37) % 90), delay = Double((i * 11) % 50), talkTime = Double((i * 7) % 4 == 0 ? 0 : 100 + i)
            let late = Double(-30 + (i * 13) % 70), accuracy = 0.5 + Double((i * 3) % 50) / 100
            if retry == 0 { response.append(rt) }
            if success { hold.append(delay) }
            if talkTime > 0 { talk.append(talkTime) }
            punctuality.append(late)
            ecbt.append(accuracy)
            let r = record(["retryAttempt": "\(retry)", "outcome": q(success ? "Success" : "Unavailable"),
                            "callTargetId": q(i % 2 == 0 ? "T1" : "T2"), "actualCallbackTime": "\(rt)", "agentDelay": "\(delay)",
                            "talkDuration": "\(talkTime)", "punctuality": "\(late)", "estimatePercentAccuracy": "\(accuracy)"])
            if i < 25 { hour10.append(r) } else { hour11.append(r) }
        }
        try c.write("2023-06-08T10", records: hour10)
        try c.write("2023-06-08T11", records: hour11)
        let result = try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: tmp.path("out"))
        let s = result.metrics.all.stats
        for (kept, values, name) in [(s.moments.response, response, "response"), (s.moments.hold, hold, "hold"), (s.moments.talk, talk, "talk"),
                                     (s.moments.punctuality, punctuality, "punctuality"), (s.moments.ecbtAccuracy, ecbt, "ECBT accuracy")] {
            let expected = Moments(values)
            #expect(kept.count == values.count, "\(name)")
            #expect(abs(kept.mean - expected.mean) <= 1e-12 * max(1, abs(expected.mean)), "\(name)")
            #expect(abs(kept.variance! - expected.variance!) <= 1e-9 * expected.variance!, "\(name)")
        }
        #expect(s.response.count == response.count)
        #expect(s.hold.count == hold.count && s.talk.count == talk.count)
        let t1 = try #require(result.metrics.targets.first { $0.id == "T1" })
        #expect(t1.stats.moments.punctuality.count == 20)
    }
}
