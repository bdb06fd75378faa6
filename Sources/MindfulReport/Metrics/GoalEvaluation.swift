/// The service goals of a report (SPEC §7) held against its figures: one ``GoalResult`` per goal
/// and call target it applies to, in `summary.csv` row order (targets, then `ALL`).
public struct GoalEvaluation: Sendable, Equatable {
    public let results: [GoalResult]

    /// The evaluation of these results.
    public init(results: [GoalResult]) { self.results = results }

    /// Every goal of `goals` on every row of `metrics`: a target gets the global goals with its
    /// own in their place, the `ALL` row the global ones.
    public init(goals: Goals, metrics: ReportMetrics) {
        var results: [GoalResult] = []
        for f in metrics.targets + [metrics.all] {
            let applying = f.isAll ? goals.global : goals.goals(forTarget: f.id)
            for goal in applying {
                let value = Self.value(of: goal.metric, f, metrics.completeness)
                results.append(GoalResult(targetId: f.id, targetName: f.name, isAll: f.isAll, goal: goal, value: value))
            }
        }
        self.results = results
    }

    /// Goals missed (a figure that misses its goal; an empty figure is unknown, not missed).
    public var missed: [GoalResult] { results.filter { $0.status == .missed } }
    public var missedCount: Int { results.reduce(0) { $0 + ($1.status == .missed ? 1 : 0) } }
    public var metCount: Int { results.reduce(0) { $0 + ($1.status == .met ? 1 : 0) } }
    public var unknownCount: Int { results.reduce(0) { $0 + ($1.status == .unknown ? 1 : 0) } }

    /// The missed goals, worst first: by how far each misses relative to its threshold, then in
    /// row order.
    public var missedWorstFirst: [GoalResult] {
        missed.enumerated().sorted { a, b in
            a.element.relativeMiss != b.element.relativeMiss ? a.element.relativeMiss > b.element.relativeMiss : a.offset < b.offset
        }.map(\.element)
    }

    /// The goals of one row (`id` of a call target, or `ALL` with `isAll`).
    public func results(forTarget id: String, isAll: Bool) -> [GoalResult] {
        results.filter { $0.isAll == isAll && $0.targetId.utf8.elementsEqual(id.utf8) }
    }

    /// The exact figure behind a `summary.csv` column (`nil` when it is empty there).
    public static func value(of column: String, _ f: TargetFigures, _ c: DataCompleteness) -> Double? {
        let s = f.stats
        switch column {
        case "attempts": return Double(s.attempts)
        case "requests": return Double(f.requests)
        case "success": return Double(f.success)
        case "success_rate": return f.successRate
        case "asap": return Double(s.asap)
        case "scheduled": return Double(s.scheduled)
        case "retries": return Double(s.retries)
        case "response_mean_s": return s.response.mean
        case "response_p50_s": return s.response.percentile(50)
        case "response_p90_s": return s.response.percentile(90)
        case "punctuality_mean_s": return s.punctuality.mean
        case "on_time_rate": return s.onTime.rate
        case "ecbt_accuracy_mean": return s.ecbtAccuracy.mean
        case "hold_mean_s": return s.hold.mean
        case "talk_mean_s": return s.talk.mean
        case "talk_total_s": return s.talkTotal
        case "agent_leg_failures": return Double(s.agentLegFailures)
        case "customer_leg_failures": return Double(s.customerLegFailures)
        case "duplicates": return Double(s.duplicates)
        case "outside_hours": return Double(s.outsideHours)
        case "next_day_offered": return Double(s.nextDayOffered)
        case "next_day_scheduled": return Double(s.nextDayScheduled)
        case "hours_expected": return Double(c.hoursExpected)
        case "hours_read": return Double(c.hoursRead)
        case "hours_missing": return Double(c.missing.count)
        default: return nil
        }
    }
}

/// One goal held against one row's figure.
public struct GoalResult: Sendable, Equatable {
    /// Whether the goal was met, missed, or could not be judged.
    public enum Status: String, Sendable {
        case met, missed, unknown
    }

    /// `callTargetId`, or `ALL`.
    public let targetId: String
    public let targetName: String
    public let isAll: Bool
    public let goal: Goals.Goal
    /// The figure; `nil` when it is empty (no values).
    public let value: Double?

    public var status: Status {
        switch goal.isMet(by: value) {
        case .some(true): return .met
        case .some(false): return .missed
        case .none: return .unknown
        }
    }

