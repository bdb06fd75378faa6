/// Figures over time and over the week for one group (a call target, or all of them).
public struct TrendSeries: Sendable {
    /// One day, or one ISO week for ranges over 62 days.
    public struct Period: Sendable {
        public let label: String
        public let requests: Int
        public let success: Int
        public let attempts: Int
        public let response: RunningMean
        public let onTime: RunningRate
        public var successRate: Double? { requests == 0 ? nil : Double(success) / Double(requests) }
    }

    public let periods: [Period]
    /// True when periods are ISO weeks.
    public let weekly: Bool
    /// `heat[weekday][hour]`: weekday 0 = Monday, local hours 0-23.
    public let heat: [[PeriodStats]]

    /// The series of a group: `target` is an index into `metrics.targets`, or -1 for all.
    public init(metrics m: ReportMetrics, target: Int) {
        let figures = target < 0 ? m.all : m.targets[target]
        weekly = m.range.dates.count > 62
        var periods: [Period] = []
        var current: (label: String, requests: Int, success: Int, attempts: Int, response: RunningMean, onTime: RunningRate)?
        for date in m.range.dates {
            let label = weekly ? ISOWeek(date).description : date.description
            if current?.label != label {
                if let c = current { periods.append(Period(label: c.label, requests: c.requests, success: c.success, attempts: c.attempts, response: c.response, onTime: c.onTime)) }
                current = (label, 0, 0, 0, RunningMean(), RunningRate())
            }
            let requests = figures.requestsByDay[date] ?? (0, 0)
            current!.requests += requests.requests
            current!.success += requests.success
            if let day = m.daily[PeriodKey(date: date, hour: -1, target: target)] {
                current!.attempts += day.attempts
                current!.response.merge(day.response)
                current!.onTime.merge(day.onTime)
            }
        }
        if let c = current { periods.append(Period(label: c.label, requests: c.requests, success: c.success, attempts: c.attempts, response: c.response, onTime: c.onTime)) }
        self.periods = periods
        var heat = Array(repeating: Array(repeating: PeriodStats(), count: 24), count: 7)
        for key in m.hourlyKeys(of: target) {
            if let stats = m.hourly[key] { heat[key.date.weekdayIndex][key.hour].merge(stats) }
        }
        self.heat = heat
    }

    public static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
}

/// An ISO 8601 week: weeks start on Monday, week 1 holds the year's first Thursday.
public struct ISOWeek: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let week: Int

    /// The ISO week that holds `date`.
    public init(_ date: LocalDate) {
        // The Thursday of this week decides the year.
        let thursday = date.adding(days: 3 - date.weekdayIndex)
        let y = thursday.components.year
        let jan1 = LocalDate(year: y, month: 1, day: 1)!
        year = y
        week = (thursday.day - jan1.day) / 7 + 1
    }

    /// `2023-W23`.
    public var description: String { NumberText.padded(year, width: 4) + "-W" + NumberText.padded(week, width: 2) }
}
