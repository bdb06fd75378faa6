import Mustache

/// What the email template (`email.mustache`) reads: headline figures, the call targets with
/// success bars, missed goals and completeness. A name it does not have, or a nil optional, is
/// looked up in the enclosing section, as Mustache does for a missing key.
struct EmailView: MustacheParent, Sendable {
    var subject: String, title: String, range: String
    var headline: [EmailFigureView]
    var targets: [EmailTargetView]
    var hasTargets: Bool
    var allRow: EmailTargetView
    var allBar: EmailBarView?
    var complete: Bool, completeness: String, generated: String, piiMasked: Bool
    var attention: EmailAttentionView?
    /// Call targets left out of the table, when some are.
    var more: String?
    var reportURL: String?

    func child(named name: String) -> Any? {
        switch name {
        case "subject": subject
        case "title": title
        case "range": range
        case "headline": headline
        case "targets": targets
        case "hasTargets": hasTargets
        case "allRow": allRow
        case "allBar": allBar
        case "complete": complete
        case "completeness": completeness
        case "generated": generated
        case "piiMasked": piiMasked
        case "attention": attention
        case "more": more
        case "reportURL": reportURL
        default: nil
        }
    }
}

/// A headline figure of the email.
struct EmailFigureView: MustacheParent, Sendable {
    var label: String, value: String, detail: String

    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        case "detail": detail
        default: nil
        }
    }
}

/// A call target (or the total) with its success rate as a bar.
struct EmailTargetView: MustacheParent, Sendable {
    var name: String, id: String, requests: String, successRate: String, responseMean: String
    var bar: EmailBarView?

    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "id": id
        case "requests": requests
        case "successRate": successRate
        case "responseMean": responseMean
        case "bar": bar
        default: nil
        }
    }
}

/// A bar of table cells: the filled part and the rest, each present when not empty.
struct EmailBarView: MustacheParent, Sendable {
    var filled: EmailWidthView?, rest: EmailWidthView?

    func child(named name: String) -> Any? {
        switch name {
        case "filled": filled
        case "rest": rest
        default: nil
        }
    }
}

/// A width in percent, such as `78%`.
struct EmailWidthView: MustacheParent, Sendable {
    var width: String

    func child(named name: String) -> Any? { name == "width" ? width : nil }
}

/// The missed goals, worst first, and how many more are in goals.csv.
struct EmailAttentionView: MustacheParent, Sendable {
    var count: String
    var missed: [EmailMissedGoalView]
    var moreMissed: String?

    func child(named name: String) -> Any? {
        switch name {
        case "count": count
        case "missed": missed
        case "moreMissed": moreMissed
        default: nil
        }
    }
}

/// A missed goal of the email.
struct EmailMissedGoalView: MustacheParent, Sendable {
    var name: String, goal: String, verdict: String

    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "goal": goal
        case "verdict": verdict
        default: nil
        }
    }
}
