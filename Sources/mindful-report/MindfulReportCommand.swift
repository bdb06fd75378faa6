import ArgumentParser
import Foundation
import MindfulReport

@main
struct MindfulReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mindful-report",
        abstract: "Reports on Mindful callbacks from the Historical Data API: validated XHTML pages and CSVs.",
        subcommands: [ReportCommand.self, FetchCommand.self, ValidateCommand.self, SampleCommand.self]
    )
}

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
