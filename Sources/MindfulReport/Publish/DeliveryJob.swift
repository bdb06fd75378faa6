import Foundation

/// One run of the daily job: the report to a folder (`--out`) or a site (`--site`), then the
/// email to a file (`--email`) and/or to sendmail. The command line only fills this in.
public struct DeliveryPlan: Sendable {
    /// The report (its `output` is replaced when publishing to a site or only mailing).
    public var report: ReportOptions
    /// `--out`: the report folder, when not publishing to a site.
    public var output: URL?
    /// `--site`: the site folder.
    public var site: URL?
    /// `--keep`: daily reports kept on the site.
    public var keep: Int?
    /// `--targets`: only these call targets are counted.
    public var targets: [String]?
    /// `--title` given for a one-off: the site keeps it beside the full report.
    public var oneOffTitle: String?
    /// The public URL of the site folder, for the email's link.
    public var siteURL: String?
    /// The email, when one is wanted.
    public var email: ReportEmail?
    /// `--email FILE.eml`.
    public var emailFile: URL?
    /// `--sendmail`: the sendmail program to pipe the email to.
    public var sendmailPath: String?

    public init(report: ReportOptions, output: URL? = nil, site: URL? = nil, keep: Int? = nil, targets: [String]? = nil,
                oneOffTitle: String? = nil, siteURL: String? = nil, email: ReportEmail? = nil, emailFile: URL? = nil,
                sendmailPath: String? = nil) {
        self.report = report
        self.output = output
        self.site = site
        self.keep = keep
        self.targets = targets
        self.oneOffTitle = oneOffTitle
        self.siteURL = siteURL
        self.email = email
        self.emailFile = emailFile
        self.sendmailPath = sendmailPath
    }
}

/// What a delivery run did.
public struct DeliveryOutcome: Sendable {
    public let result: ReportResult
    /// The report's folder name on the site, when published there.
    public let siteID: String?
    /// Daily reports removed from the site by `keep`.
    public let pruned: [String]
    /// The public URL of the report, when the site has one.
    public let reportURL: String?
    /// The email's bytes, when one was made.
    public let email: [UInt8]?
    /// True when sendmail took the email.
    public let sent: Bool
}

/// Runs a ``DeliveryPlan``.
public struct DeliveryJob: Sendable {
    public let plan: DeliveryPlan
    public let source: any RecordSource

    public init(plan: DeliveryPlan, source: any RecordSource) {
        self.plan = plan
        self.source = source
    }

    public func run(now: Date = Date()) async throws(DeliveryError) -> DeliveryOutcome {
        guard plan.output == nil || plan.site == nil else { throw .conflict("--out and --site both say where the report goes; give one") }
        guard plan.output != nil || plan.site != nil || plan.email != nil else {
            throw .conflict("nowhere to put the report: give --out, --site or --email/--sendmail")
        }
        if plan.email != nil && plan.emailFile == nil && plan.sendmailPath == nil {
            throw .conflict("an email was asked for but neither --email FILE.eml nor --sendmail says where it goes")
        }
        var source = self.source
        if let targets = plan.targets, !targets.isEmpty { source = TargetFilteredSource(base: source, targetIds: Set(targets)) }

        var report = plan.report
        var siteID: String?, pruned: [String] = [], reportURL: String?
        var scratch: URL?
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        let result: ReportResult
        if let site = plan.site {
            let publication: SitePublication
            do {
                publication = try await SitePublisher(folder: site, keep: plan.keep)
                    .publish(report, source: source, targets: plan.targets, oneOffTitle: plan.oneOffTitle, now: now)
            } catch { throw .site(error) }
            result = publication.result
            siteID = publication.id
            pruned = publication.pruned
            if let base = plan.siteURL, !base.isEmpty {
                reportURL = (base.hasSuffix("/") ? base : base + "/") + publication.id + "/index.html"
            }
        } else {
            if let output = plan.output {
                report.output = output
            } else {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mindful-report-mail-\(UUID().uuidString)", isDirectory: true)
                scratch = folder
                report.output = folder.appendingPathComponent("report", isDirectory: true)
            }
            do { result = try await ReportPipeline(options: report, source: source).run(now: now) } catch { throw .report(error) }
        }

        var emailBytes: [UInt8]?
        var sent = false
        if var email = plan.email {
            email.reportURL = reportURL
            email.title = report.title
            email.goals = result.goals
            do {
                let templates = try report.templatesDirectory.map(TemplateSet.overriding(with:)) ?? TemplateSet.bundled
                let message = try email.message(metrics: result.metrics, reportFolder: result.output, templates: templates,
                                                piiMode: report.piiMode, generatedAt: now)
                let bytes = try message.bytes()
                emailBytes = bytes
                if let file = plan.emailFile {
                    do { try AtomicFile.write(bytes, to: file.standardizedFileURL) } catch {
                        throw MailError.cannotWrite(path: file.path, underlying: "\(error)")
                    }
                }
                if let path = plan.sendmailPath {
                    try MailSender(path: path).send(bytes)
                    sent = true
                }
            } catch let error as MailError {
                throw .mail(error, reportWritten: plan.output != nil || plan.site != nil)
            } catch let error as RenderError {
                throw .mail(.render(error), reportWritten: plan.output != nil || plan.site != nil)
            } catch {
                throw .mail(.render(.missingTemplate("email")), reportWritten: plan.output != nil || plan.site != nil)
            }
        }
        return DeliveryOutcome(result: result, siteID: siteID, pruned: pruned, reportURL: reportURL, email: emailBytes, sent: sent)
    }
}

/// Why a delivery run failed.
public enum DeliveryError: Error, Sendable, CustomStringConvertible {
    /// Options that do not fit together.
    case conflict(String)
    case report(ReportError)
    case site(SiteError)
    /// The email failed; the report may already be published.
    case mail(MailError, reportWritten: Bool)

    public var description: String {
        switch self {
        case .conflict(let m): return m
        case .report(let e): return e.description
        case .site(let e): return e.description
        case .mail(let e, let written): return e.description + (written ? " (the report itself was published)" : "")
        }
    }
}
