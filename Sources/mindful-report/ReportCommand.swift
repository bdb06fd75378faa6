import ArgumentParser
import Foundation
import MindfulReport

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report for a range: XHTML pages, CSVs and per-target appendices.",
        discussion: """
        Exit status: 0 complete; 3 written but incomplete (hours missing, named on every page and \
        in summary.csv); 4 written and complete but a goal missed (only with --fail-on-missed-goals); \
        1 nothing written (with a one-line error).
        """
    )

    @OptionGroup var range: ReportRangeOptions
    @OptionGroup var cacheOptions: CacheOptions
    @OptionGroup var delivery: DeliveryOptions
    @OptionGroup(title: "Fetching from the API") var fetchFlags: FetchFlags

    @Option(help: "Folder to write the report to; replaced as a whole, and only once every page of the new report is valid.")
    var out: String?

    @Flag(help: "Use the cache only; never touch the network or need credentials. Hours not in the cache are missing.")
    var offline = false

    @Option(help: "Folder of Mustache templates replacing the built-in ones of the same name.")
    var templates: String?

    @Option(help: "Phone numbers: masked (last 4 digits, the default) or full.")
    var pii: PIIMode?

    @Option(help: "Title of the report; on a site, a titled report is a one-off kept beside the full one.")
    var title: String?

    @Option(help: "Compare with another period: previous (the same number of days just before the range).")
    var compare: ComparePeriod?

    enum ComparePeriod: String, ExpressibleByArgument, CaseIterable {
        case previous
    }

    func run() async throws {
        try await ReportRun.run(range: range, cacheOptions: cacheOptions, delivery: delivery, out: out, offline: offline,
                                templates: templates, pii: pii, title: title,
                                comparePrevious: compare == .previous, fetchFlags: fetchFlags)
    }
}
