// What the page templates (index, target and their partials) read, as typed values: each
// stored property is a name the template reads (see ``TemplateModel``).

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

}

/// The data completeness box of a page.
public struct CompletenessView: TemplateModel {
    public var complete = true
    public var hoursExpected = "", hoursRead = "", missingCount = "", duplicatesDropped = "", malformedFields = "", skippedElements = ""
    public var missing: [MissingRunView] = []
}

/// Consecutive missing hours of one kind of reason.
public struct MissingRunView: TemplateModel {
    public var hour: String, reason: String
}

/// The period compared with.
public struct ComparisonView: TemplateModel {
    public var range: String, incomplete: Bool, missingCount: String, hoursExpected: String
    public var missing: [MissingRunView]
}

/// A row of the call target table (and the total row).
public struct TargetRowView: TemplateModel {
    public var id = "", name = "", href = "", csvHref = ""
    public var attempts = "", requests = "", successRate = "", responseMean = "", responseP90 = "", onTime = "", hold = "", talk = ""
}

/// A page's goals: the scope, the counts and a row per goal.
public struct GoalsView: TemplateModel {
    public var scope: String, counts: String
    public var rows: [GoalRowView]
}

/// A goal and its verdict; `status` is met, missed or unknown.
public struct GoalRowView: TemplateModel {
    public var goal: String, verdict: String, status: String
}

/// "Needs attention" on the index: the missed goals, or the line saying none is.
public struct AttentionView: TemplateModel {
    public var none: String? = nil
    public var count: String? = nil
    public var missed: [MissedGoalView]
}

/// A missed goal, linking to its target's page.
public struct MissedGoalView: TemplateModel {
    public var href: String, name: String, goal: String, verdict: String
}

extension PageView: DerivedTemplateKeys {
    /// `hasNotes`, `hasTargets` (index only), and the sections' names as the page's own.
    public func addDerivedKeys(to object: inout TemplateObject) {
        object.append("hasNotes", .bool(!notes.isEmpty))
        if let targets { object.append("hasTargets", .bool(!targets.isEmpty)) }
        if case .object(let sections)? = object.remove("sections") { object.fields += sections.fields }
    }
}

extension CompletenessView: DerivedTemplateKeys {
    /// `incomplete`: the opposite of `complete`.
    public func addDerivedKeys(to object: inout TemplateObject) {
        object.append("incomplete", .bool(!complete))
    }
}

extension AttentionView: DerivedTemplateKeys {
    /// `hasMissed`: some goal is missed.
    public func addDerivedKeys(to object: inout TemplateObject) {
        object.append("hasMissed", .bool(!missed.isEmpty))
    }
}
