import Foundation

/// What to report: the report's range and options, and the call targets it counts.
public struct ReportJob: Sendable {
    /// The report (its `output` is replaced when publishing to a site or only mailing).
    public var report: ReportOptions
    /// Only these call targets are counted (`nil` or empty: all).
    public var targets: [String]?
    /// A title given for a one-off report: a site keeps it beside the full report.
    public var oneOffTitle: String?

    public init(report: ReportOptions, targets: [String]? = nil, oneOffTitle: String? = nil) {
        self.report = report
        self.targets = targets
        self.oneOffTitle = oneOffTitle
    }
}

/// Where a report goes: a report folder or a site, then the email to a file and/or to sendmail.
public struct Delivery: Sendable {
    /// The report folder, when not publishing to a site.
    public var output: URL?
    /// The site folder.
    public var site: URL?
    /// Daily reports kept on the site (`nil`: all).
    public var keep: Int?
    /// The public URL of the site folder, for the email's link.
    public var siteURL: String?
    /// The email, when one is wanted.
    public var email: ReportEmail?
    /// The file the email is written to.
    public var emailFile: URL?
    /// The sendmail program the email is piped to.
    public var sendmailPath: String?

    public init(output: URL? = nil, site: URL? = nil, keep: Int? = nil, siteURL: String? = nil, email: ReportEmail? = nil,
                emailFile: URL? = nil, sendmailPath: String? = nil) {
        self.output = output
        self.site = site
        self.keep = keep
        self.siteURL = siteURL
        self.email = email
        self.emailFile = emailFile
        self.sendmailPath = sendmailPath
    }

    /// True when the report is written to a folder or a site (not only mailed).
    public var publishes: Bool { output != nil || site != nil }

    /// Why the destinations do not fit together, or `nil` when they do.
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
    /// The report as made.
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

/// Makes a ``ReportJob``'s report from a source and delivers it as a ``Delivery`` says.
public struct DeliveryJob: Sendable {
    /// What to report.
    public let job: ReportJob
    /// Where it goes.
    public let delivery: Delivery
    /// Where the hours come from.
    public let source: any RecordSource

    public init(job: ReportJob, delivery: Delivery, source: any RecordSource) {
        self.job = job
        self.delivery = delivery
        self.source = source
    }

    /// Writes the report, publishes it and sends the email.
    /// - Throws: ``DeliveryError``; when only the email failed, it carries what was published.
    public func run(now: Date = Date()) async throws(DeliveryError) -> DeliveryOutcome {
        if let conflict = delivery.conflict { throw .conflict(conflict) }
        var report = job.report
        if let targets = job.targets, !targets.isEmpty { report.targetFilter = TargetFilter(ids: Set(targets)) }
        var siteID: String?, pruned: [String] = [], reportURL: String?
        var scratch: URL?
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        let result: ReportResult
        if let site = delivery.site {
            let publication: SitePublication
            do {
                publication = try await SitePublisher(folder: site, keep: delivery.keep)
                    .publish(report, source: source, targets: job.targets, oneOffTitle: job.oneOffTitle, now: now)
            } catch { throw .site(error) }
            result = publication.result
            siteID = publication.id
            pruned = publication.pruned
            if let base = delivery.siteURL, !base.isEmpty {
                reportURL = (base.hasSuffix("/") ? base : base + "/") + publication.id + "/index.html"
            }
        } else {
            if let output = delivery.output {
                report.output = output
            } else {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mindful-report-mail-\(UUID().uuidString)", isDirectory: true)
                scratch = folder
                report.output = folder.appendingPathComponent("report", isDirectory: true)
            }
            do { result = try await ReportPipeline(options: report, source: source).run(now: now) } catch { throw .report(error) }
        }

        let published = delivery.publishes
        guard var email = delivery.email else {
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
            if let file = delivery.emailFile {
                do { try AtomicFile.write(bytes, to: file.standardizedFileURL) } catch {
                    throw MailError.cannotWrite(path: file.path, underlying: "\(error)")
                }
            }
            if let path = delivery.sendmailPath { try MailSender(path: path).send(bytes) }
        } catch {
            let outcome = DeliveryOutcome(result: result, siteID: siteID, pruned: pruned, reportURL: reportURL, email: emailBytes, sent: false)
            throw .mail(error, published: published ? outcome : nil)
        }
        return DeliveryOutcome(result: result, siteID: siteID, pruned: pruned, reportURL: reportURL, email: emailBytes,
                               sent: delivery.sendmailPath != nil)
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
