import Foundation
import Synchronization

/// The daily email of a report: a subject with the range and headline figures, a plain-text
/// summary, an HTML body for mail clients (XHTML+ARIA 1.0: a `main` landmark, layout tables with
/// `role="presentation"`; inline styles only, table layout,
/// bars as table cells; no stylesheet, SVG or script), and the CSVs as attachments.
public struct ReportEmail: Sendable {
    /// The largest HTML body, in bytes as sent (CRLF line ends); the target table is cut short
    /// ("and N more") to fit.
    public static let htmlLimit = 100_000

    public var from: String
    public var to: [String]
    public var cc: [String]
    /// Put before the subject, such as `[Ops]`.
    public var subjectPrefix: String?
    /// The report's title; the subject says "Callbacks" for the default title.
    public var title: String
    /// The absolute URL of the report's page on the site, linked from the email when set.
    public var reportURL: String?
    /// Attach each call target's appendix CSV beside `summary.csv`.
    public var attachAppendices: Bool
    /// The report's goals held against its figures: missed goals end the subject and open the
    /// body.
    public var goals: GoalEvaluation? = nil
    /// Missed goals listed in the body (the rest are counted).
    static let missedListed = 20

    /// The daily email's addresses and options.
    public init(from: String, to: [String], cc: [String] = [], subjectPrefix: String? = nil, title: String = "Callback report",
                reportURL: String? = nil, attachAppendices: Bool = false) {
        self.from = from
        self.to = to
        self.cc = cc
        self.subjectPrefix = subjectPrefix
        self.title = title
        self.reportURL = reportURL
        self.attachAppendices = attachAppendices
    }

    /// `[prefix] Callbacks 2023-06-08: 1,234 requests, 78.3% success`, with the week, month or
    /// span for longer ranges, `(incomplete)` when hours are missing, and `, 2 goals missed`
    /// when goals are missed.
    public func subject(_ metrics: ReportMetrics) -> String {
        let r = metrics.range
        let span: String
        switch RangeKind.of(from: r.from, to: r.to) {
        case .daily: span = r.from.description
        case .weekly: span = "week " + SiteReportID.rangeID(from: r.from, to: r.to)
        case .monthly: span = SiteReportID.rangeID(from: r.from, to: r.to)
        case .other: span = "\(r.from) to \(r.to)"
        }
        let name = title == "Callback report" ? "Callbacks" : XHTMLText.clean(title)
        var s = "\(name) \(span): \(DisplayFormat.count(metrics.all.requests)) requests, \(DisplayFormat.percent(metrics.all.successRate)) success"
        if !metrics.completeness.isComplete { s += " (incomplete)" }
        if let missed = goals?.missedCount, missed > 0 { s += ", \(missed) goal\(missed == 1 ? "" : "s") missed" }
        if let p = subjectPrefix, !p.isEmpty { s = p + " " + s }
        return s
    }

    /// The message of a published report. `reportFolder` holds its CSVs (`summary.csv`,
    /// `targets/<slug>.csv`). The HTML body is validated before anything is returned.
    public func message(metrics: ReportMetrics, reportFolder: URL, templates: TemplateSet = .bundled, piiMode: PIIMode = .masked,
                        generatedAt: Date, messageID: String? = nil) throws(MailError) -> MailMessage {
        guard !from.isEmpty else { throw .noSender }
        guard !(to.isEmpty && cc.isEmpty) else { throw .noRecipients }
        let subject = self.subject(metrics)
        let html = try htmlBody(metrics, subject: subject, templates: templates, piiMode: piiMode, generatedAt: generatedAt)
        do { try DocumentValidator().validatePage(html, name: "email.html") } catch { throw .invalidHTML(error) }
        var attachments: [MailMessage.Attachment] = []
        func read(_ relative: String) throws(MailError) -> [UInt8] {
            let path = reportFolder.appendingPathComponent(relative).path
            do { return try FileBytes.read(path) } catch { throw .cannotRead(path: path, underlying: "\(error)") }
        }
        attachments.append(.init(filename: "summary.csv", contentType: "text/csv; charset=utf-8", bytes: try read("summary.csv")))
        if attachAppendices {
            for t in metrics.targets {
                let slug = TargetSlug.slug(forTargetId: t.id)
                attachments.append(.init(filename: "target-\(slug).csv", contentType: "text/csv; charset=utf-8", bytes: try read("targets/\(slug).csv")))
            }
        }
        let zone = metrics.range.timeZone
        return MailMessage(from: from, to: to, cc: cc, subject: subject, date: generatedAt, timeZone: zone,
                           messageID: messageID ?? MailMessage.makeMessageID(from: from, date: generatedAt),
                           text: textBody(metrics, subject: subject), html: html, attachments: attachments)
    }

