import Foundation

/// A calendar date without a time zone, `YYYY-MM-DD`.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let day: Int

    /// The date `day` days after 1970-01-01.
    public init(day: Int) { self.day = day }

    /// A calendar date; `nil` when there is no such day.
    public init?(year: Int, month: Int, day: Int) {
        guard let d = CivilDate.daysSinceEpoch(year: year, month: month, day: day) else { return nil }
        self.day = d
    }

    /// Parses `YYYY-MM-DD`; `nil` for anything else or a date that does not exist.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var components: (year: Int, month: Int, day: Int) { CivilDate.from(daysSinceEpoch: day) }
    public var description: String {
        let c = components
        return NumberText.padded(c.year, width: 4) + "-" + NumberText.padded(c.month, width: 2) + "-" + NumberText.padded(c.day, width: 2)
    }
    /// The date `n` days later.
    public func adding(days n: Int) -> LocalDate { LocalDate(day: day + n) }
    /// 0 = Monday ... 6 = Sunday.
    public var weekdayIndex: Int { (day + 3).floorMod(7) }
    /// Earlier first.
    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.day < b.day }
}
