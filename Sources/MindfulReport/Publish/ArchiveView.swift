import Mustache

/// What the site's archive page (`archive.mustache`) reads: the reports, grouped by kind of
/// range, newest first, and a link to the latest. A name it does not have, or a nil optional,
/// is looked up in the enclosing section, as Mustache does for a missing key.
struct ArchiveView: MustacheParent, Sendable {
    var pageTitle: String, title: String, root: String, count: String, generated: String
    var groups: [ArchiveGroupView]
    var hasReports: Bool
    var latest: LatestView?

    func child(named name: String) -> Any? {
        switch name {
        case "pageTitle": pageTitle
        case "title": title
        case "root": root
        case "count": count
        case "groups": groups
        case "hasReports": hasReports
        case "generated": generated
        case "latest": latest
        default: nil
        }
    }
}

/// The reports of one kind of range (daily, weekly, ...).
struct ArchiveGroupView: MustacheParent, Sendable {
    var label: String, id: String
    var reports: [ArchiveRowView]

    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "id": id
        case "reports": reports
        default: nil
        }
    }
}

/// A report of the archive with its headline figures.
struct ArchiveRowView: MustacheParent, Sendable {
    var href: String, id: String, range: String, title: String, requests: String, successRate: String, responseMean: String
    var completeness: String, incomplete: Bool, generated: String, goals: String, goalsMissed: Bool
    /// The call targets a report was limited to.
    var note: String?

    func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "id": id
        case "range": range
        case "title": title
        case "requests": requests
        case "successRate": successRate
        case "responseMean": responseMean
        case "completeness": completeness
        case "incomplete": incomplete
        case "generated": generated
        case "goals": goals
        case "goalsMissed": goalsMissed
        case "note": note
        default: nil
        }
    }
}

/// A link to the latest report: on the archive page, and the whole of `latest/index.html`
/// (which has a page title too).
struct LatestView: MustacheParent, Sendable {
    var href: String, label: String
    var pageTitle: String?

    func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "label": label
        case "pageTitle": pageTitle
        default: nil
        }
    }
}