    // MARK: Bodies

    /// The plain-text summary.
    public func textBody(_ metrics: ReportMetrics, subject: String) -> String {
        let all = metrics.all, c = metrics.completeness
        var lines: [String] = [subject, ""]
        if let goals, goals.missedCount > 0 {
            let missed = goals.missedWorstFirst
            lines.append("Needs attention: \(missed.count) goal\(missed.count == 1 ? "" : "s") missed, worst first.")
            for r in missed.prefix(Self.missedListed) {
                lines.append("- \(XHTMLText.clean(r.isAll ? r.targetName : (r.targetName.isEmpty ? "(no name)" : r.targetName))): \(r.goalText). \(r.verdictText).")
            }
            if missed.count > Self.missedListed { lines.append("- and \(missed.count - Self.missedListed) more (goals.csv on the site or in the report folder)") }
            lines.append("")
        }
        lines += ["Range: \(rangeText(metrics))", ""]
        lines.append("Requests:         \(DisplayFormat.count(all.requests)) (\(DisplayFormat.count(all.stats.attempts)) attempts)")
        lines.append("Success rate:     \(DisplayFormat.percent(all.successRate))")
        lines.append("Average response: \(DisplayFormat.duration(all.stats.response.mean))")
        lines.append("On time:          \(DisplayFormat.percent(all.stats.onTime.rate))")
        lines.append("Completeness:     \(completenessText(metrics))")
        lines.append("")
        if !metrics.targets.isEmpty {
            lines.append("Call targets by requests:")
            let shown = ordered(metrics).prefix(20)
            for t in shown {
                let name = XHTMLText.clean(t.name.isEmpty ? "(no name)" : t.name)
                lines.append("- \(name): \(DisplayFormat.count(t.requests)) requests, \(DisplayFormat.percent(t.successRate)) success, average response \(DisplayFormat.duration(t.stats.response.mean))")
            }
            if metrics.targets.count > shown.count { lines.append("- and \(metrics.targets.count - shown.count) more call targets") }
            lines.append("")
        }
        if !c.isComplete {
            lines.append("Missing hours (UTC start): " + c.missing.prefix(30).map { $0.hour.description }.joined(separator: ", ")
                         + (c.missing.count > 30 ? " and \(c.missing.count - 30) more" : ""))
            lines.append("")
        }
        if let reportURL { lines.append("Full report: \(reportURL)") }
        lines.append("Figures per call target: summary.csv (attached).")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The HTML body, cut to fit ``htmlLimit``.
    func htmlBody(_ metrics: ReportMetrics, subject: String, templates: TemplateSet, piiMode: PIIMode, generatedAt: Date) throws(MailError) -> [UInt8] {
        let renderer: PageRenderer
        do { renderer = try PageRenderer(templates: templates) } catch { throw .render(error) }
        let targets = ordered(metrics)
        func render(_ n: Int) throws(MailError) -> [UInt8] {
            do { return try renderer.render("email", model(metrics, subject: subject, targets: targets, shown: n, piiMode: piiMode, generatedAt: generatedAt)) }
            catch { throw .render(error) }
        }
        // Measured as sent: each line end becomes CRLF in the message.
        func fits(_ page: [UInt8]) -> Bool { page.count + page.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } < Self.htmlLimit }
        let full = try render(targets.count)
        if fits(full) { return full }
        var lo = 0, hi = targets.count  // render(lo) fits (assumed), render(hi) does not
        var best = try render(0)
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            let page = try render(mid)
            if fits(page) { lo = mid; best = page } else { hi = mid }
        }
        return best
    }

    /// Call targets by requests (most first), then report order.
    func ordered(_ metrics: ReportMetrics) -> [TargetFigures] {
        metrics.targets.enumerated().sorted { a, b in
            a.element.requests != b.element.requests ? a.element.requests > b.element.requests : a.offset < b.offset
        }.map(\.element)
    }

    func rangeText(_ metrics: ReportMetrics) -> String {
        let r = metrics.range
        return (r.from == r.to ? r.from.description : "\(r.from) to \(r.to)") + " (\(r.zoneName))"
    }

    func completenessText(_ metrics: ReportMetrics) -> String {
        let c = metrics.completeness
        return c.isComplete ? "complete, all \(DisplayFormat.count(c.hoursExpected)) hours read"
            : "INCOMPLETE: \(DisplayFormat.count(c.missing.count)) of \(DisplayFormat.count(c.hoursExpected)) hours missing"
    }

    func model(_ metrics: ReportMetrics, subject: String, targets: [TargetFigures], shown: Int, piiMode: PIIMode, generatedAt: Date) -> EmailView {
        let all = metrics.all
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        func bar(_ rate: Double?) -> EmailBarView? {
            guard let rate, rate.isFinite else { return nil }
            let pct = Int((min(max(rate, 0), 1) * 100).rounded())
            return EmailBarView(filled: pct > 0 ? EmailWidthView(width: "\(pct)%") : nil,
                                rest: pct < 100 ? EmailWidthView(width: "\(100 - pct)%") : nil)
        }
        func row(_ t: TargetFigures) -> EmailTargetView {
            EmailTargetView(
                name: XHTMLText.isolated(t.name.isEmpty ? "(no name)" : t.name),
                id: XHTMLText.isolated(t.id),
                requests: DisplayFormat.count(t.requests),
                successRate: DisplayFormat.percent(t.successRate),
                responseMean: DisplayFormat.duration(t.stats.response.mean),
                bar: bar(t.successRate))
        }
        var attention: EmailAttentionView? = nil
        if let goals, goals.missedCount > 0 {
            let missed = goals.missedWorstFirst
            attention = EmailAttentionView(
                count: "\(missed.count) goal\(missed.count == 1 ? "" : "s") missed, worst first",
                missed: missed.prefix(Self.missedListed).map { r in
                    EmailMissedGoalView(name: XHTMLText.isolated(r.isAll ? r.targetName : (r.targetName.isEmpty ? "(no name)" : r.targetName)),
                                        goal: XHTMLText.clean(r.goalText), verdict: XHTMLText.clean(r.verdictText))
                },
                moreMissed: missed.count > Self.missedListed ? DisplayFormat.count(missed.count - Self.missedListed) : nil)
        }
        return EmailView(
            subject: XHTMLText.clean(subject),
            title: XHTMLText.clean(title),
            range: rangeText(metrics),
            headline: [
                EmailFigureView(label: "Requests", value: DisplayFormat.count(all.requests), detail: "\(DisplayFormat.count(all.stats.attempts)) attempts"),
                EmailFigureView(label: "Success rate", value: DisplayFormat.percent(all.successRate), detail: "\(DisplayFormat.count(all.success)) ended in Success"),
                EmailFigureView(label: "Average response", value: DisplayFormat.duration(all.stats.response.mean), detail: "first attempts"),
                EmailFigureView(label: "On time", value: DisplayFormat.percent(all.stats.onTime.rate), detail: "of callbacks with a verdict"),
            ],
            targets: targets.prefix(shown).map(row),
            hasTargets: !targets.isEmpty,
            allRow: row(all),
            allBar: bar(all.successRate),
            complete: metrics.completeness.isComplete,
            completeness: completenessText(metrics),
            generated: f.string(from: generatedAt),
            piiMasked: piiMode == .masked,
            attention: attention,
            more: shown < targets.count ? DisplayFormat.count(targets.count - shown) : nil,
            reportURL: reportURL)
    }
}

