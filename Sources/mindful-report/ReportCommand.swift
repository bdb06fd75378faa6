import ArgumentParser
import Foundation
import MindfulReport

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report for a range: XHTML pages, CSVs and per-target appendices.",
        discussion: """
        Everything that can be checked before work is checked first (settings, folders, templates, \
        mail, goals, the OAuth token). Exit status: 0 complete; 3 written but incomplete (hours \
        missing, named on every page and in summary.csv); 4 written and complete but a goal missed \
        (only with --fail-on-missed-goals); 5 published but the email was not handed over (5, then \
        3, then 4); 1 nothing written (with a one-line error); 64 bad usage.
        """
    )

    @OptionGroup var range: ReportRangeOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var cacheOptions: CacheOptions
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var delivery: DeliveryOptions
    @OptionGroup(title: "Fetching from the API") var fetchFlags: FetchFlags

    @Option(help: "Compare with another period: previous (the same number of days just before the range).")
    var compare: ComparePeriod?

    enum ComparePeriod: String, ExpressibleByArgument, CaseIterable {
        case previous
    }

    func run() async throws {
        var flags = range.flags
        output.apply(to: &flags)
        delivery.apply(to: &flags)
        let setup = try RunSetup(config: config, cacheOptions: cacheOptions, fetchFlags: fetchFlags, flags: flags, offline: output.offline)
        let plan = try ReportRun.Plan(setup: setup, range: range, delivery: delivery, output: output, comparePrevious: compare == .previous)
        try await ReportRun.run(plan, progress: output.offline ? nil : fetchFlags.progressLine(), failOnMissedGoals: delivery.failOnMissedGoals)
    }
}
