import Mustache

// What the page templates (index, target and their partials) read, as typed values. Each type
// answers the template's names in `child(named:)`: a name it does not have, or an optional
// that is nil, is looked up in the enclosing section, as Mustache does for a missing key.

/// The index page or a call target's page.
public struct PageView: MustacheParent, Sendable {
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

    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "pageTitle": pageTitle
        case "range": range
        case "generated": generated
        case "root": root
        case "notes": notes
        case "hasNotes": !notes.isEmpty
        case "completeness": completeness
        case "piiMasked": piiMasked
        case "comparison": comparison
        case "archiveHref": archiveHref
        case "goals": goals
        case "targets": targets
        case "allRow": allRow
        case "hasTargets": targets.map { !$0.isEmpty }
        case "attention": attention
        case "target": target
        case "targetName": targetName
        case "targetId": targetId
        case "csvHref": csvHref
        default: sections.child(named: name)
        }
    }
}

/// The data completeness box of a page.
public struct CompletenessView: MustacheParent, Sendable {
    public var complete = true
    public var hoursExpected = "", hoursRead = "", missingCount = "", duplicatesDropped = "", malformedFields = "", skippedElements = ""
    public var missing: [MissingRunView] = []

    public func child(named name: String) -> Any? {
        switch name {
        case "complete": complete
        case "incomplete": !complete
        case "hoursExpected": hoursExpected
        case "hoursRead": hoursRead
        case "missingCount": missingCount
        case "missing": missing
        case "duplicatesDropped": duplicatesDropped
        case "malformedFields": malformedFields
        case "skippedElements": skippedElements
        default: nil
        }
    }
}

/// Consecutive missing hours of one kind of reason.
public struct MissingRunView: MustacheParent, Sendable {
    public var hour: String, reason: String

    public func child(named name: String) -> Any? {
        switch name {
        case "hour": hour
        case "reason": reason
        default: nil
        }
    }
}

/// The period compared with.
public struct ComparisonView: MustacheParent, Sendable {
    public var range: String, incomplete: Bool, missingCount: String, hoursExpected: String
    public var missing: [MissingRunView]

    public func child(named name: String) -> Any? {
        switch name {
        case "range": range
        case "incomplete": incomplete
        case "missingCount": missingCount
        case "hoursExpected": hoursExpected
        case "missing": missing
        default: nil
        }
    }
}

/// A row of the call target table (and the total row).
public struct TargetRowView: MustacheParent, Sendable {
    public var id = "", name = "", href = "", csvHref = ""
    public var attempts = "", requests = "", successRate = "", responseMean = "", responseP90 = "", onTime = "", hold = "", talk = ""

    public func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "name": self.name
        case "href": href
        case "csvHref": csvHref
        case "attempts": attempts
        case "requests": requests
        case "successRate": successRate
        case "responseMean": responseMean
        case "responseP90": responseP90
        case "onTime": onTime
        case "hold": hold
        case "talk": talk
        default: nil
        }
    }
}

/// A page's goals: the scope, the counts and a row per goal.
public struct GoalsView: MustacheParent, Sendable {
    public var scope: String, counts: String
    public var rows: [GoalRowView]

    public func child(named name: String) -> Any? {
        switch name {
        case "scope": scope
        case "counts": counts
        case "rows": rows
        default: nil
        }
    }
}

/// A goal and its verdict; `status` is met, missed or unknown.
public struct GoalRowView: MustacheParent, Sendable {
    public var goal: String, verdict: String, status: String

    public func child(named name: String) -> Any? {
        switch name {
        case "goal": goal
        case "verdict": verdict
        case "status": status
        default: nil
        }
    }
}

/// "Needs attention" on the index: the missed goals, or the line saying none is.
public struct AttentionView: MustacheParent, Sendable {
    public var none: String? = nil
    public var count: String? = nil
    public var missed: [MissedGoalView]

    public func child(named name: String) -> Any? {
        switch name {
        case "hasMissed": !missed.isEmpty
        case "none": none
        case "count": count
        case "missed": missed.isEmpty ? nil : missed
        default: nil
        }
    }
}

/// A missed goal, linking to its target's page.
public struct MissedGoalView: MustacheParent, Sendable {
    public var href: String, name: String, goal: String, verdict: String

    public func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "name": self.name
        case "goal": goal
        case "verdict": verdict
        default: nil
        }
    }
}
