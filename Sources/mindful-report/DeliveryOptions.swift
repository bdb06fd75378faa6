import ArgumentParser
import Foundation
import MindfulReport

/// The range of a report: `--from/--to`, or for cron `--date`, `--last`, `--month`; all in
/// `--timezone` (else the config file's, else UTC).
struct ReportRangeOptions: ParsableArguments {
    @Option(help: "First local date of the report (YYYY-MM-DD); with --to.")
    var from: String?

    @Option(help: "Last local date of the report, inclusive (YYYY-MM-DD); with --from.")
    var to: String?

    @Option(help: "One local day: yesterday, today or YYYY-MM-DD.")
    var date: String?

    @Option(help: "Whole periods before now: 7d (7 days ending yesterday), 4w (4 ISO weeks before this week), 3m (3 calendar months before this month).")
    var last: String?

    @Option(help: "One calendar month (YYYY-MM).")
    var month: String?

    @Option(help: "IANA time zone of the dates (Europe/London, America/New_York); default from the config file, else UTC.")
    var timezone: String?

    /// The range, resolved at `now` in the zone.
    func resolve(timeZoneName: String, now: Date) throws -> ReportRange {
        do {
            let zone = try TimeZone.named(timeZoneName)
            let spec = try RangeSpec.fromOptions(from: from, to: to, date: date, last: last, month: month)
            let r = try spec.resolve(now: now, timeZone: zone)
            return try ReportRange(from: r.from, to: r.to, timeZone: zone)
        } catch let error as RangeSpecError {
            throw ValidationError(error.description)
        } catch let error as RangeError {
            throw ValidationError(error.description)
        }
    }
}

/// Site, email and filter options of `report` (and `check`).
struct DeliveryOptions: ParsableArguments {
    @Option(help: "Only these call targets (comma-separated ids); the ALL row is then their total.")
    var targets: String?

    @Option(help: "Publish to this site folder: DIR/<range-id>/, the archive DIR/index.html and DIR/latest/.")
    var site: String?

    @Option(help: "Public URL of the site folder, linked from the email.")
    var siteURL: String?

    @Option(help: "Keep only the newest N daily reports on the site.")
    var keep: Int?

    @Option(help: "Write the email (RFC 5322 / MIME) to this .eml file.")
    var email: String?

    @Flag(help: "Pipe the email to sendmail -t -i (path from the config file or --sendmail-path).")
    var sendmail = false

    @Option(help: "The sendmail program (default /usr/sbin/sendmail).")
    var sendmailPath: String?

    @Option(help: "From: of the email.")
    var mailFrom: String?

    @Option(help: "To: of the email (comma-separated).")
    var mailTo: String?

    @Option(help: "Cc: of the email (comma-separated).")
    var mailCc: String?

    @Option(help: "Text put before the email's subject, such as [Ops].")
    var subjectPrefix: String?

    @Flag(help: "Attach each call target's appendix CSV to the email.")
    var attachAppendices = false

    @Flag(help: "Exit with status 4 when the report is complete but a goal of the config file is missed.")
    var failOnMissedGoals = false

    func validate() throws {
        if let keep, keep < 1 { throw ValidationError("--keep must be 1 or more") }
    }

    static func list(_ text: String?) -> [String]? {
        text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// The flags as settings, to lay over the config file's.
    func flagSettings(timezone: String?, cache: String?, pii: PIIMode?, templates: String?) -> ReportConfig {
        ReportConfig(timeZone: timezone, cacheFolder: cache, targets: Self.list(targets), pii: pii, templatesFolder: templates,
                     siteFolder: site, siteURL: siteURL, keep: keep,
                     mail: .init(from: mailFrom, to: Self.list(mailTo), cc: Self.list(mailCc), subjectPrefix: subjectPrefix,
                                 sendmailPath: sendmailPath, attachAppendices: attachAppendices ? true : nil))
    }
}

/// What `report` does, from parsed options: settings, range, plan, checks before work, run,
/// exit status.
enum ReportRun {
    /// The plan of a report run and what it needs, made from the options.
    struct Plan {
        let setup: RunSetup
        let range: ReportRange
        let delivery: DeliveryPlan
        /// Every hour the run reads (with the period before, when comparing).
        let hours: [UTCHour]

        init(setup: RunSetup, range rangeOptions: ReportRangeOptions?, delivery: DeliveryOptions, output: ReportOutputOptions,
             comparePrevious: Bool) throws {
            self.setup = setup
            let settings = setup.settings
            let reportRange = try rangeOptions?.resolve(timeZoneName: settings.timeZone ?? "UTC", now: Date())
                ?? ReportRange(from: LocalDate("2023-06-08")!, to: LocalDate("2023-06-08")!, timeZone: TimeZone(identifier: "UTC")!)
            range = reportRange
            let wantsEmail = delivery.email != nil || delivery.sendmail
            var email: ReportEmail?
            if wantsEmail {
                email = ReportEmail(from: settings.mail.from ?? "", to: settings.mail.to ?? [], cc: settings.mail.cc ?? [],
                                    subjectPrefix: settings.mail.subjectPrefix, attachAppendices: settings.mail.attachAppendices ?? false)
            }
            let site = delivery.site ?? (output.out == nil ? settings.siteFolder : nil)
            var options = ReportOptions(range: reportRange, output: URL(fileURLWithPath: output.out ?? ".", isDirectory: true),
                                        title: output.title ?? "Callback report", piiMode: settings.pii ?? .masked,
                                        templatesDirectory: settings.templatesFolder.map { URL(fileURLWithPath: $0, isDirectory: true) })
            options.comparePrevious = comparePrevious
            options.goals = settings.goals
            self.delivery = DeliveryPlan(report: options, output: output.out.map { URL(fileURLWithPath: $0, isDirectory: true) },
                                         site: site.map { URL(fileURLWithPath: $0, isDirectory: true) }, keep: settings.keep,
                                         targets: settings.targets, oneOffTitle: output.title, siteURL: settings.siteURL, email: email,
                                         emailFile: delivery.email.map { URL(fileURLWithPath: $0) },
                                         sendmailPath: delivery.sendmail ? (settings.mail.sendmailPath ?? "/usr/sbin/sendmail") : nil)
            hours = comparePrevious ? reportRange.previousPeriod.hours + reportRange.hours : reportRange.hours
        }

