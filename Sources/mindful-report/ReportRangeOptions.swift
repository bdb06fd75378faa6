import ArgumentParser
import Foundation
import MindfulReport

/// The range of a report: `--from/--to`, or for cron `--date`, `--last`, `--month`; all in
/// `--timezone` (else the config file's, else UTC).
struct ReportRangeOptions: ParsableArguments {
    @Option(help: "First local date of the report (YYYY-MM-DD); with --to.")
    var from: String?

    @Option(help: "Last local date of the report, inclusive (YYYY-MM-DD); with --from.")
    var to: String?

    @Option(help: "One local day: yesterday, today or YYYY-MM-DD.")
    var date: String?

    @Option(help: "Whole periods before now: 7d (7 days ending yesterday), 4w (4 ISO weeks before this week), 3m (3 calendar months before this month).")
    var last: String?

    @Option(help: "One calendar month (YYYY-MM).")
    var month: String?

    @Option(help: .setting(.timezone)) var timezone: String?

    /// The settings these options give (the time zone), to lay over the config file's.
    var flags: ReportConfig {
        var flags = ReportConfig.unset
        flags.timeZone = timezone
        return flags
    }

    /// The range, resolved at `now` in the zone.
    func resolve(timeZoneName: String, now: Date) throws -> ReportRange {
        do {
            let zone = try TimeZone.named(timeZoneName)
            let spec = try RangeSpec.fromOptions(from: from, to: to, date: date, last: last, month: month)
            let r = try spec.resolve(now: now, timeZone: zone)
            return try ReportRange(from: r.from, to: r.to, timeZone: zone)
        } catch let error as RangeSpecError {
            throw ValidationError(error.message)
        } catch let error as RangeError {
            throw ValidationError(error.message)
        }
    }
}

extension HourLabels: ExpressibleByArgument {}
extension PIIMode: ExpressibleByArgument {}

extension RangeSpecError.Way {
    /// The options that give the range this way.
    var options: String {
        switch self {
        case .dates: return "--from/--to"
        case .date: return "--date"
        case .last: return "--last"
        case .month: return "--month"
        }
    }
}

extension RangeSpecError {
    /// The error in the command line's words, naming the options.
    var message: String {
        switch self {
        case .conflict(let ways):
            return "\(ways.map(\.options).joined(separator: " and ")) both give a range; use exactly one of "
                + Way.allCases.map(\.options).joined(separator: ", ")
        case .noRange: return "no range: give --date, --last, --month, or --from with --to"
        case .halfRange(let missingFirst): return "\(missingFirst ? "--from" : "--to") is missing: --from and --to go together"
        case .badDate: return description
        case .badLast(let t): return "--last \"\(t)\" is not a count and a unit, such as 7d, 4w or 3m"
        case .badMonth(let t): return "--month \"\(t)\" is not a month in the form YYYY-MM"
        case .fromAfterTo(let f, let t): return "--from \(f) is after --to \(t)"
        }
    }
}

extension RangeError {
    /// The error in the command line's words, naming the options.
    var message: String {
        if case .fromAfterTo(let f, let t) = self { return "--from \(f) is after --to \(t)" }
        return description
    }
}
