/// A headline figure with its previous value when the report compares periods.
public struct HeadlineFigure: Sendable {
    public enum Kind: Sendable { case count, rate, duration, ratio }
    public let label: String
    public let kind: Kind
    public let value: Double?
    public let previous: Double?
    public let detail: String
    /// True when a higher value is better (colours the change).
    public let higherIsBetter: Bool

    public var display: String { Self.format(value, kind) }

    static func format(_ v: Double?, _ kind: Kind) -> String {
        switch kind {
        case .count: return v.map { DisplayFormat.count(Int($0.rounded())) } ?? DisplayFormat.none
        case .rate, .ratio: return DisplayFormat.percent(v)
        case .duration: return DisplayFormat.duration(v)
        }
    }

    /// `▲ +4.1 pts`, `▼ −12 s`, `→ no change`; `nil` without both values.
    public var change: String? {
        guard let value, let previous, value.isFinite, previous.isFinite else { return nil }
        let diff = value - previous
        let arrow = diff > 0 ? "▲" : (diff < 0 ? "▼" : "→")
        switch kind {
        case .count:
            let d = Int(diff.rounded())
            if d == 0 { return "→ no change" }
            let pct = previous == 0 ? "" : " (" + (diff > 0 ? "+" : "−") + String(format: "%.1f", abs(diff) / previous * 100) + "%)"
            return "\(arrow) " + (d > 0 ? "+" : "−") + DisplayFormat.count(abs(d)) + pct
        case .rate, .ratio:
            let pts = String(format: "%.1f", abs(diff) * 100)
            if pts == "0.0" { return "→ no change" }
            return "\(arrow) " + (diff > 0 ? "+" : "−") + pts + " pts"
        case .duration:
            if abs(diff) < 0.05 { return "→ no change" }
            return "\(arrow) " + (diff > 0 ? "+" : "−") + DisplayFormat.duration(abs(diff))
        }
    }

    /// "good", "bad" or "same", for colouring the change.
    public var changeTone: String {
        guard let value, let previous, value != previous else { return "same" }
        return (value > previous) == higherIsBetter ? "good" : "bad"
    }

    /// The headline figures of a group.
    public static func figures(_ f: TargetFigures, previous p: TargetFigures?) -> [HeadlineFigure] {
        let s = f.stats, ps = p?.stats
        return [
            HeadlineFigure(label: "Requests", kind: .count, value: Double(f.requests), previous: p.map { Double($0.requests) },
                           detail: "\(DisplayFormat.count(s.attempts)) attempt\(s.attempts == 1 ? "" : "s"), \(DisplayFormat.count(s.retries)) \(s.retries == 1 ? "retry" : "retries")", higherIsBetter: true),
            HeadlineFigure(label: "Success rate", kind: .rate, value: f.successRate, previous: p?.successRate,
                           detail: "\(DisplayFormat.count(f.success)) requests ended in Success", higherIsBetter: true),
            HeadlineFigure(label: "Average response", kind: .duration, value: s.response.mean, previous: ps?.response.mean,
                           detail: "p50 \(DisplayFormat.duration(s.response.percentile(50))), p90 \(DisplayFormat.duration(s.response.percentile(90)))", higherIsBetter: false),
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
    }
}

/// The short plain-language summary at the top of a page, made only from the figures.
public enum PlainSummary {
    public static func text(_ f: TargetFigures, previous p: TargetFigures?, completeness c: DataCompleteness) -> String {
        var sentences: [String] = []
        if f.requests == 0 {
            sentences.append("There were no callback requests in this range.")
        } else {
            let rate = DisplayFormat.percent(f.successRate)
            if let p, let now = f.successRate, let before = p.successRate {
                let pts = String(format: "%.1f", abs(now - before) * 100)
                let verb = pts == "0.0" ? "held steady at \(rate)" : (now > before ? "rose \(pts) points to \(rate)" : "fell \(pts) points to \(rate)")
                sentences.append("Success rate \(verb) on \(DisplayFormat.count(f.requests)) requests (\(countChange(f.requests, p.requests))).")
            } else {
                sentences.append("\(DisplayFormat.count(f.requests)) request\(f.requests == 1 ? "" : "s") from \(DisplayFormat.count(f.stats.attempts)) attempt\(f.stats.attempts == 1 ? "" : "s"); \(rate) ended in success.")
            }
            var second: [String] = []
            if let mean = f.stats.response.mean {
                if let before = p?.stats.response.mean, abs(mean - before) >= 0.05 {
                    second.append("average response \(mean < before ? "improved" : "worsened") by \(DisplayFormat.duration(abs(mean - before))) to \(DisplayFormat.duration(mean))")
                } else {
                    second.append("average response was \(DisplayFormat.duration(mean))")
                }
            }
            if let onTime = f.stats.onTime.rate {
                if let before = p?.stats.onTime.rate {
                    let pts = String(format: "%.1f", abs(onTime - before) * 100)
                    second.append(pts == "0.0" ? "\(DisplayFormat.percent(onTime)) of callbacks were on time, as before"
                                  : "on-time callbacks \(onTime > before ? "rose" : "fell") \(pts) points to \(DisplayFormat.percent(onTime))")
                } else {
                    second.append("\(DisplayFormat.percent(onTime)) of callbacks were on time")
                }
            }
            if !second.isEmpty {
                let joined = second.joined(separator: "; ")
                sentences.append(joined.prefix(1).uppercased() + joined.dropFirst() + ".")
            }
        }
        if !c.isComplete {
            sentences.append("\(DisplayFormat.count(c.missing.count)) of \(DisplayFormat.count(c.hoursExpected)) hours \(c.missing.count == 1 ? "is" : "are") missing, so these figures are partial.")
        }
        return sentences.joined(separator: " ")
    }

    static func countChange(_ now: Int, _ before: Int) -> String {
        if now == before { return "the same as before" }
        let dir = now > before ? "up" : "down"
        let pct = before == 0 ? "" : " " + String(format: "%.1f", abs(Double(now - before)) / Double(before) * 100) + "%"
        return "\(dir)\(pct) from \(DisplayFormat.count(before))"
    }
}
