import Foundation

/// Builds the values the Mustache templates show. Every string that comes from records is
/// cleaned of characters XML forbids; escaping is the template engine's (see ``PageRenderer``).
public struct ReportPageModel: Sendable {
    public let metrics: ReportMetrics
    public let title: String
    public let generatedAt: Date
    public let piiMode: PIIMode
    /// The period just before, when comparing.
    public let previous: ReportMetrics?
    /// The site archive page, relative to the report root, when the report is on a site.
    public var archiveHref: String? = nil
    /// The goals held against the figures, when any are set.
    public var goals: GoalEvaluation? = nil

    /// The model of the report's pages; `previous` is the compared period's metrics, if any.
    public init(metrics: ReportMetrics, title: String, generatedAt: Date, piiMode: PIIMode, previous: ReportMetrics? = nil) {
        self.metrics = metrics
        self.previous = previous
        self.title = title
        self.generatedAt = generatedAt
        self.piiMode = piiMode
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        generatedText = f.string(from: generatedAt)
        hasFractionalOffset = metrics.range.hasFractionalOffset
    }

    /// Missing hours as runs of consecutive hours with the same kind of reason, so a week
    /// without data reads as one line, not 168: `2023-06-01T00:00Z to 2023-06-07T23:00Z (168
    /// hours)`. The CSVs list every hour.
    static func missingRuns(_ missing: [MissingHour]) -> [MissingRunView] {
        var runs: [MissingRunView] = []
        var i = 0
        let sorted = missing.sorted { $0.hour < $1.hour }
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1].hour.index == sorted[j].hour.index + 1, sorted[j + 1].reason.kind == sorted[i].reason.kind { j += 1 }
            let count = j - i + 1
            let hour = count == 1 ? sorted[i].hour.description : "\(sorted[i].hour) to \(sorted[j].hour) (\(count) hours)"
            runs.append(MissingRunView(hour: hour, reason: XHTMLText.clean(count == 1 ? sorted[i].reason.description : sorted[i].reason.kind)))
            i = j + 1
        }
        return runs
    }

    var rangeText: String {
        let r = metrics.range
        let span = r.from == r.to ? r.from.description : "\(r.from) to \(r.to)"
        return "\(span) (\(r.zoneName))"
    }

    /// `generatedAt` as written on every page, formatted once.
    let generatedText: String
    /// Whether the zone is a fraction of an hour from UTC in the range (every page notes it),
    /// worked out once: it asks the zone about every hour of the range.
    let hasFractionalOffset: Bool

    /// The index page; `insights` are those of the whole (``GroupInsights`` of target -1), when
    /// the caller has them already.
    public func index(insights: GroupInsights? = nil) -> PageView {
        var page = common(pageTitle: title, root: "")
        page.sections = sections(insights ?? GroupInsights(metrics: metrics, target: -1), previous: previous?.all, root: "")
        page.targets = metrics.targets.map { targetRow($0, root: "") }
        page.allRow = targetRow(metrics.all, root: "")
        page.archiveHref = archiveHref
        page.goals = goalSection(targetId: metrics.all.id, isAll: true)
        page.attention = attentionSection()
        return page
    }

    /// The page of one call target; `insights` are its ``GroupInsights``, when the caller has
    /// them already.
    public func target(_ index: Int, insights: GroupInsights? = nil) -> PageView {
        let f = metrics.targets[index]
        let name = f.name.isEmpty ? "(no name)" : f.name
        var page = common(pageTitle: "\(XHTMLText.clean(name)) – \(title)", root: "../")
        page.target = targetRow(f, root: "../")
        page.targetName = XHTMLText.isolated(name)
        page.targetId = XHTMLText.isolated(f.id.isEmpty ? "(none)" : f.id)
        let before = previous?.targets.first { $0.id.utf8.elementsEqual(f.id.utf8) }
        page.sections = sections(insights ?? GroupInsights(metrics: metrics, target: index), previous: before, root: "../")
        page.csvHref = "\(TargetSlug.slug(forTargetId: f.id)).csv"
        page.archiveHref = archiveHref.map { "../" + $0 }
        page.goals = goalSection(targetId: f.id, isAll: false)
        return page
    }

    private func common(pageTitle: String, root: String) -> PageView {
        let c = metrics.completeness
        var notes: [String] = []
        if hasFractionalOffset {
            notes.append("\(metrics.range.zoneName) is not a whole number of hours from UTC here: the data comes in UTC hours, so each hour is counted in the local day and hour in which it starts.")
        }
        var page = PageView()
        if let previous {
            let p = previous.range
            page.comparison = ComparisonView(range: p.from == p.to ? p.from.description : "\(p.from) to \(p.to)",
                                             incomplete: !previous.completeness.isComplete,
                                             missingCount: DisplayFormat.count(previous.completeness.missing.count),
                                             hoursExpected: DisplayFormat.count(previous.completeness.hoursExpected),
                                             missing: Self.missingRuns(previous.completeness.missing))
        }
        page.title = XHTMLText.clean(title)
        page.pageTitle = XHTMLText.clean(pageTitle)
        page.range = rangeText
        page.generated = generatedText
        page.root = root
        page.notes = notes
        page.completeness = CompletenessView(
            complete: c.isComplete, hoursExpected: DisplayFormat.count(c.hoursExpected), hoursRead: DisplayFormat.count(c.hoursRead),
            missingCount: DisplayFormat.count(c.missing.count), duplicatesDropped: DisplayFormat.count(c.duplicatesDropped),
            malformedFields: DisplayFormat.count(c.malformedFields), skippedElements: DisplayFormat.count(c.skippedElements),
            missing: Self.missingRuns(c.missing))
        page.piiMasked = piiMode == .masked
        return page
    }

    private func targetRow(_ f: TargetFigures, root: String) -> TargetRowView {
        let s = f.stats
        let slug = TargetSlug.slug(forTargetId: f.id)
        return TargetRowView(
            id: XHTMLText.isolated(f.id),
            name: XHTMLText.isolated(f.name.isEmpty ? "(no name)" : f.name),
            href: "\(root)targets/\(slug).html",
            csvHref: "\(root)targets/\(slug).csv",
            attempts: DisplayFormat.count(s.attempts),
            requests: DisplayFormat.count(f.requests),
            successRate: DisplayFormat.percent(f.successRate),
            responseMean: DisplayFormat.duration(s.response.mean),
            responseP90: DisplayFormat.duration(s.response.percentile(90)),
            onTime: DisplayFormat.percent(s.onTime.rate),
            hold: DisplayFormat.duration(s.hold.mean),
            talk: DisplayFormat.duration(s.talk.mean))
    }

    func outcomeRows(_ f: TargetFigures) -> [OutcomeView] {
        f.outcomeNames.map { o in
            let finals = f.finalRequests(withOutcome: o)
            return OutcomeView(
                outcome: XHTMLText.isolated(o),
                attempts: DisplayFormat.count(f.attempts(withOutcome: o)),
                finalRequests: DisplayFormat.count(finals),
                share: DisplayFormat.percent(f.requests == 0 ? nil : Double(finals) / Double(f.requests)))
        }
    }
}

/// Whether phone numbers are shown whole.
public enum PIIMode: String, Sendable, CaseIterable {
    /// `ani` and `phoneNumber` reduced to their last 4 digits (the default).
    case masked
    /// Shown as the API sent them.
    case full

    /// Every digit but the last four becomes `*`; other characters are dropped
    /// (`+13307526714` → `*******6714`).
    public static func mask(_ phone: String) -> String {
        var phone = phone
        return phone.withUTF8 { utf8 -> String in
            var digits = 0
            for b in utf8 where b &- 48 < 10 { digits += 1 }
            var out = [UInt8]()
            out.reserveCapacity(digits)
            var seen = 0
            for b in utf8 where b &- 48 < 10 {
                out.append(seen < digits - 4 ? UInt8(ascii: "*") : b)
                seen += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
