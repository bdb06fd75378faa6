/// The folder name of a report on a site: `2023-06-08` for a day, `2023-W23` for an ISO week
/// (Monday to Sunday), `2023-06` for a calendar month, else `2023-06-01_2023-06-15`. A one-off
/// (filtered by call target, or with its own title) gets a suffix so it never replaces the full
/// report of the same range: `2023-06-08_targets-5298`, `2023-06-08_q2-review`,
/// `2023-06-08_targets-5298_q2-review`.
public enum SiteReportID {
    /// The folder name of the range alone.
    public static func rangeID(from: LocalDate, to: LocalDate) -> String {
        switch RangeKind.of(from: from, to: to) {
        case .daily: return from.description
        case .weekly:
            let w = isoWeek(of: from)
            return NumberText.padded(w.year, width: 4) + "-W" + NumberText.padded(w.week, width: 2)
        case .monthly: return String(from.description.prefix(7))
        case .other: return "\(from)_\(to)"
        }
    }

    /// The folder name of a report: the range id and, for a one-off, its suffix.
    public static func id(from: LocalDate, to: LocalDate, targets: [String]?, title: String?) -> String {
        var id = rangeID(from: from, to: to)
        if let suffix = targetSuffix(targets) { id += "_" + suffix }
        if let title, let slug = titleSlug(title) { id += "_" + slug }
        return id
    }

    /// `targets-ID-ID` from each id's ``TargetSlug``, in sorted order; a long list becomes
    /// `targets-N-HASH`.
    static func targetSuffix(_ targets: [String]?) -> String? {
        guard let targets, !targets.isEmpty else { return nil }
        let ids = Array(Set(targets)).sorted { CodePointOrder.less($0, $1) }
        let joined = ids.map(TargetSlug.slug(forTargetId:)).joined(separator: "-")
        if joined.utf8.count <= 48 { return "targets-" + joined }
        let hash = String(TargetSlug.fnv1a(Array(ids.joined(separator: "\u{0}").utf8)), radix: 16)
        return "targets-\(ids.count)-" + String(repeating: "0", count: 16 - hash.count) + hash
    }

    /// Lower-case letters and digits of the title, other runs as `-`, at most 40 characters;
    /// a title with no such characters gets a hash.
    static func titleSlug(_ title: String) -> String? {
        var slug = ""
        for b in title.utf8 {
            if (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) { slug.unicodeScalars.append(Unicode.Scalar(b)) }
            else if (0x41...0x5A).contains(b) { slug.unicodeScalars.append(Unicode.Scalar(b + 32)) }
            else if !slug.isEmpty && !slug.hasSuffix("-") { slug += "-" }
            if slug.count >= 40 { break }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.isEmpty {
            guard !title.isEmpty else { return nil }
            let hash = String(TargetSlug.fnv1a(Array(title.utf8)), radix: 16)
            return "title-" + hash
        }
        return slug
    }

    /// The ISO 8601 week-numbering year and week of a date.
    public static func isoWeek(of date: LocalDate) -> (year: Int, week: Int) {
        let thursday = date.adding(days: 3 - date.weekdayIndex)
        let year = thursday.components.year
        let jan1 = LocalDate(year: year, month: 1, day: 1)!
        return (year, (thursday.day - jan1.day) / 7 + 1)
    }
}
