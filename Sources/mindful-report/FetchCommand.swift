import ArgumentParser
import Foundation
import MindfulReport

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fill the cache with every hour of a range that it lacks or holds unsettled; write no report.",
        discussion: "Exit status: 0 every hour cached; 3 some hours missing (listed); 1 stopped (credentials refused, 403...)."
    )

    @OptionGroup var range: ReportRangeOptions
    @OptionGroup var cacheOptions: CacheOptions
    @OptionGroup var fetchFlags: FetchFlags

    @Option(help: "Config file (YAML); default $XDG_CONFIG_HOME/mindful-report/config.yaml when it exists.")
    var config: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings: ReportConfig
        do { settings = try ReportConfig.load(explicitPath: config, environment: environment) } catch {
            throw fail(error.description)
        }
        let timeZone = range.timezone ?? settings.timeZone ?? "UTC"
        let reportRange = try range.resolve(timeZoneName: timeZone, now: Date())
        let cacheRoot = cacheOptions.cache ?? settings.cacheFolder ?? ReportConfig.defaultCacheFolder(environment: environment)
        let cache = HourCache(root: URL(fileURLWithPath: cacheRoot, isDirectory: true), labels: cacheOptions.hourLabels)
        let options = try fetchFlags.options(config: settings, labels: cacheOptions.hourLabels, offline: false)
        let credentials = try fetchFlags.credentials(config: settings, environment: environment)
        let progress = fetchFlags.progressLine()
        let summary: FetchSummary
        do {
            summary = try await fetch(hours: reportRange.hours, cache: cache, options: options, credentials: credentials, progress: progress)
        } catch {
            if progress != nil { FileHandle.standardError.write(Data("\n".utf8)) }
            throw fail(error.description)
        }
        if progress != nil { FileHandle.standardError.write(Data("\n".utf8)) }
        note(FetchFlags.summaryLine(summary))
        for missing in summary.missing { note("  missing \(missing)") }
        if !summary.isComplete { throw ExitStatus.incomplete }
    }
}
