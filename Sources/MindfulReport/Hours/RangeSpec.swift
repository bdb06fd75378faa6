import Foundation

/// What kind of period a report covers, read from its dates alone: one local day, one ISO week
/// (Monday to Sunday), one calendar month, or anything else.
public enum RangeKind: String, Sendable, Codable, CaseIterable {
    case daily, weekly, monthly, other

    /// The kind of the inclusive range `from`...`to`.
    public static func of(from: LocalDate, to: LocalDate) -> RangeKind {
        if from == to { return .daily }
        if from.weekdayIndex == 0 && to.day - from.day == 6 { return .weekly }
        let f = from.components, t = to.components
        if f.day == 1 && f.year == t.year && f.month == t.month && to.adding(days: 1).components.day == 1 { return .monthly }
        return .other
    }
}

/// How a run names its range: absolute dates, or a date relative to "now" for cron jobs.
///
/// Every relative form is resolved in the report's time zone, from the local date of `now`
/// ("today"):
/// - ``date(_:)`` `yesterday`, `today` or `YYYY-MM-DD`: that one local day.
/// - ``last(_:_:)`` `Nd`: the N whole local days ending yesterday (today is never included,
///   since it is not over). `Nw`: the N whole ISO weeks (Monday to Sunday) before the current
///   week. `Nm`: the N whole calendar months before the current month.
/// - ``month(year:month:)`` `YYYY-MM`: that calendar month, first to last day.
/// - ``dates(from:to:)``: `--from`/`--to`, as given.
public enum RangeSpec: Sendable, Equatable {
    /// A day given relative to today or as a date.
    public enum Day: Sendable, Equatable {
        case today, yesterday
        case date(LocalDate)
    }

    /// The unit of a `--last` span.
    public enum Unit: Character, Sendable, Equatable {
        case days = "d", weeks = "w", months = "m"
    }

    case dates(from: LocalDate, to: LocalDate)
    case date(Day)
    case last(Int, Unit)
    case month(year: Int, month: Int)

    /// Parses a `--date` value: `yesterday`, `today` or `YYYY-MM-DD`.
    public static func parseDate(_ text: String) throws(RangeSpecError) -> RangeSpec {
        switch text.lowercased() {
        case "today": return .date(.today)
        case "yesterday": return .date(.yesterday)
        default:
            guard let d = LocalDate(text) else { throw .badDate(text) }
            return .date(.date(d))
        }
    }

    /// Parses a `--last` value: a count from 1 to 999 and `d`, `w` or `m` (`7d`, `4w`, `3m`).
    public static func parseLast(_ text: String) throws(RangeSpecError) -> RangeSpec {
        guard let unitChar = text.last, let unit = Unit(rawValue: Character(unitChar.lowercased())) else { throw .badLast(text) }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.count <= 3, digits.utf8.allSatisfy({ (48...57).contains($0) }),
              let n = Int(digits), n >= 1 else { throw .badLast(text) }
        return .last(n, unit)
    }

