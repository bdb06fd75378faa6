import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a site keeps about each report in `DIR/<id>/report.json`; the archive page is rebuilt
/// from these files alone.
public struct SiteEntry: Sendable, Codable, Equatable {
    /// The folder name (``SiteReportID``).
    public var id: String
    public var kind: RangeKind
    public var from: String
    public var to: String
    public var timeZone: String
    public var title: String
    /// The call targets a filtered report counts; `nil` for all of them.
    public var targets: [String]?
    /// True for a filtered or specially titled report, which never replaces the full one.
    public var oneOff: Bool
    public var requests: Int
    public var attempts: Int
    public var successRate: Double?
    public var responseMeanSeconds: Double?
    public var hoursExpected: Int
    public var hoursRead: Int
    public var hoursMissing: Int
    /// ISO 8601, UTC.
    public var generated: String
    /// Goals held against the report's figures, and how many were missed; `nil` when no goals
    /// were set (or the report predates goals).
    public var goalsSet: Int?
    public var goalsMissed: Int?

    public var isComplete: Bool { hoursMissing == 0 }

    /// The entry of a finished report.
    public init(id: String, metrics: ReportMetrics, title: String, targets: [String]?, oneOff: Bool, generated: Date,
                goals: GoalEvaluation? = nil) {
        self.id = id
        kind = RangeKind.of(from: metrics.range.from, to: metrics.range.to)
        from = metrics.range.from.description
        to = metrics.range.to.description
        timeZone = metrics.range.zoneName
        self.title = title
        self.targets = targets
        self.oneOff = oneOff
        requests = metrics.all.requests
        attempts = metrics.all.stats.attempts
        successRate = metrics.all.successRate
        responseMeanSeconds = metrics.all.stats.response.mean
        hoursExpected = metrics.completeness.hoursExpected
        hoursRead = metrics.completeness.hoursRead
        hoursMissing = metrics.completeness.missing.count
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        self.generated = f.string(from: generated)
        if let goals {
            goalsSet = goals.results.count
            goalsMissed = goals.missedCount
        }
    }

    /// Newest first: later end date, then later start, then full before one-off, then id.
    public static func newestFirst(_ a: SiteEntry, _ b: SiteEntry) -> Bool {
        if a.to != b.to { return a.to > b.to }
        if a.from != b.from { return a.from > b.from }
        if a.oneOff != b.oneOff { return !a.oneOff }
        return CodePointOrder.less(a.id, b.id)
    }

    func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data()) + [0x0A]
    }
}

/// An internal web site of reports: `DIR/<id>/` per report, `DIR/index.html` listing them all
/// (newest first, grouped daily, weekly, monthly, other), and `DIR/latest/index.html`
/// redirecting to the newest full daily report. Every link is relative.
///
/// A run holds an exclusive `flock` on `DIR/.lock` from before the report is published until the
/// archive is rewritten, so two runs at once take turns. The report folder is swapped in whole
/// (``ReportWriter``); the archive and `latest` pages are written to a temporary file and
/// renamed. A folder that holds other files and no `.mindful-report-site` marker is refused.
public struct SitePublisher: Sendable {
    public let folder: URL
    /// Daily reports to keep (the newest N); `nil` keeps all.
    public let keep: Int?
    /// The marker of a site folder.
    public static let marker = ".mindful-report-site"
    /// The file a run holds its `flock` on.
    static let lockFile = ".lock"
    /// The file of a report's metadata.
    public static let metadataFile = "report.json"

    /// A publisher into the site folder; `keep` daily reports are kept (all when `nil`).
    public init(folder: URL, keep: Int? = nil) {
        self.folder = folder.standardizedFileURL
        self.keep = keep
    }

    /// Makes the report into `DIR/<id>/` with a link back to the archive and its `report.json`,
    /// then prunes (`keep`) and rewrites the archive and `latest` pages.
    ///
    /// `targets` and `oneOffTitle` make the report a one-off (see ``SiteReportID``);
    /// `options.output` is replaced by the site folder of the report.
    public func publish(_ options: ReportOptions, source: any RecordSource, targets: [String]?, oneOffTitle: String?,
                        now: Date = Date()) async throws(SiteError) -> SitePublication {
        try prepareFolder()
        let lock = try await SiteLock.acquire(folder.appendingPathComponent(Self.lockFile).path)
        defer { lock.release() }
        try writeMarker()
        let r = options.range
        let id = SiteReportID.id(from: r.from, to: r.to, targets: targets, title: oneOffTitle)
        var options = options
        options.output = folder.appendingPathComponent(id, isDirectory: true)
        options.archiveHref = "../index.html"
        let title = options.title
        let oneOff = (targets?.isEmpty == false) || oneOffTitle != nil
        let goals = options.goals.flatMap { $0.isEmpty ? nil : $0 }
        options.extraFiles = { metrics, generated in
            let evaluation = goals.map { GoalEvaluation(goals: $0, metrics: metrics) }
            let entry = SiteEntry(id: id, metrics: metrics, title: title, targets: targets, oneOff: oneOff, generated: generated,
                                  goals: evaluation)
            return [(Self.metadataFile, entry.json())]
        }
        let result: ReportResult
        do { result = try await ReportPipeline(options: options, source: source).run(now: now) } catch { throw .report(error) }
        let pruned = try prune()
        let renderer: PageRenderer
        do {
            let templates = try options.templatesDirectory.map(TemplateSet.overriding(with:)) ?? TemplateSet.bundled
            renderer = try PageRenderer(templates: templates)
        } catch { throw .render(error) }
        let entries = try rewriteIndex(renderer: renderer, now: now)
        return SitePublication(result: result, id: id, entries: entries, pruned: pruned)
    }

