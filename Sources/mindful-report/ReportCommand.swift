import ArgumentParser
import Foundation
import MindfulReport

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report for a range: XHTML pages, CSVs and per-target appendices.",
        discussion: """
        Exit status: 0 complete; 3 written but incomplete (hours missing, named on every page and \
        in summary.csv); 1 nothing written (with a one-line error).
        """
    )

    @OptionGroup var range: RangeOptions
    @OptionGroup var cacheOptions: CacheOptions

    @Option(help: "Folder to write the report to; replaced as a whole only when the new report is complete and valid.")
    var out: String

    @Flag(help: "Use the cache only; never touch the network. Hours not in the cache are missing.")
    var offline = false

    @Option(help: "Folder of Mustache templates replacing the built-in ones of the same name.")
    var templates: String?

    @Option(help: "Phone numbers: masked (last 4 digits) or full.")
    var pii: PIIMode = .masked

    @Option(help: "Title of the report.")
    var title: String = "Callback report"

    @Option(help: "Compare with another period: previous (the same number of days just before the range).")
    var compare: ComparePeriod?

    enum ComparePeriod: String, ExpressibleByArgument, CaseIterable {
        case previous
    }

    func run() async throws {
        let range = try self.range.resolve()
        guard offline else {
            throw ValidationError("fetching from the API is not available in this build yet; use --offline with a filled --cache")
        }
        var options = ReportOptions(range: range, output: URL(fileURLWithPath: out, isDirectory: true), title: title,
                                    piiMode: pii, templatesDirectory: templates.map { URL(fileURLWithPath: $0, isDirectory: true) })
        options.comparePrevious = compare == .previous
        let pipeline = ReportPipeline(options: options, source: CacheRecordSource(cache: cacheOptions.hourCache))
        let result: ReportResult
        do {
            result = try await pipeline.run()
        } catch {
            throw fail(error.description)
        }
        let c = result.metrics.completeness
        let figures = "\(result.metrics.all.stats.attempts) attempts, \(result.metrics.all.requests) requests, \(result.metrics.targets.count) call targets"
        if c.isComplete {
            note("Report written to \(result.output.path)/index.html (\(figures); \(c.hoursRead) of \(c.hoursExpected) hours).")
        } else {
            note("Report written to \(result.output.path)/index.html but INCOMPLETE: \(c.missing.count) of \(c.hoursExpected) hours missing (\(figures)).")
            throw ExitStatus.incomplete
        }
    }
}
