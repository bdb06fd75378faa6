import Foundation

/// One UTC hour, [start, start + 1 h), identified by its start in whole hours since 1970-01-01.
public struct UTCHour: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Hours since the Unix epoch of the hour's start.
    public let index: Int

    /// The hour `index` hours after 1970-01-01T00:00Z.
    public init(index: Int) { self.index = index }
    /// The hour that holds `date`.
    public init(containing date: Date) { index = Int((date.timeIntervalSince1970 / 3600).rounded(.down)) }

    public var start: Date { Date(timeIntervalSince1970: Double(index) * 3600) }
    public var end: Date { Date(timeIntervalSince1970: Double(index + 1) * 3600) }
    /// The hour `n` hours later.
    public func advanced(by n: Int) -> UTCHour { UTCHour(index: index + n) }

    /// Earlier first.
    public static func < (a: UTCHour, b: UTCHour) -> Bool { a.index < b.index }

    /// `2023-06-08T03:00Z`.
    public var description: String {
        let (y, m, d) = CivilDate.from(daysSinceEpoch: index.floorDiv(24))
        return NumberText.padded(y, width: 4) + "-" + NumberText.padded(m, width: 2) + "-" + NumberText.padded(d, width: 2) + "T" + NumberText.padded(index.floorMod(24), width: 2) + ":00Z"
    }

    /// The UTC calendar date and hour of day (0-23) of the start.
    public var utcComponents: (year: Int, month: Int, day: Int, hour: Int) {
        let (y, m, d) = CivilDate.from(daysSinceEpoch: index.floorDiv(24))
        return (y, m, d, index.floorMod(24))
    }
}

/// How the API's `{HH}` path segment names an hour.
public enum HourLabels: String, Sendable, CaseIterable {
    /// `04` is [03:00, 04:00): labels `01`..`24` (the documented example; the default).
    case end
    /// `04` is [04:00, 05:00): labels `00`..`23`.
    case start
}

/// The `{YYYYMMDD}/{HH}` of an hour in the API path and in the cache layout.
public struct HourPath: Sendable, Hashable, CustomStringConvertible {
    /// `YYYYMMDD`.
    public let date: String
    /// `HH`.
    public let label: String

    /// `YYYYMMDD/HH`.
    public var description: String { "\(date)/\(label)" }
}

extension UTCHour {
    /// The one place that maps a UTC hour to its API path segments.
    public func path(labels: HourLabels) -> HourPath {
        let c = utcComponents
        let date = NumberText.padded(c.year, width: 4) + NumberText.padded(c.month, width: 2) + NumberText.padded(c.day, width: 2)
        switch labels {
        case .end: return HourPath(date: date, label: NumberText.padded(c.hour + 1, width: 2))
        case .start: return HourPath(date: date, label: NumberText.padded(c.hour, width: 2))
        }
    }

    /// The inverse of ``path(labels:)``; `nil` when the segments name no hour under `labels`.
    public init?(path: HourPath, labels: HourLabels) {
        let d = Array(path.date.utf8), l = Array(path.label.utf8)
        guard d.count == 8, l.count == 2, d.allSatisfy({ (48...57).contains($0) }), l.allSatisfy({ (48...57).contains($0) }),
              let year = Int(path.date.prefix(4)), let month = Int(path.date.dropFirst(4).prefix(2)),
              let day = Int(path.date.suffix(2)), let label = Int(path.label),
              let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day) else { return nil }
        let hour: Int
        switch labels {
        case .end: guard (1...24).contains(label) else { return nil }; hour = label - 1
        case .start: guard (0...23).contains(label) else { return nil }; hour = label
        }
        self.init(index: days * 24 + hour)
    }
}

/// Proleptic Gregorian calendar arithmetic on plain integers (Howard Hinnant's algorithms).
public enum CivilDate {
    /// Year, month and day of a count of days since 1970-01-01 (proleptic Gregorian).
    public static func from(daysSinceEpoch z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// `nil` for a day that does not exist (2023-02-30).
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(year: year, month: month) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The number of days in a month.
    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension Int {
    func floorDiv(_ d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
    func floorMod(_ d: Int) -> Int { self - floorDiv(d) * d }
}
