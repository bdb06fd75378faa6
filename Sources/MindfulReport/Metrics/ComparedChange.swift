import Foundation

/// The tested change of one figure of a group between the previous period and this one (SPEC
/// §8): rates by the two-proportion z-test, means by Welch's t-test, over the same values as the
/// figures themselves.
public struct ComparedChange: Sendable, Equatable {
    /// The figures that are tested, named by their `summary.csv` column.
    public enum Figure: String, Sendable, CaseIterable {
        case successRate = "success_rate"
        case responseMean = "response_mean_s"
        case punctualityMean = "punctuality_mean_s"
        case onTimeRate = "on_time_rate"
        case ecbtAccuracyMean = "ecbt_accuracy_mean"
        case holdMean = "hold_mean_s"
        case talkMean = "talk_mean_s"

        /// The `summary.csv` column.
        public var column: String { rawValue }
        /// True for a rate (z-test), false for a mean (t-test).
        public var isRate: Bool { self == .successRate || self == .onTimeRate }
    }

    public let figure: Figure
    /// The test of this period against the previous one (a positive statistic: higher now);
    /// `nil` when it is undefined (no values, or nothing varied on either side).
    public let test: Significance.Test?
    public let verdict: Significance.Verdict
    /// Values behind the figure now and before: requests for the success rate, callbacks with a
    /// verdict for the on-time rate, the mean's values otherwise.
    public let countNow: Int
    public let countBefore: Int

    /// The change of `figure` from `before` (`nil`: the group had no records then) to `now`.
    public init(_ figure: Figure, now: TargetFigures, before: TargetFigures?) {
        self.figure = figure
        let s = now.stats, b = before?.stats
        switch figure {
        case .successRate:
            countNow = now.requests
            countBefore = before?.requests ?? 0
            test = Significance.twoProportionZ(hits1: now.success, n1: countNow, hits2: before?.success ?? 0, n2: countBefore)
        case .onTimeRate:
            countNow = s.onTime.total
            countBefore = b?.onTime.total ?? 0
            test = Significance.twoProportionZ(hits1: s.onTime.hits, n1: countNow, hits2: b?.onTime.hits ?? 0, n2: countBefore)
        default:
            let path: KeyPath<ComparedMoments, Moments>
            switch figure {
            case .responseMean: path = \.response
            case .punctualityMean: path = \.punctuality
            case .ecbtAccuracyMean: path = \.ecbtAccuracy
            case .holdMean: path = \.hold
            default: path = \.talk
            }
            let a = s.moments[keyPath: path], c = b?.moments[keyPath: path] ?? Moments()
            countNow = a.count
            countBefore = c.count
            test = Significance.welchT(a, c)
        }
        verdict = Significance.verdict(test, countNow: countNow, countBefore: countBefore)
    }

    /// Every tested figure of a group, in `summary.csv` column order.
    public static func all(now: TargetFigures, before: TargetFigures?) -> [ComparedChange] {
        Figure.allCases.map { ComparedChange($0, now: now, before: before) }
    }

    /// The p-value as `summary.csv` writes it: 10 significant digits, plain decimals from 0.0001
    /// up and exponent notation below (`8.319261809e-10`); empty when the test is undefined.
    public var pValueCSV: String {
        guard let p = test?.pValue, p.isFinite else { return "" }
        return Self.csv(p)
    }

    /// `%.10g`: 0.01023923751, 1, 8.319261809e-10.
    static func csv(_ p: Double) -> String { NumberText.general(p, significant: 10) }
}
