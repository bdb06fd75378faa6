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

/// `--cache`, `--hour-labels`.
struct CacheOptions: ParsableArguments {
    @Option(help: "Cache folder: YYYYMMDD/HH.json per hour, as the API names them; default from the config file, else $XDG_CACHE_HOME/mindful-report.")
    var cache: String?

    @Option(help: "How the API's HH names an hour: end (04 = 03:00-04:00 UTC, 01..24) or start (00..23).")
    var hourLabels: HourLabels = .end

    var hourCache: HourCache {
        HourCache(root: URL(fileURLWithPath: cache ?? ".", isDirectory: true), labels: hourLabels)
    }
}

extension HourLabels: ExpressibleByArgument {}
extension PIIMode: ExpressibleByArgument {}
