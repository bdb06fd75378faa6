import Mustache

/// What the site's archive page (`archive.mustache`) reads: the reports, grouped by kind of
/// range, newest first, and a link to the latest. A name it does not have, or a nil optional,
/// is looked up in the enclosing section, as Mustache does for a missing key.
struct ArchiveView: TemplateModel {
    var pageTitle: String, title: String, root: String, count: String, generated: String
    var groups: [ArchiveGroupView]
    var hasReports: Bool
    var latest: LatestView?

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "pageTitle": { $0.pageTitle },
        "title": { $0.title },
        "root": { $0.root },
        "count": { $0.count },
        "groups": { $0.groups },
        "hasReports": { $0.hasReports },
        "generated": { $0.generated },
        "latest": { $0.latest },
    ]
}

/// The reports of one kind of range (daily, weekly, ...).
struct ArchiveGroupView: TemplateModel {
    var label: String, id: String
    var reports: [ArchiveRowView]

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "label": { $0.label },
        "id": { $0.id },
        "reports": { $0.reports },
    ]
}

/// A report of the archive with its headline figures.
struct ArchiveRowView: TemplateModel {
    var href: String, id: String, range: String, title: String, requests: String, successRate: String, responseMean: String
    var completeness: String, incomplete: Bool, generated: String, goals: String, goalsMissed: Bool
    /// The call targets a report was limited to.
    var note: String?

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "href": { $0.href },
        "id": { $0.id },
        "range": { $0.range },
        "title": { $0.title },
        "requests": { $0.requests },
        "successRate": { $0.successRate },
        "responseMean": { $0.responseMean },
        "completeness": { $0.completeness },
        "incomplete": { $0.incomplete },
        "generated": { $0.generated },
        "goals": { $0.goals },
        "goalsMissed": { $0.goalsMissed },
        "note": { $0.note },
    ]
}

/// A link to the latest report: on the archive page, and the whole of `latest/index.html`
/// (which has a page title too).
struct LatestView: TemplateModel {
    var href: String, label: String
    var pageTitle: String?

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "href": { $0.href },
        "label": { $0.label },
        "pageTitle": { $0.pageTitle },
    ]
}
