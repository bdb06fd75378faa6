/// How figures read on a page: `78.3%`, `1 min 05 s`, `12,345`.
public enum DisplayFormat {
    public static let none = "–"

    /// A rate as a percentage with one decimal (`85.7%`), or a dash for none.
    public static func percent(_ rate: Double?) -> String {
        guard let rate, rate.isFinite else { return none }
        return NumberText.fixed(rate * 100, places: 1) + "%"
    }

    /// A whole number with thousands separators.
    public static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// A duration in seconds for people: `42 s`, `3 min 05 s`, `1 h 02 min`; signed when
    /// negative (early).
    public static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return none }
        let sign = seconds < 0 ? "−" : ""
        let s = abs(seconds)
        if s < 60 { return sign + FigureFormat.decimal(s, places: s < 10 ? 1 : 0) + " s" }
        // Past what an Int holds (hostile data), whole hours as a plain decimal.
        guard s < 1e15 else { return sign + FigureFormat.decimal(s / 3600, places: 0) + " h" }
        let total = Int(s.rounded())
        if total < 3600 {
            return sign + "\(total / 60) min " + pad(total % 60) + " s"
        }
        return sign + "\(total / 3600) h " + pad((total % 3600) / 60) + " min"
    }

    /// A compact duration for chart axes: `45s`, `3m20s`, `12m`, `1h05m`, signed.
    public static func shortDuration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return none }
        let sign = seconds < 0 ? "−" : ""
        guard abs(seconds) < 1e15 else { return sign + FigureFormat.decimal(abs(seconds) / 3600, places: 0) + "h" }
        let total = Int(abs(seconds).rounded())
        if total < 60 { return "\(sign)\(total)s" }
        if total < 3600 { return sign + "\(total / 60)m" + (total % 60 == 0 ? "" : pad(total % 60) + "s") }
        return sign + "\(total / 3600)h" + pad((total % 3600) / 60) + "m"
    }

    /// A ratio as a percentage with one decimal, or a dash for none.
    public static func ratio(_ v: Double?) -> String {
        guard let v, v.isFinite else { return none }
        return NumberText.fixed(v * 100, places: 1) + "%"
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
