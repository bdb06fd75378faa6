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

extension DeliveryPlan {
    /// Why the plan's destinations do not fit together, or `nil` when they do.
    public var conflict: String? {
        if output != nil && site != nil { return "a report folder and a site folder both say where the report goes; give one" }
        if output == nil && site == nil && email == nil { return "nowhere to put the report: give a report folder, a site or an email" }
        if email != nil && emailFile == nil && sendmailPath == nil {
            return "an email was asked for but neither a file nor sendmail says where it goes"
        }
        return nil
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
        if let conflict = plan.conflict { throw .conflict(conflict) }
        var report = plan.report
        if let targets = plan.targets, !targets.isEmpty { report.targetFilter = TargetFilter(ids: Set(targets)) }
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

        let published = plan.output != nil || plan.site != nil
        guard var email = plan.email else {
            return DeliveryOutcome(result: result, siteID: siteID, pruned: pruned, reportURL: reportURL, email: nil, sent: false)
        }
        email.reportURL = reportURL
        email.title = report.title
        email.goals = result.goals
        var emailBytes: [UInt8]?
        do throws(MailError) {
            let templates: TemplateSet
            do { templates = try report.templatesDirectory.map(TemplateSet.overriding(with:)) ?? TemplateSet.bundled } catch {
                throw MailError.render(error)
            }
            let message = try email.message(metrics: result.metrics, reportFolder: result.output, templates: templates,
                                            piiMode: report.piiMode, generatedAt: now)
            let bytes = try message.bytes()
            emailBytes = bytes
            if let file = plan.emailFile {
                do { try AtomicFile.write(bytes, to: file.standardizedFileURL) } catch {
                    throw MailError.cannotWrite(path: file.path, underlying: "\(error)")
                }
            }
            if let path = plan.sendmailPath { try MailSender(path: path).send(bytes) }
        } catch {
            let outcome = DeliveryOutcome(result: result, siteID: siteID, pruned: pruned, reportURL: reportURL, email: emailBytes, sent: false)
            throw .mail(error, published: published ? outcome : nil)
        }
        return DeliveryOutcome(result: result, siteID: siteID, pruned: pruned, reportURL: reportURL, email: emailBytes,
                               sent: plan.sendmailPath != nil)
    }
}

/// Why a delivery run failed.
public enum DeliveryError: Error, Sendable, CustomStringConvertible {
    /// Options that do not fit together.
    case conflict(String)
    case report(ReportError)
    case site(SiteError)
    /// The email failed; `published` is what the run did when the report itself was published
    /// (to a folder or a site) before.
    case mail(MailError, published: DeliveryOutcome?)

    public var description: String {
        switch self {
        case .conflict(let m): return m
        case .report(let e): return e.description
        case .site(let e): return e.description
        case .mail(let e, let published): return e.description + (published != nil ? " (the report itself was published)" : "")
        }
    }
}
