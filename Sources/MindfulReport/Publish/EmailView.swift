import Mustache

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

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "subject": { $0.subject },
        "title": { $0.title },
        "range": { $0.range },
        "headline": { $0.headline },
        "targets": { $0.targets },
        "hasTargets": { $0.hasTargets },
        "allRow": { $0.allRow },
        "allBar": { $0.allBar },
        "complete": { $0.complete },
        "completeness": { $0.completeness },
        "generated": { $0.generated },
        "piiMasked": { $0.piiMasked },
        "attention": { $0.attention },
        "more": { $0.more },
        "reportURL": { $0.reportURL },
    ]
}

/// A headline figure of the email.
struct EmailFigureView: TemplateModel {
    var label: String, value: String, detail: String

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "label": { $0.label },
        "value": { $0.value },
        "detail": { $0.detail },
    ]
}

/// A call target (or the total) with its success rate as a bar.
struct EmailTargetView: TemplateModel {
    var name: String, id: String, requests: String, successRate: String, responseMean: String
    var bar: EmailBarView?

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "name": { $0.name },
        "id": { $0.id },
        "requests": { $0.requests },
        "successRate": { $0.successRate },
        "responseMean": { $0.responseMean },
        "bar": { $0.bar },
    ]
}

/// A bar of table cells: the filled part and the rest, each present when not empty.
struct EmailBarView: TemplateModel {
    var filled: EmailWidthView?, rest: EmailWidthView?

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "filled": { $0.filled },
        "rest": { $0.rest },
    ]
}

/// A width in percent, such as `78%`.
struct EmailWidthView: TemplateModel {
    var width: String

    static let templateKeys: [String: @Sendable (Self) -> Any?] = ["width": { $0.width }]
}

/// The missed goals, worst first, and how many more are in goals.csv.
struct EmailAttentionView: TemplateModel {
    var count: String
    var missed: [EmailMissedGoalView]
    var moreMissed: String?

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "count": { $0.count },
        "missed": { $0.missed },
        "moreMissed": { $0.moreMissed },
    ]
}

/// A missed goal of the email.
struct EmailMissedGoalView: TemplateModel {
    var name: String, goal: String, verdict: String

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "name": { $0.name },
        "goal": { $0.goal },
        "verdict": { $0.verdict },
    ]
}
