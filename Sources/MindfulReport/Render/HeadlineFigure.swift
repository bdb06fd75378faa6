/// A headline figure with its previous value and the test of its change when the report
/// compares periods.
public struct HeadlineFigure: Sendable {
    /// How a headline figure is shown.
    public enum Kind: Sendable { case count, rate, duration, ratio }
    public let label: String
    public let kind: Kind
    public let value: Double?
    public let previous: Double?
    public let detail: String
    /// True when a higher value is better (the tone of a significant change).
    public let higherIsBetter: Bool
    /// The tested change, for the figures SPEC §8 tests (every one but the request count).
    public var tested: ComparedChange? = nil

    public var display: String { Self.format(value, kind) }

    static func format(_ v: Double?, _ kind: Kind) -> String {
        switch kind {
        case .count: return v.map { DisplayFormat.count(Int($0.rounded())) } ?? DisplayFormat.none
        case .rate, .ratio: return DisplayFormat.percent(v)
        case .duration: return DisplayFormat.duration(v)
        }
    }

    /// The difference in words and signs, never an arrow alone: `+4.1 pts`, `−12 s`,
    /// `+12 (+3.4%)`, `no change`; `nil` without both values. Whether it matters is ``verdict``.
    public var change: String? {
        guard let value, let previous, value.isFinite, previous.isFinite else { return nil }
        let diff = value - previous
        switch kind {
        case .count:
            guard abs(diff) < 1e15 else { return (diff > 0 ? "+" : "−") + FigureFormat.decimal(abs(diff), places: 0) }
            let d = Int(diff.rounded())
            if d == 0 { return "no change" }
            let pct = previous == 0 ? "" : " (" + (diff > 0 ? "+" : "−") + NumberText.fixed(abs(diff) / previous * 100, places: 1) + "%)"
            return (d > 0 ? "+" : "−") + DisplayFormat.count(abs(d)) + pct
        case .rate, .ratio:
            let pts = NumberText.fixed(abs(diff) * 100, places: 1)
            if pts == "0.0" { return "no change" }
            return (diff > 0 ? "+" : "−") + pts + " pts"
        case .duration:
            if abs(diff) < 0.05 { return "no change" }
            return (diff > 0 ? "+" : "−") + DisplayFormat.duration(abs(diff))
        }
    }

    /// Whether the change is real, in words: `Significant rise: better (p = 0.003)`, `Within
    /// normal variation (p = 0.41)`, `Too few to tell (fewer than 10 values)`; `nil` for an
    /// untested figure.
    public var verdict: String? {
        guard let tested else { return nil }
        let p = tested.test.map { Self.pText($0.pValue) }
        switch tested.verdict {
        case .tooFew:
            if tested.countNow == 0 && tested.countBefore == 0 { return "Too few to tell (no values in either period)" }
            return "Too few to tell (fewer than \(Significance.minimumValues) values \(tested.countNow < Significance.minimumValues ? "in this period" : "in the previous period"))"
        case .withinNormalVariation:
            return "Within normal variation" + (p.map { " (\($0))" } ?? "")
        case .significantRise, .significantFall:
            let rise = tested.verdict == .significantRise
            return "Significant \(rise ? "rise" : "fall"): \(rise == higherIsBetter ? "better" : "worse")" + (p.map { " (\($0))" } ?? "")
        }
    }

    /// `p = 0.041`, `p < 0.001`.
    static func pText(_ p: Double) -> String {
        p < 0.001 ? "p < 0.001" : "p = " + NumberText.fixed(p, places: 3)
    }

    /// "good" or "bad" for a significant change, else "same": the tone that colours it (the
    /// words say it too).
    public var changeTone: String {
        guard let tested, tested.verdict.isSignificant else { return "same" }
        return (tested.verdict == .significantRise) == higherIsBetter ? "good" : "bad"
    }

    /// The headline figures of a group; with `previous`, each tested one carries its test.
    public static func figures(_ f: TargetFigures, previous p: TargetFigures?, comparing: Bool = false) -> [HeadlineFigure] {
        let s = f.stats, ps = p?.stats
        let response = s.response.percentiles([50, 90])
        var figures = [
            HeadlineFigure(label: "Requests", kind: .count, value: Double(f.requests), previous: p.map { Double($0.requests) },
                           detail: "\(DisplayFormat.count(s.attempts)) attempt\(s.attempts == 1 ? "" : "s"), \(DisplayFormat.count(s.retries)) \(s.retries == 1 ? "retry" : "retries")", higherIsBetter: true),
            HeadlineFigure(label: "Success rate", kind: .rate, value: f.successRate, previous: p?.successRate,
                           detail: "\(DisplayFormat.count(f.success)) requests ended in Success", higherIsBetter: true),
            HeadlineFigure(label: "Average response", kind: .duration, value: s.response.mean, previous: ps?.response.mean,
                           detail: "p50 \(DisplayFormat.duration(response[0])), p90 \(DisplayFormat.duration(response[1]))", higherIsBetter: false),
            HeadlineFigure(label: "Punctuality", kind: .duration, value: s.punctuality.mean, previous: ps?.punctuality.mean,
                           detail: "mean lateness (negative = early)", higherIsBetter: false),
            HeadlineFigure(label: "On time", kind: .rate, value: s.onTime.rate, previous: ps?.onTime.rate,
                           detail: "of \(DisplayFormat.count(s.onTime.total)) callbacks with a verdict", higherIsBetter: true),
            HeadlineFigure(label: "Average hold", kind: .duration, value: s.hold.mean, previous: ps?.hold.mean,
                           detail: "agent delay on successful attempts", higherIsBetter: false),
            HeadlineFigure(label: "Average talk", kind: .duration, value: s.talk.mean, previous: ps?.talk.mean,
                           detail: "total \(DisplayFormat.duration(s.talkTotal))", higherIsBetter: true),
            HeadlineFigure(label: "ECBT accuracy", kind: .ratio, value: s.ecbtAccuracy.mean, previous: ps?.ecbtAccuracy.mean,
                           detail: "mean estimate accuracy", higherIsBetter: true),
        ]
        if p != nil || comparing {
            let tested: [ComparedChange.Figure?] = [nil, .successRate, .responseMean, .punctualityMean, .onTimeRate, .holdMean, .talkMean, .ecbtAccuracyMean]
            for (i, figure) in tested.enumerated() {
                if let figure { figures[i].tested = ComparedChange(figure, now: f, before: p) }
            }
        }
        return figures
    }
}

