/// What the site's archive page (`archive.mustache`) reads: the reports, grouped by kind of
/// range, newest first, and a link to the latest. A name it does not have, or a nil optional,
/// is looked up in the enclosing section, as Mustache does for a missing key.
struct ArchiveView: TemplateModel {
    var pageTitle: String, title: String, root: String, count: String, generated: String
    var groups: [ArchiveGroupView]
    var hasReports: Bool
    var latest: LatestView?
}

/// The reports of one kind of range (daily, weekly, ...).
struct ArchiveGroupView: TemplateModel {
    var label: String, id: String
    var reports: [ArchiveRowView]
}

/// A report of the archive with its headline figures.
struct ArchiveRowView: TemplateModel {
    var href: String, id: String, range: String, title: String, requests: String, successRate: String, responseMean: String
    var completeness: String, incomplete: Bool, generated: String, goals: String, goalsMissed: Bool
    /// The call targets a report was limited to.
    var note: String?
}

/// A link to the latest report: on the archive page, and the whole of `latest/index.html`
/// (which has a page title too).
struct LatestView: TemplateModel {
    var href: String, label: String
    var pageTitle: String?
}
