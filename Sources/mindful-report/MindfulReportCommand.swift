import ArgumentParser
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
        // on 1,000,000 records).
        MallocTuning.apply()
        await Self._main()
    }

    private static func _main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "mindful-report",
        abstract: "Reports on Mindful callbacks from the Historical Data API: validated XHTML pages and CSVs.",
        version: versionText,
        subcommands: [ReportCommand.self, FetchCommand.self, ValidateCommand.self, SampleCommand.self]
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
}

/// Prints a one-line error to stderr and exits with status 1.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("mindful-report: error: \(message)\n".utf8))
    return ExitCode(1)
}

func note(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

/// glibc's `mallopt`, looked up at run time (Swift's Glibc module does not declare it).
enum MallocTuning {
    static func apply() {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-8, 2)                 // M_ARENA_MAX
        // Records and rows (up to 16 MB each) come from the heap and are reused from hour to hour
        // instead of being mapped, zeroed and unmapped each time (that was 20% of the CPU time).
        // Up to 64 MB freed at the top of a heap stays for the next hour: with 16 MB, the hours
        // in flight gave memory back and faulted it in again, 218,000 page faults in a run of a
        // million records against 64,000 now (0.9 s of system time against 0.45 s), for about
        // 15 MB more peak RSS.
        _ = mallopt(-3, 64 << 20)          // M_MMAP_THRESHOLD
        _ = mallopt(-1, 64 << 20)          // M_TRIM_THRESHOLD
    }
}