/// The short plain-language summary at the top of a page, made only from the figures. When the
/// report compares periods it calls out only the changes that are significant (SPEC §8).
public enum PlainSummary {
    /// - Parameter comparing: the report compares periods (a group may have had no records in
    ///   the previous one, when `previous` is `nil`).
    public static func text(_ f: TargetFigures, previous p: TargetFigures?, completeness c: DataCompleteness, comparing: Bool = false) -> String {
        var sentences: [String] = []
        if f.requests == 0 {
            sentences.append("There were no callback requests in this range.")
        } else {
            let rate = DisplayFormat.percent(f.successRate)
            sentences.append("\(DisplayFormat.count(f.requests)) request\(f.requests == 1 ? "" : "s") from \(DisplayFormat.count(f.stats.attempts)) attempt\(f.stats.attempts == 1 ? "" : "s"); \(rate) ended in success.")
            var second: [String] = []
            if let mean = f.stats.response.mean { second.append("average response was \(DisplayFormat.duration(mean))") }
            if let onTime = f.stats.onTime.rate { second.append("\(DisplayFormat.percent(onTime)) of callbacks were on time") }
            if !second.isEmpty {
                let joined = second.joined(separator: "; ")
                sentences.append(joined.prefix(1).uppercased() + joined.dropFirst() + ".")
            }
        }
        if p != nil || comparing {
            sentences.append(changeSentence(f, previous: p))
        }
        if !c.isComplete {
            sentences.append("\(DisplayFormat.count(c.missing.count)) of \(DisplayFormat.count(c.hoursExpected)) hours \(c.missing.count == 1 ? "is" : "are") missing, so these figures are partial.")
        }
        return sentences.joined(separator: " ")
    }

    /// The significant changes since the previous period, or that there are none.
    static func changeSentence(_ f: TargetFigures, previous p: TargetFigures?) -> String {
        let changes = ComparedChange.all(now: f, before: p)
        let significant = changes.filter { $0.verdict.isSignificant }
        if significant.isEmpty {
            if changes.allSatisfy({ $0.verdict == .tooFew }) {
                return p == nil ? "There were no records in the previous period to compare with."
                    : "There are too few values to tell whether anything changed since the previous period."
            }
            return "No change since the previous period is significant: the differences are within normal variation."
        }
        let parts = significant.map { describe($0, now: f, before: p) }
        let list = parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        return "Significant change\(parts.count == 1 ? "" : "s") since the previous period: \(list)."
    }

    /// `success rate fell 6.2 points to 72.0%`, `average hold worsened by 12 s to 1 min 05 s`.
    static func describe(_ c: ComparedChange, now f: TargetFigures, before p: TargetFigures?) -> String {
        let s = f.stats, b = p?.stats
        let rise = c.verdict == .significantRise
        func points(_ label: String, _ now: Double?, _ before: Double?) -> String {
            let pts = NumberText.fixed(abs((now ?? 0) - (before ?? 0)) * 100, places: 1)
            return "\(label) \(rise ? "rose" : "fell") \(pts) points to \(DisplayFormat.percent(now))"
        }
        func seconds(_ label: String, _ now: Double?, _ before: Double?, lowerIsBetter: Bool) -> String {
            let d = DisplayFormat.duration(abs((now ?? 0) - (before ?? 0)))
            let verb = lowerIsBetter ? (rise ? "worsened" : "improved") : (rise ? "rose" : "fell")
            return "\(label) \(verb) by \(d) to \(DisplayFormat.duration(now))"
        }
        switch c.figure {
        case .successRate: return points("success rate", f.successRate, p?.successRate)
        case .onTimeRate: return points("on-time callbacks", s.onTime.rate, b?.onTime.rate)
        case .ecbtAccuracyMean: return points("ECBT accuracy", s.ecbtAccuracy.mean, b?.ecbtAccuracy.mean)
        case .responseMean: return seconds("average response", s.response.mean, b?.response.mean, lowerIsBetter: true)
        case .punctualityMean: return seconds("mean lateness", s.punctuality.mean, b?.punctuality.mean, lowerIsBetter: true)
        case .holdMean: return seconds("average hold", s.hold.mean, b?.hold.mean, lowerIsBetter: true)
        case .talkMean: return seconds("average talk", s.talk.mean, b?.talk.mean, lowerIsBetter: false)
        }
    }
}