    /// Creates the folder, or refuses one of other files. The marker is written later, under the
    /// lock (``writeMarker()``), so this check also accepts what a run that started a moment
    /// earlier leaves while it waits: the lock file and the marker's temporary file.
    func prepareFolder() throws(SiteError) {
        try refuseForeignFolder()
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .cannotWrite(path: folder.path, underlying: "\(error)")
        }
    }

    /// Writes the site marker if it is missing. Called with the lock held, after checking again
    /// that no other files appeared.
    func writeMarker() throws(SiteError) {
        try refuseForeignFolder()
        let marker = folder.appendingPathComponent(Self.marker)
        guard !FileManager.default.fileExists(atPath: marker.path) else { return }
        do {
            try AtomicFile.write(Array("mindful-report site: report folders, index.html and latest/ are rewritten by each run.\n".utf8), to: marker)
        } catch { throw .cannotWrite(path: folder.path, underlying: "\(error)") }
    }

    /// Throws ``SiteError/notASiteFolder(path:)`` when `folder` is a file, or a folder without the
    /// marker that holds anything but a lock file and the marker's temporary file.
    func refuseForeignFolder() throws(SiteError) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isDir) else { return }
        guard isDir.boolValue else { throw .notASiteFolder(path: folder.path) }
        let contents = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
        if contents.contains(Self.marker) { return }
        let foreign = contents.filter { $0 != Self.lockFile && !$0.hasPrefix(".\(Self.marker).tmp-") }
        if !foreign.isEmpty { throw .notASiteFolder(path: folder.path) }
    }

    /// Every report on the site, read from its `report.json`, newest first. Folders without a
    /// readable one (and hidden folders) are skipped.
    public func entries() -> [SiteEntry] {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
        var entries: [SiteEntry] = []
        for name in names where !name.hasPrefix(".") && name != "latest" {
            let path = folder.appendingPathComponent(name).appendingPathComponent(Self.metadataFile).path
            guard let bytes = try? FileBytes.read(path),
                  let entry = try? JSONDecoder().decode(SiteEntry.self, from: Data(bytes)), entry.id == name else { continue }
            entries.append(entry)
        }
        return entries.sorted(by: SiteEntry.newestFirst)
    }

    /// Removes daily reports beyond the newest `keep` (one-offs count too); returns their ids.
    func prune() throws(SiteError) -> [String] {
        guard let keep else { return [] }
        let daily = entries().filter { $0.kind == .daily }
        guard daily.count > keep else { return [] }
        let fm = FileManager.default
        var removed: [String] = []
        for entry in daily.dropFirst(keep) {
            let dir = folder.appendingPathComponent(entry.id)
            guard fm.fileExists(atPath: dir.appendingPathComponent(ReportWriter.marker).path) else { continue }
            // Out of the archive's sight first, in one rename, then deleted.
            let aside = folder.appendingPathComponent(".\(entry.id).pruned-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            do { try fm.moveItem(at: dir, to: aside) } catch { throw .cannotWrite(path: dir.path, underlying: "\(error)") }
            try? fm.removeItem(at: aside)
            removed.append(entry.id)
        }
        return removed
    }

    /// Rewrites `index.html`, `report.css` and `latest/index.html` from the reports on disk.
    @discardableResult
    public func rewriteIndex(renderer: PageRenderer, now: Date = Date()) throws(SiteError) -> [SiteEntry] {
        let entries = self.entries()
        let archive = SiteArchiveModel(entries: entries, generatedAt: now)
        let validator = DocumentValidator()
        let index: [UInt8]
        do { index = try renderer.render("archive", archive.page()) } catch { throw .render(error) }
        do { try validator.validatePage(index, name: "index.html") } catch { throw .invalidPage(error) }
        var latest: [UInt8]?
        if let target = archive.latest {
            do { latest = try renderer.render("latest", archive.latestPage(target)) } catch { throw .render(error) }
            do { try validator.validatePage(latest!, name: "latest/index.html") } catch { throw .invalidPage(error) }
        }
        do {
            if let css = renderer.assets["report.css"] { try AtomicFile.write(css, to: folder.appendingPathComponent("report.css")) }
            if let latest {
                let dir = folder.appendingPathComponent("latest", isDirectory: true)
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try AtomicFile.write(latest, to: dir.appendingPathComponent("index.html"))
            } else {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent("latest"))
            }
            try AtomicFile.write(index, to: folder.appendingPathComponent("index.html"))
        } catch {
            throw .cannotWrite(path: folder.appendingPathComponent("index.html").path, underlying: "\(error)")
        }
        return entries
    }
}

