import ArgumentParser
import Foundation
import MindfulReport

/// `--from`, `--to`, `--timezone`: local dates in an IANA zone.
struct RangeOptions: ParsableArguments {
    @Option(help: "First local date of the report (YYYY-MM-DD).")
    var from: String

    @Option(help: "Last local date of the report, inclusive (YYYY-MM-DD).")
    var to: String

    @Option(help: "IANA time zone of the dates (Europe/London, America/New_York, Asia/Kolkata).")
    var timezone: String = "UTC"

    func resolve() throws -> ReportRange {
        guard let from = LocalDate(self.from) else { throw ValidationError("--from \"\(self.from)\" is not a date in the form YYYY-MM-DD") }
        guard let to = LocalDate(self.to) else { throw ValidationError("--to \"\(self.to)\" is not a date in the form YYYY-MM-DD") }
        do {
            return try ReportRange(from: from, to: to, timeZone: try TimeZone.named(timezone))
        } catch {
            throw ValidationError(error.description)
        }
    }
}

extension HourLabels: ExpressibleByArgument {}
extension PIIMode: ExpressibleByArgument {}