    /// How far a missed goal misses, relative to its threshold (|value − threshold| / |threshold|,
    /// or the plain difference for a threshold of 0); 0 when met or unknown.
    public var relativeMiss: Double {
        guard status == .missed, let value else { return 0 }
        let gap = abs(value - goal.threshold)
        return goal.threshold == 0 ? gap : gap / abs(goal.threshold)
    }
}

/// How each `summary.csv` column reads in words and figures (goal lines, the email).
public enum SummaryColumn {
    enum Kind { case count, rate, seconds, ratio }

    static func kind(_ column: String) -> Kind {
        switch column {
        case "success_rate", "on_time_rate": return .rate
        case "ecbt_accuracy_mean": return .ratio
        case _ where column.hasSuffix("_s"): return .seconds
        default: return .count
        }
    }

    /// "Success rate", "p90 response".
    public static func label(_ column: String) -> String {
        let labels: [String: String] = [
            "attempts": "Attempts", "requests": "Requests", "success": "Successful requests", "success_rate": "Success rate",
            "asap": "ASAP attempts", "scheduled": "Scheduled attempts", "retries": "Retries",
            "response_mean_s": "Average response", "response_p50_s": "Median response", "response_p90_s": "p90 response",
            "punctuality_mean_s": "Punctuality (mean lateness)", "on_time_rate": "On-time rate",
            "ecbt_accuracy_mean": "ECBT accuracy", "hold_mean_s": "Average hold", "talk_mean_s": "Average talk",
            "talk_total_s": "Total talk", "agent_leg_failures": "Agent leg failures", "customer_leg_failures": "Customer leg failures",
            "duplicates": "Duplicate requests", "outside_hours": "Requests outside hours", "next_day_offered": "Next-day callbacks offered",
            "next_day_scheduled": "Next-day callbacks scheduled", "hours_expected": "Hours expected", "hours_read": "Hours read",
            "hours_missing": "Hours missing",
        ]
        return labels[column] ?? column
    }

    /// A figure of the column for people: `78.3%`, `1 min 05 s`, `1,234`.
    public static func display(_ column: String, _ value: Double?) -> String {
        guard let value, value.isFinite else { return DisplayFormat.none }
        switch kind(column) {
        case .rate, .ratio: return DisplayFormat.percent(value)
        case .seconds: return DisplayFormat.duration(value)
        case .count: return value == value.rounded() ? DisplayFormat.count(Int(value)) : FigureFormat.decimal(value, places: 2)
        }
    }

    /// A figure as `summary.csv` writes it (rates 4 places, seconds 2, counts whole).
    public static func csv(_ column: String, _ value: Double?) -> String {
        guard let value else { return "" }
        switch kind(column) {
        case .rate, .ratio: return FigureFormat.rate(value)
        case .seconds: return FigureFormat.seconds(value)
        case .count: return FigureFormat.decimal(value, places: 2)
        }
    }

    /// How far a figure is from a threshold, in the column's unit: `7.7 points`, `1 min 05 s`, `3`.
    static func gap(_ column: String, _ value: Double, _ threshold: Double) -> String {
        let d = abs(value - threshold)
        switch kind(column) {
        case .rate, .ratio: return NumberText.fixed(d * 100, places: 1) + " points"
        case .seconds: return DisplayFormat.duration(d)
        case .count: return display(column, d)
        }
    }
}

extension GoalResult {
    /// The goal in words: `Success rate at least 80.0%`.
    public var goalText: String {
        "\(SummaryColumn.label(goal.metric)) \(goal.comparison.words) \(SummaryColumn.display(goal.metric, goal.threshold))"
    }

    /// The verdict in words with the figure: `Met: 82.1%`, `Missed: 72.3%, 7.7 points short`,
    /// `Unknown: no figure in this range`.
    public var verdictText: String {
        switch status {
        case .met: return "Met: \(SummaryColumn.display(goal.metric, value))"
        case .unknown: return "Unknown: no figure in this range"
        case .missed:
            let figure = SummaryColumn.display(goal.metric, value)
            guard let value, value != goal.threshold else { return "Missed: \(figure), on the limit" }
            let side = goal.comparison.wantsHigher ? "short" : "over"
            return "Missed: \(figure), \(SummaryColumn.gap(goal.metric, value, goal.threshold)) \(side)"
        }
    }
}
