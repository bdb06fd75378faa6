import ArgumentParser
import Foundation
import MindfulReport

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fill the cache with every hour of a range that it lacks or holds unsettled; write no report.",
        discussion: "Exit status: 0 every hour cached; 3 some hours missing (listed); 1 stopped (credentials refused, 403, untrusted certificate, unreachable API...)."
    )

    @OptionGroup var range: ReportRangeOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var cacheOptions: CacheOptions
    @OptionGroup var fetchFlags: FetchFlags

    func run() async throws {
        let setup = try RunSetup(config: config, cacheOptions: cacheOptions, fetchFlags: fetchFlags,
                                 flags: range.flags, offline: false)
        let reportRange = try range.resolve(timeZoneName: setup.settings.timeZone, now: Date())
        try RunSetup.stopAtFirstFailure(setup.accessChecks(hours: reportRange.hours), variables: setup.variables)
        let api = try await setup.connect(hours: reportRange.hours)
        let progress = fetchFlags.progressLine()
        let options = try setup.fetchOptions.get()
        let result: Result<FetchSummary, FetchError>
        do throws(FetchError) {
            if let api {
                result = .success(try await fetch(hours: reportRange.hours, cache: setup.cache, api: api, progress: progress))
            } else {
                result = .success(try await fetch(hours: reportRange.hours, cache: setup.cache, options: options, credentials: nil,
                                                  progress: progress))
            }
        } catch {
            result = .failure(error)
        }
        await api?.shutdown()
        if progress != nil { FileHandle.standardError.write(Data("\n".utf8)) }
        let summary: FetchSummary
        do { summary = try result.get() } catch { throw fail(error.description) }
        note(FetchFlags.summaryLine(summary))
        for missing in summary.missing { note("  missing \(missing)") }
        if !summary.isComplete { throw ExitStatus.incomplete }
    }
}