/// What a site run did.
public struct SitePublication: Sendable {
    public let result: ReportResult
    /// The folder name of the report.
    public let id: String
    /// Every report now on the site, newest first.
    public let entries: [SiteEntry]
    /// Daily reports removed by `keep`.
    public let pruned: [String]
}

/// The view models of the archive and `latest` pages.
struct SiteArchiveModel {
    let entries: [SiteEntry]
    let generatedAt: Date

    /// The newest full daily report; else the newest full report; else the newest of all.
    var latest: SiteEntry? {
        entries.first { $0.kind == .daily && !$0.oneOff } ?? entries.first { !$0.oneOff } ?? entries.first
    }

    static let groupLabels: [RangeKind: String] = [.daily: "Daily", .weekly: "Weekly", .monthly: "Monthly", .other: "Other ranges"]

    func page() -> ArchiveView {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        let groups: [ArchiveGroupView] = RangeKind.allCases.compactMap { kind in
            let reports = entries.filter { $0.kind == kind }
            guard !reports.isEmpty else { return nil }
            return ArchiveGroupView(label: Self.groupLabels[kind]!, id: kind.rawValue, reports: reports.map(row))
        }
        return ArchiveView(pageTitle: "Callback reports", title: "Callback reports", root: "", count: DisplayFormat.count(entries.count),
                           generated: f.string(from: generatedAt), groups: groups, hasReports: !entries.isEmpty,
                           latest: latest.map { LatestView(href: "latest/index.html", label: $0.id) })
    }

    func row(_ e: SiteEntry) -> ArchiveRowView {
        let range = e.from == e.to ? e.from : "\(e.from) to \(e.to)"
        return ArchiveRowView(
            href: "\(e.id)/index.html",
            id: e.id,
            range: "\(range) (\(e.timeZone))",
            title: XHTMLText.clean(e.title),
            requests: DisplayFormat.count(e.requests),
            successRate: DisplayFormat.percent(e.successRate),
            responseMean: DisplayFormat.duration(e.responseMeanSeconds),
            completeness: e.isComplete ? "Complete" : "Incomplete: \(DisplayFormat.count(e.hoursMissing)) of \(DisplayFormat.count(e.hoursExpected)) hours missing",
            incomplete: !e.isComplete,
            generated: e.generated,
            goals: Self.goalsText(e),
            goalsMissed: (e.goalsMissed ?? 0) > 0,
            note: e.targets.flatMap { $0.isEmpty ? nil : "call targets \($0.joined(separator: ", "))" })
    }

    /// `2 of 9 missed`, `0 of 9 missed`; `–` without goals.
    static func goalsText(_ e: SiteEntry) -> String {
        guard let set = e.goalsSet, set > 0 else { return DisplayFormat.none }
        let missed = e.goalsMissed ?? 0
        if missed > 0 { return "\(DisplayFormat.count(missed)) of \(DisplayFormat.count(set)) missed" }
        return "0 of \(DisplayFormat.count(set)) missed"
    }

    func latestPage(_ e: SiteEntry) -> LatestView {
        LatestView(href: "../\(e.id)/index.html", label: e.id, pageTitle: "Latest callback report: \(e.id)")
    }
}

/// An exclusive `flock` on a file, taken without blocking a thread: it polls, sleeping between
/// tries. Released on ``release()`` (closing the descriptor).
final class SiteLock: Sendable {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    static func acquire(_ path: String, timeout: Duration = .seconds(600)) async throws(SiteError) -> SiteLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .lockFailed(path: path, underlying: String(cString: strerror(errno))) }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            guard err == EWOULDBLOCK || err == EINTR else {
                close(fd)
                throw .lockFailed(path: path, underlying: String(cString: strerror(err)))
            }
            guard clock.now < deadline else {
                close(fd)
                throw .lockFailed(path: path, underlying: "another run held the lock for more than \(timeout)")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return SiteLock(fd: fd)
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// Why publishing to a site failed.
public enum SiteError: Error, Sendable, CustomStringConvertible {
    case notASiteFolder(path: String)
    case lockFailed(path: String, underlying: String)
    case report(ReportError)
    case render(RenderError)
    case invalidPage(ValidationFailure)
    case cannotWrite(path: String, underlying: String)

    public var description: String {
        switch self {
        case .notASiteFolder(let path): return "the site folder \(path) holds files that are not a mindful-report site; choose an empty or new folder"
        case .lockFailed(let path, let underlying): return "cannot lock the site (\(path)): \(underlying)"
        case .report(let e): return e.description
        case .render(let e): return e.description
        case .invalidPage(let failure): return "invalid archive page, not written: \(failure)"
        case .cannotWrite(let path, let underlying): return "cannot write \(path): \(underlying)"
        }
    }
}
