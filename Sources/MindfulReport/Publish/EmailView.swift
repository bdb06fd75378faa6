/// What the email template (`email.mustache`) reads: headline figures, the call targets with
/// success bars, missed goals and completeness. A name it does not have, or a nil optional, is
/// looked up in the enclosing section, as Mustache does for a missing key.
struct EmailView: TemplateModel {
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
}

/// A headline figure of the email.
struct EmailFigureView: TemplateModel {
    var label: String, value: String, detail: String
}

/// A call target (or the total) with its success rate as a bar.
struct EmailTargetView: TemplateModel {
    var name: String, id: String, requests: String, successRate: String, responseMean: String
    var bar: EmailBarView?
}

/// A bar of table cells: the filled part and the rest, each present when not empty.
struct EmailBarView: TemplateModel {
    var filled: EmailWidthView?, rest: EmailWidthView?
}

/// A width in percent, such as `78%`.
struct EmailWidthView: TemplateModel {
    var width: String
}

/// The missed goals, worst first, and how many more are in goals.csv.
struct EmailAttentionView: TemplateModel {
    var count: String
    var missed: [EmailMissedGoalView]
    var moreMissed: String?
}

/// A missed goal of the email.
struct EmailMissedGoalView: TemplateModel {
    var name: String, goal: String, verdict: String
}