    /// Parses a `--month` value, `YYYY-MM`.
    public static func parseMonth(_ text: String) throws(RangeSpecError) -> RangeSpec {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
              let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m), y >= 1 else { throw .badMonth(text) }
        return .month(year: y, month: m)
    }

    /// The one range the options give. Exactly one way is allowed: a first and a last date, one
    /// date, the last whole periods, or a month; anything else names the conflict.
    public static func fromOptions(from: String?, to: String?, date: String?, last: String?, month: String?) throws(RangeSpecError) -> RangeSpec {
        var given: [RangeSpecError.Way] = []
        if from != nil || to != nil { given.append(.dates) }
        if date != nil { given.append(.date) }
        if last != nil { given.append(.last) }
        if month != nil { given.append(.month) }
        if given.count > 1 { throw .conflict(given) }
        if let date { return try parseDate(date) }
        if let last { return try parseLast(last) }
        if let month { return try parseMonth(month) }
        guard let from, let to else {
            if from == nil && to == nil { throw .noRange }
            throw .halfRange(missingFirst: from == nil)
        }
        guard let f = LocalDate(from) else { throw .badDate(from) }
        guard let t = LocalDate(to) else { throw .badDate(to) }
        return .dates(from: f, to: t)
    }

    /// The local dates and kind of the range, with "today" the local date of `now` in
    /// `timeZone`. Pure: the same inputs always give the same answer.
    public func resolve(now: Date, timeZone: TimeZone) throws(RangeSpecError) -> (from: LocalDate, to: LocalDate, kind: RangeKind) {
        let today = ReportRange.local(now, in: timeZone).date
        let from: LocalDate, to: LocalDate
        switch self {
        case .dates(let f, let t):
            guard f <= t else { throw .fromAfterTo(from: f, to: t) }
            (from, to) = (f, t)
        case .date(.today): (from, to) = (today, today)
        case .date(.yesterday): (from, to) = (today.adding(days: -1), today.adding(days: -1))
        case .date(.date(let d)): (from, to) = (d, d)
        case .last(let n, .days):
            (from, to) = (today.adding(days: -n), today.adding(days: -1))
        case .last(let n, .weeks):
            let monday = today.adding(days: -today.weekdayIndex)
            (from, to) = (monday.adding(days: -7 * n), monday.adding(days: -1))
        case .last(let n, .months):
            let c = today.components
            let first = LocalDate(year: c.year, month: c.month, day: 1)!
            let months = c.year * 12 + (c.month - 1) - n
            (from, to) = (LocalDate(year: months.floorDiv(12), month: months.floorMod(12) + 1, day: 1)!, first.adding(days: -1))
        case .month(let y, let m):
            guard let first = LocalDate(year: y, month: m, day: 1) else { throw .badMonth("\(y)-\(m)") }
            let next = m == 12 ? LocalDate(year: y + 1, month: 1, day: 1)! : LocalDate(year: y, month: m + 1, day: 1)!
            (from, to) = (first, next.adding(days: -1))
        }
        return (from, to, RangeKind.of(from: from, to: to))
    }
}

/// Why the options do not give one range.
public enum RangeSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The ways a range can be given.
    public enum Way: Sendable, Equatable, CaseIterable {
        /// A first and a last date.
        case dates
        /// One day.
        case date
        /// The last whole periods before now.
        case last
        /// One calendar month.
        case month
    }

    /// More than one way was given.
    case conflict([Way])
    /// No way was given.
    case noRange
    /// Only one of the first and last dates was given.
    case halfRange(missingFirst: Bool)
    /// A date that is not `yesterday`, `today` or `YYYY-MM-DD`.
    case badDate(String)
    /// A count of periods that is not a count and a unit.
    case badLast(String)
    /// A month that is not `YYYY-MM`.
    case badMonth(String)
    /// The first date is after the last.
    case fromAfterTo(from: LocalDate, to: LocalDate)

    public var description: String {
        switch self {
        case .conflict(let ways):
            return "\(ways.map(\.words).joined(separator: " and ")) both give a range; give exactly one"
        case .noRange: return "no range: give a date, the last periods, a month, or a first and a last date"
        case .halfRange(let missingFirst): return "the \(missingFirst ? "first" : "last") date is missing: a range needs both"
        case .badDate(let t): return "\"\(t)\" is not yesterday, today or a date in the form YYYY-MM-DD"
        case .badLast(let t): return "\"\(t)\" is not a count and a unit, such as 7d, 4w or 3m"
        case .badMonth(let t): return "\"\(t)\" is not a month in the form YYYY-MM"
        case .fromAfterTo(let f, let t): return "the first date \(f) is after the last date \(t)"
        }
    }
}

extension RangeSpecError.Way {
    /// The way in words.
    public var words: String {
        switch self {
        case .dates: return "a first and a last date"
        case .date: return "one date"
        case .last: return "the last periods"
        case .month: return "a month"
        }
    }
}