/// Hands a message to `sendmail -t -i` (recipients from the headers; a lone `.` line is no end).
public struct MailSender: Sendable {
    /// The sendmail program.
    public var path: String

    /// A sender that runs `path -t -i`.
    public init(path: String = "/usr/sbin/sendmail") { self.path = path }

    /// Pipes the message in and waits; a non-zero exit status is an error with the program's
    /// first line of complaint.
    public func send(_ message: [UInt8]) throws(MailError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-t", "-i"]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try ProcessLaunch.run(process) } catch { throw .sendmailNotRunnable(path: path, underlying: "\(error.localizedDescription)") }
        // Collect stderr while writing, so a chatty sendmail cannot block us.
        let collected = StderrBox()
        let reader = Thread {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            collected.data.withLock { $0 = data }
            collected.done.signal()
        }
        reader.start()
        do {
            try input.fileHandleForWriting.write(contentsOf: Data(message))
            try input.fileHandleForWriting.close()
        } catch {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            collected.done.wait()
            throw .sendmailFailed(path: path, status: process.terminationStatus, stderr: "it stopped reading the message (\(error.localizedDescription))")
        }
        process.waitUntilExit()
        collected.done.wait()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: collected.data.withLock { $0 }, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            throw .sendmailFailed(path: path, status: process.terminationStatus, stderr: text)
        }
    }

    private final class StderrBox: Sendable {
        let data = Mutex(Data())
        let done = DispatchSemaphore(value: 0)
    }
}
