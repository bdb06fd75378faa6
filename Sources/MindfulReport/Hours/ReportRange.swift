import Foundation

/// The local dates of a report in a time zone, and the UTC hours they cover.
///
/// A local day starts at its first instant: local midnight, or, where midnight does not exist or
/// occurs twice, the earliest instant whose local date is that day. The report covers every UTC
/// hour whose start lies in [`from` start, `to`+1 start). In zones with a half-hour offset an
/// hour belongs to the local day in which it starts.
public struct ReportRange: Sendable, Equatable {
    public let from: LocalDate
    public let to: LocalDate
    public let timeZone: TimeZone

    public init(from: LocalDate, to: LocalDate, timeZone: TimeZone) throws(RangeError) {
        guard from <= to else { throw .fromAfterTo(from: from, to: to) }
        guard to.day - from.day < 3700 else { throw .tooLong(days: to.day - from.day + 1) }
        self.from = from
        self.to = to
        self.timeZone = timeZone
    }

    /// The zone's name as people write it (`UTC` rather than Foundation's `GMT`).
    public var zoneName: String { timeZone.identifier == "GMT" ? "UTC" : timeZone.identifier }

    /// Every local date of the range, in order.
    public var dates: [LocalDate] { (from.day...to.day).map(LocalDate.init(day:)) }

    /// The range of the same number of local days just before this one.
    public var previousPeriod: ReportRange {
        let days = to.day - from.day + 1
        // Same zone and a length already accepted: cannot fail.
        return try! ReportRange(from: from.adding(days: -days), to: from.adding(days: -1), timeZone: timeZone)
    }

    /// The UTC hours of the range, in order.
    public var hours: [UTCHour] {
        let a = Self.dayStart(from, in: timeZone), b = Self.dayStart(to.adding(days: 1), in: timeZone)
        let first = Int((a.timeIntervalSince1970 / 3600).rounded(.up))
        let last = Int((b.timeIntervalSince1970 / 3600).rounded(.up)) - 1
        guard first <= last else { return [] }
        return (first...last).map(UTCHour.init(index:))
    }

    /// The local date and hour of day (0-23) in which an hour starts.
    public func localStart(of hour: UTCHour) -> (date: LocalDate, hour: Int) {
        Self.local(hour.start, in: timeZone)
    }

    /// True when the zone's offset in the range is not a whole number of hours, so UTC hours
    /// straddle local hours.
    public var hasFractionalOffset: Bool {
        hours.contains { timeZone.secondsFromGMT(for: $0.start) % 3600 != 0 }
    }

    /// The local date and hour of an instant.
    static func local(_ instant: Date, in zone: TimeZone) -> (date: LocalDate, hour: Int) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
        return (LocalDate(day: seconds.floorDiv(86400)), seconds.floorMod(86400) / 3600)
    }

    /// The first instant whose local date is `date`.
    public static func dayStart(_ date: LocalDate, in zone: TimeZone) -> Date {
        // Start well before any offset could place the day, step in quarter hours to the first
        // instant on the day, then narrow to the second.
        var t = Double(date.day * 86400 - 30 * 3600)
        let step = 900.0
        while local(Date(timeIntervalSince1970: t + step), in: zone).date < date { t += step }
        // t is before the day; t + step is on or after its start.
        var lo = t, hi = t + step
        if local(Date(timeIntervalSince1970: lo), in: zone).date >= date { return Date(timeIntervalSince1970: lo) }
        while hi - lo > 1 {
            let mid = ((lo + hi) / 2).rounded(.down)
            if local(Date(timeIntervalSince1970: mid), in: zone).date >= date { hi = mid } else { lo = mid }
        }
        return Date(timeIntervalSince1970: hi)
    }
}

/// Why a range could not be made.
public enum RangeError: Error, Sendable, Equatable, CustomStringConvertible {
    case fromAfterTo(from: LocalDate, to: LocalDate)
    case tooLong(days: Int)
    case unknownTimeZone(String)
    case badDate(String)

    public var description: String {
        switch self {
        case .fromAfterTo(let f, let t): return "the first date \(f) is after the last date \(t)"
        case .tooLong(let d): return "the range has \(d) days; at most 3700 are supported"
        case .unknownTimeZone(let name): return "unknown time zone \"\(name)\" (use an IANA name such as Europe/London)"
        case .badDate(let text): return "\"\(text)\" is not a date in the form YYYY-MM-DD"
        }
    }
}

extension TimeZone {
    /// An IANA zone by name, or a ``RangeError``.
    public static func named(_ name: String) throws(RangeError) -> TimeZone {
        // Only region names and UTC: Foundation also accepts "GMT+0200", which is no IANA zone.
        guard !name.hasPrefix("GMT+"), !name.hasPrefix("GMT-"), let zone = TimeZone(identifier: name) else {
            throw .unknownTimeZone(name)
        }
        return zone
    }
}
