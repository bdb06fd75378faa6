import ArgumentParser
import CSystemShims
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MindfulReport

@main
struct MindfulReportCommand: AsyncParsableCommand {
    static func main() async {
        // Fewer malloc arenas: decoding threads hand their hours to the aggregator, and with one
        // arena per thread glibc keeps freed hours' memory apart (measured on 800,000 records:
        // peak RSS 175 MB → 139 MB, for about 2 s more system time).
        MallocTuning.apply()
        await Self._main()
    }

    private static func _main() async {
        var command: any ParsableCommand
        do { command = try parseAsRoot() } catch { exit(withError: error) }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // A usage error found while running shows the usage of the command that was run.
            type(of: command).exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "mindful-report",
        abstract: "Reports on Mindful callbacks from the Historical Data API: validated XHTML pages and CSVs.",
        version: versionText,
        subcommands: [ReportCommand.self, FetchCommand.self, CheckCommand.self, ValidateCommand.self, SampleCommand.self, ConfigKeysCommand.self]
    )
}

/// `--version`: the version and the commit it was built from (when known), the libxml2 in use,
/// and the W3C notice of the built-in DTDs.
let versionText = """
    mindful-report \(MindfulReportVersion.string)\(BuildInfo.commit.map { " (commit \($0))" } ?? "")
    libxml2 \(MindfulReportVersion.libxml2) (built with \(MindfulReportVersion.libxml2Headers) headers)
    \(MindfulReportVersion.builtInDTDNotice)
    """

/// Exit statuses beyond 0 (complete) and 1 (failed, nothing written).
enum ExitStatus {
    /// The report was written, but hours are missing.
    static let incomplete = ExitCode(3)
    /// The report was published, but the email could not be handed over.
    static let mailFailed = ExitCode(5)
}

/// Prints a one-line error to stderr and exits with status 1.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("mindful-report: error: \(message)\n".utf8))
    return ExitCode(1)
}

func note(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

/// glibc's `mallopt` settings for a report run, through the C shim (Swift's Glibc module does not
/// declare `mallopt`); where the C library has none, nothing changes.
enum MallocTuning {
    static func apply() {
        _ = mindful_mallopt(mindful_m_arena_max, 2)                 // M_ARENA_MAX
        // Records and rows (up to 16 MB each) come from the heap and are reused from hour to hour
        // instead of being mapped, zeroed and unmapped each time (that was 20% of the CPU time).
        // Up to 64 MB freed at the top of a heap stays for the next hour: with 16 MB, the hours
        // in flight gave memory back and faulted it in again, 218,000 page faults in a run of a
        // million records against 64,000 now (0.9 s of system time against 0.45 s), for about
        // 15 MB more peak RSS.
        _ = mindful_mallopt(mindful_m_mmap_threshold, 64 << 20)     // M_MMAP_THRESHOLD
        _ = mindful_mallopt(mindful_m_trim_threshold, 64 << 20)     // M_TRIM_THRESHOLD
    }
}
