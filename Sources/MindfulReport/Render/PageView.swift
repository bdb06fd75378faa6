import Mustache

// What the page templates (index, target and their partials) read, as typed values. Each type
// answers the template's names in `child(named:)`: a name it does not have, or an optional
// that is nil, is looked up in the enclosing section, as Mustache does for a missing key.

/// The index page or a call target's page.
public struct PageView: TemplateModel {
    public var title = "", pageTitle = "", range = "", generated = "", root = ""
    public var notes: [String] = []
    public var completeness = CompletenessView()
    public var piiMasked = false
    /// The previous period, when comparing.
    public var comparison: ComparisonView?
    public var archiveHref: String?
    public var goals: GoalsView?
    public var sections = SectionsView()
    /// Index only: the call targets, their total and the missed goals.
    public var targets: [TargetRowView]?
    public var allRow: TargetRowView?
    public var attention: AttentionView?
    /// A target's page only: its row, name, id and CSV.
    public var target: TargetRowView?
    public var targetName: String? = nil
    public var targetId: String? = nil
    public var csvHref: String? = nil

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "title": { $0.title },
        "pageTitle": { $0.pageTitle },
        "range": { $0.range },
        "generated": { $0.generated },
        "root": { $0.root },
        "notes": { $0.notes },
        "hasNotes": { !$0.notes.isEmpty },
        "completeness": { $0.completeness },
        "piiMasked": { $0.piiMasked },
        "comparison": { $0.comparison },
        "archiveHref": { $0.archiveHref },
        "goals": { $0.goals },
        "targets": { $0.targets },
        "allRow": { $0.allRow },
        "hasTargets": { $0.targets.map { !$0.isEmpty } },
        "attention": { $0.attention },
        "target": { $0.target },
        "targetName": { $0.targetName },
        "targetId": { $0.targetId },
        "csvHref": { $0.csvHref },
    ]

    /// A name of the sections when it is none of the page's own.
    public func child(named name: String) -> Any? {
        Self.templateKeys[name].map { $0(self) } ?? sections.child(named: name)
    }
}

/// The data completeness box of a page.
public struct CompletenessView: TemplateModel {
    public var complete = true
    public var hoursExpected = "", hoursRead = "", missingCount = "", duplicatesDropped = "", malformedFields = "", skippedElements = ""
    public var missing: [MissingRunView] = []

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "complete": { $0.complete },
        "incomplete": { !$0.complete },
        "hoursExpected": { $0.hoursExpected },
        "hoursRead": { $0.hoursRead },
        "missingCount": { $0.missingCount },
        "missing": { $0.missing },
        "duplicatesDropped": { $0.duplicatesDropped },
        "malformedFields": { $0.malformedFields },
        "skippedElements": { $0.skippedElements },
    ]
}

/// Consecutive missing hours of one kind of reason.
public struct MissingRunView: TemplateModel {
    public var hour: String, reason: String

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "hour": { $0.hour },
        "reason": { $0.reason },
    ]
}

/// The period compared with.
public struct ComparisonView: TemplateModel {
    public var range: String, incomplete: Bool, missingCount: String, hoursExpected: String
    public var missing: [MissingRunView]

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "range": { $0.range },
        "incomplete": { $0.incomplete },
        "missingCount": { $0.missingCount },
        "hoursExpected": { $0.hoursExpected },
        "missing": { $0.missing },
    ]
}

/// A row of the call target table (and the total row).
public struct TargetRowView: TemplateModel {
    public var id = "", name = "", href = "", csvHref = ""
    public var attempts = "", requests = "", successRate = "", responseMean = "", responseP90 = "", onTime = "", hold = "", talk = ""

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "id": { $0.id },
        "name": { $0.name },
        "href": { $0.href },
        "csvHref": { $0.csvHref },
        "attempts": { $0.attempts },
        "requests": { $0.requests },
        "successRate": { $0.successRate },
        "responseMean": { $0.responseMean },
        "responseP90": { $0.responseP90 },
        "onTime": { $0.onTime },
        "hold": { $0.hold },
        "talk": { $0.talk },
    ]
}

/// A page's goals: the scope, the counts and a row per goal.
public struct GoalsView: TemplateModel {
    public var scope: String, counts: String
    public var rows: [GoalRowView]

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "scope": { $0.scope },
        "counts": { $0.counts },
        "rows": { $0.rows },
    ]
}

/// A goal and its verdict; `status` is met, missed or unknown.
public struct GoalRowView: TemplateModel {
    public var goal: String, verdict: String, status: String

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "goal": { $0.goal },
        "verdict": { $0.verdict },
        "status": { $0.status },
    ]
}

/// "Needs attention" on the index: the missed goals, or the line saying none is.
public struct AttentionView: TemplateModel {
    public var none: String? = nil
    public var count: String? = nil
    public var missed: [MissedGoalView]

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "hasMissed": { !$0.missed.isEmpty },
        "none": { $0.none },
        "count": { $0.count },
        "missed": { $0.missed.isEmpty ? nil : $0.missed },
    ]
}

/// A missed goal, linking to its target's page.
public struct MissedGoalView: TemplateModel {
    public var href: String, name: String, goal: String, verdict: String

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "href": { $0.href },
        "name": { $0.name },
        "goal": { $0.goal },
        "verdict": { $0.verdict },
    ]
}
