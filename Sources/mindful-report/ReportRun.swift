import ArgumentParser
import Foundation
import MindfulReport

/// What `report` does, from parsed options: settings, range, plan, checks before work, run,
/// exit status.
enum ReportRun {
    /// The plan of a report run, made from the options: what to report and where it goes.
    struct Plan {
        let setup: RunSetup
        let range: ReportRange
        /// What to report.
        let job: ReportJob
        /// Where it goes.
        let delivery: Delivery
        /// Every hour the run reads (with the period before, when comparing).
        let hours: [UTCHour]

        init(setup: RunSetup, range rangeOptions: ReportRangeOptions?, delivery: DeliveryOptions, output: ReportOutputOptions,
             comparePrevious: Bool) throws {
            self.setup = setup
            let settings = setup.settings
            let reportRange = try rangeOptions?.resolve(timeZoneName: settings.timeZone, now: Date())
                ?? ReportRange(from: LocalDate("2023-06-08")!, to: LocalDate("2023-06-08")!, timeZone: TimeZone(identifier: "UTC")!)
            range = reportRange
            var options = ReportOptions(range: reportRange, output: URL(fileURLWithPath: output.out ?? ".", isDirectory: true),
                                        title: output.title ?? "Callback report", piiMode: settings.pii,
                                        templatesDirectory: settings.templatesFolder.map { URL(fileURLWithPath: $0, isDirectory: true) })
            options.comparePrevious = comparePrevious
            options.goals = settings.goals
            job = ReportJob(report: options, targets: settings.targets, oneOffTitle: output.title)

            var email: ReportEmail?
            if delivery.email != nil || delivery.sendmail {
                email = ReportEmail(from: settings.mailFrom ?? "", to: settings.mailTo, cc: settings.mailCc,
                                    subjectPrefix: settings.subjectPrefix, attachAppendices: settings.attachAppendices)
            }
            let site = delivery.site ?? (output.out == nil ? settings.siteFolder : nil)
            self.delivery = Delivery(output: output.out.map { URL(fileURLWithPath: $0, isDirectory: true) },
                                     site: site.map { URL(fileURLWithPath: $0, isDirectory: true) }, keep: settings.keep,
                                     siteURL: settings.siteURL, email: email, emailFile: delivery.email.map { URL(fileURLWithPath: $0) },
                                     sendmailPath: delivery.sendmail ? settings.sendmailPath : nil)
            hours = comparePrevious ? reportRange.previousPeriod.hours + reportRange.hours : reportRange.hours
        }

        /// Every check that needs no network, in the order a person would fix them.
        func localChecks(forReport: Bool) async -> [PreflightCheck] {
            var checks = setup.accessChecks(hours: forReport ? hours : nil)
            let hasDestination = delivery.output != nil || delivery.site != nil || delivery.email != nil
            if let conflict = delivery.conflict, forReport || hasDestination { checks.insert(.fail(.output, conflict), at: 0) }
            if let output = delivery.output { checks.append(Preflight.output(output)) }
            if let site = delivery.site { checks.append(Preflight.site(site)) }
            let report = job.report
            checks.append(await Preflight.templates(report.templatesDirectory, title: report.title, piiMode: report.piiMode))
            if let email = delivery.email {
                checks += Preflight.mail(from: email.from, to: email.to, cc: email.cc)
            }
            if let sendmail = delivery.sendmailPath { checks.append(Preflight.sendmail(sendmail)) }
            return checks
        }
    }

    /// Runs the plan: checks, the OAuth token, the report and its delivery, then the lines that
    /// say what was done. Throws the exit status of an incomplete report or a missed goal.
    static func run(_ plan: Plan, progress: (@Sendable (FetchProgress) -> Void)?, failOnMissedGoals: Bool) async throws {
        let setup = plan.setup
        // Everything knowable before any hour is read: settings, folders, templates, mail, then
        // the OAuth token.
        try RunSetup.stopAtFirstFailure(await plan.localChecks(forReport: true), variables: setup.variables)
        let api = try await setup.connect(hours: plan.hours)
        let source: any RecordSource
        var fetching: FetchingRecordSource? = nil
        if let api {
            fetching = FetchingRecordSource(cache: setup.cache, api: api, progress: progress)
            source = fetching!
        } else if setup.offline {
            source = CacheRecordSource(cache: setup.cache)
        } else {
            // Every hour settled in the cache: no request, no credentials needed.
            let options = try setup.fetchOptions.get()
            fetching = FetchingRecordSource(cache: setup.cache, options: options, credentials: nil, progress: progress)
            source = fetching!
        }
        let result: Result<DeliveryOutcome, DeliveryError>
        do { result = .success(try await DeliveryJob(job: plan.job, delivery: plan.delivery, source: source).run()) } catch {
            result = .failure(error)
        }
        await api?.shutdown()
        if progress != nil { FileHandle.standardError.write(Data("\n".utf8)) }
        for summary in fetching?.fetchSummaries ?? [] { note(FetchFlags.summaryLine(summary)) }
        let outcome: DeliveryOutcome
        switch result {
        case .success(let o): outcome = o
        case .failure(.mail(let error, let published?)):
            // The report is out; only the email failed (exit 5 before 3 and 4).
            report(published, delivery: plan.delivery)
            FileHandle.standardError.write(Data("mindful-report: error: the email was not sent: \(error)\n".utf8))
            throw ExitStatus.mailFailed
        case .failure(let error):
            throw fail(error.description)
        }
        report(outcome, delivery: plan.delivery)
        if !outcome.result.isComplete { throw ExitStatus.incomplete }
        if failOnMissedGoals && outcome.result.missedGoals > 0 { throw ExitStatus.goalsMissed }
    }

    /// The lines that say what a run published.
    static func report(_ outcome: DeliveryOutcome, delivery plan: Delivery) {
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