        /// Every check that needs no network, in the order a person would fix them.
        func localChecks(forReport: Bool) async -> [PreflightCheck] {
            var checks = setup.accessChecks(hours: forReport ? hours : nil)
            let plan = delivery
            let hasDestination = plan.output != nil || plan.site != nil || plan.email != nil
            if let conflict = plan.conflict, forReport || hasDestination { checks.insert(.fail(.output, conflict), at: 0) }
            if let output = plan.output { checks.append(Preflight.output(output)) }
            if let site = plan.site { checks.append(Preflight.site(site)) }
            checks.append(await Preflight.templates(plan.report.templatesDirectory, title: plan.report.title, piiMode: plan.report.piiMode))
            if let email = plan.email {
                checks += Preflight.mail(from: email.from, to: email.to, cc: email.cc)
            }
            if let sendmail = plan.sendmailPath { checks.append(Preflight.sendmail(sendmail)) }
            return checks
        }
    }

    static func run(range: ReportRangeOptions, config: ConfigOptions, cacheOptions: CacheOptions, delivery: DeliveryOptions,
                    output: ReportOutputOptions, comparePrevious: Bool, fetchFlags: FetchFlags) async throws {
        let flags = delivery.flagSettings(timezone: range.timezone, cache: cacheOptions.cache, pii: output.pii, templates: output.templates)
        let setup = try RunSetup(config: config, cacheOptions: cacheOptions, fetchFlags: fetchFlags, flags: flags, offline: output.offline)
        let plan = try Plan(setup: setup, range: range, delivery: delivery, output: output, comparePrevious: comparePrevious)

        // Everything knowable before any hour is read: settings, folders, templates, mail, then
        // the OAuth token.
        try RunSetup.stopAtFirstFailure(await plan.localChecks(forReport: true), variables: setup.variables)
        let api = try await setup.connect(hours: plan.hours)
        let progress = output.offline ? nil : fetchFlags.progressLine()
        let source: any RecordSource
        var fetching: FetchingRecordSource? = nil
        if let api {
            fetching = FetchingRecordSource(cache: setup.cache, api: api, progress: progress)
            source = fetching!
        } else if output.offline {
            source = CacheRecordSource(cache: setup.cache)
        } else {
            // Every hour settled in the cache: no request, no credentials needed.
            let options = try setup.fetchOptions.get()
            fetching = FetchingRecordSource(cache: setup.cache, options: options, credentials: nil, progress: progress)
            source = fetching!
        }
        let result: Result<DeliveryOutcome, DeliveryError>
        do { result = .success(try await DeliveryJob(plan: plan.delivery, source: source).run()) } catch { result = .failure(error) }
        await api?.shutdown()
        if progress != nil { FileHandle.standardError.write(Data("\n".utf8)) }
        for summary in fetching?.fetchSummaries ?? [] { note(FetchFlags.summaryLine(summary)) }
        let outcome: DeliveryOutcome
        switch result {
        case .success(let o): outcome = o
        case .failure(.mail(let error, let published?)):
            // The report is out; only the email failed (SPEC: exit 5 before 3 and 4).
            report(published, plan: plan.delivery)
            FileHandle.standardError.write(Data("mindful-report: error: the email was not sent: \(error)\n".utf8))
            throw ExitStatus.mailFailed
        case .failure(let error):
            throw fail(error.description)
        }
        report(outcome, plan: plan.delivery)
        if !outcome.result.isComplete { throw ExitStatus.incomplete }
        if delivery.failOnMissedGoals && outcome.result.missedGoals > 0 { throw ExitStatus.goalsMissed }
    }

    /// The lines that say what a run published.
    static func report(_ outcome: DeliveryOutcome, plan: DeliveryPlan) {
        let metrics = outcome.result.metrics, c = metrics.completeness
        let figures = "\(metrics.all.stats.attempts) attempts, \(metrics.all.requests) requests, \(metrics.targets.count) call targets"
        let place = plan.output != nil || plan.site != nil ? "Report written to \(outcome.result.output.path)/index.html" : "Report made"
        if let id = outcome.siteID { note("Site updated: \(id) added to \(plan.site!.path)/index.html" + (outcome.pruned.isEmpty ? "" : "; removed \(outcome.pruned.joined(separator: ", "))")) }
        if let file = plan.emailFile, outcome.email != nil { note("Email written to \(file.path).") }
        if outcome.sent { note("Email handed to \(plan.sendmailPath!).") }
        if let goals = outcome.result.goals { note("Goals: \(goals.missedCount) of \(goals.results.count) missed.") }
        if c.isComplete {
            note("\(place) (\(figures); \(c.hoursRead) of \(c.hoursExpected) hours).")
        } else {
            note("\(place) but INCOMPLETE: \(c.missing.count) of \(c.hoursExpected) hours missing (\(figures)).")
        }
    }
}

extension ExitStatus {
    /// The report was written and is complete, but a goal was missed (`--fail-on-missed-goals`).
    static let goalsMissed = ExitCode(4)
}
