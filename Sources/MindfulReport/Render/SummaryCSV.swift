/// The CSV files of a report's figures: `summary.csv`, `outcomes.csv`, `daily.csv`,
/// `hourly.csv`. Each returns bytes; writing them is the publisher's job.
public enum FigureCSVs {
    public static let summaryColumns = [
        "call_target_id", "call_target_name", "attempts", "requests", "success", "success_rate", "asap", "scheduled",
        "retries", "response_mean_s", "response_p50_s", "response_p90_s", "punctuality_mean_s", "on_time_rate",
        "ecbt_accuracy_mean", "hold_mean_s", "talk_mean_s", "talk_total_s", "agent_leg_failures",
        "customer_leg_failures", "duplicates", "outside_hours", "next_day_offered", "next_day_scheduled",
        "hours_expected", "hours_read", "hours_missing", "missing_hours",
    ]

    /// Columns whose values have a `previous_` twin when comparing.
    static let figureColumns = Array(summaryColumns[2...23])

    /// One row per call target then `ALL`; with `previous`, every figure column gains a
    /// `previous_` column (empty for a target the previous period did not have), then the
    /// previous period's missing hours, then the two-sided p-value of each tested column's
    /// change as `p_<column>` (``ComparedChange``; empty where the test is undefined).
    public static func summary(_ m: ReportMetrics, previous: ReportMetrics? = nil) -> [UInt8] {
        var header = summaryColumns
        if previous != nil {
            header += figureColumns.map { "previous_" + $0 } + ["previous_from", "previous_to", "previous_hours_missing", "previous_missing_hours"]
            header += ComparedChange.Figure.allCases.map { "p_" + $0.column }
        }
        var csv = CSVTable(header: header)
        let missing = m.completeness.missing.map { $0.hour.description }.joined(separator: " ")
        for f in m.targets + [m.all] {
            var row = [.text(f.id), .text(f.name)] + figureCells(f) + [
                count(m.completeness.hoursExpected), count(m.completeness.hoursRead), count(m.completeness.missing.count),
                .text(missing),
            ]
            if let previous {
                let before = f.isAll ? previous.all : previous.targets.first { $0.id.utf8.elementsEqual(f.id.utf8) }
                row += before.map(figureCells) ?? Array(repeating: .empty, count: figureColumns.count)
                row += [.text(previous.range.from.description), .text(previous.range.to.description),
                        count(previous.completeness.missing.count),
                        .text(previous.completeness.missing.map { $0.hour.description }.joined(separator: " "))]
                row += ComparedChange.all(now: f, before: before).map { change -> CSVTable.Cell in
                    let p = change.pValueCSV
                    return p.isEmpty ? .empty : .number(p)
                }
            }
            csv.appendRow(row)
        }
        return csv.bytes
    }

    static func figureCells(_ f: TargetFigures) -> [CSVTable.Cell] {
        let s = f.stats
        let response = s.response.percentiles([50, 90])
        return [
            count(s.attempts), count(f.requests), count(f.success),
            .number(FigureFormat.rate(f.successRate)), count(s.asap), count(s.scheduled), count(s.retries),
            .number(FigureFormat.seconds(s.response.mean)), .number(FigureFormat.seconds(response[0])),
            .number(FigureFormat.seconds(response[1])), .number(FigureFormat.seconds(s.punctuality.mean)),
            .number(FigureFormat.rate(s.onTime.rate)), .number(FigureFormat.ratio(s.ecbtAccuracy.mean)),
            .number(FigureFormat.seconds(s.hold.mean)), .number(FigureFormat.seconds(s.talk.mean)),
            .number(FigureFormat.seconds(s.talkTotal)), count(s.agentLegFailures), count(s.customerLegFailures),
            count(s.duplicates), count(s.outsideHours), count(s.nextDayOffered), count(s.nextDayScheduled),
        ]
    }

    /// One row per (target, outcome) that occurs, then the `ALL` rows; with `previous`, the
    /// previous period's figures of the same pair as `previous_attempts, previous_final_requests`
    /// (and rows for pairs that occurred only then).
    public static func outcomes(_ m: ReportMetrics, previous: ReportMetrics? = nil) -> [UInt8] {
        var header = ["call_target_id", "outcome", "attempts", "final_requests"]
        if previous != nil { header += ["previous_attempts", "previous_final_requests"] }
        var csv = CSVTable(header: header)
        for f in m.targets + [m.all] {
            let before = previous.flatMap { p in f.isAll ? p.all : p.targets.first { $0.id.utf8.elementsEqual(f.id.utf8) } }
            let names = previous == nil ? f.outcomeNames : Outcome.ordered(f.outcomeNames + (before?.outcomeNames ?? []))
            for o in names {
                var row: [CSVTable.Cell] = [.text(f.id), .text(o), count(f.attempts(withOutcome: o)), count(f.finalRequests(withOutcome: o))]
                if previous != nil {
                    row += [count(before?.attempts(withOutcome: o) ?? 0), count(before?.finalRequests(withOutcome: o) ?? 0)]
                }
                csv.appendRow(row)
            }
        }
        return csv.bytes
    }

    /// `goals.csv`: one row per goal and row of `summary.csv` it applies to, in that order:
    /// `call_target_id, metric, goal, value, met` (`met` is `true`, `false` or `unknown`; the
    /// value is written as in `summary.csv`, empty when the figure is).
    public static func goals(_ evaluation: GoalEvaluation) -> [UInt8] {
        var csv = CSVTable(header: ["call_target_id", "metric", "goal", "value", "met"])
        for r in evaluation.results {
            let value = SummaryColumn.csv(r.goal.metric, r.value)
            let met: String
            switch r.status {
            case .met: met = "true"
            case .missed: met = "false"
            case .unknown: met = "unknown"
            }
            csv.appendRow([.text(r.targetId), .text(r.goal.metric), .text(r.goal.text), value.isEmpty ? .empty : .number(value), .text(met)])
        }
        return csv.bytes
    }

    /// `daily.csv`: one row per local day and call target.
    public static func daily(_ m: ReportMetrics) -> [UInt8] {
        var csv = CSVTable(header: ["local_date", "call_target_id", "attempts", "success_attempts", "response_mean_s",
                                    "hours_expected", "hours_missing"])
        let hoursPerDate = Dictionary(grouping: m.range.hours, by: { m.range.localStart(of: $0).date }).mapValues(\.count)
        let missingPerDate = Dictionary(grouping: m.completeness.missing, by: { m.range.localStart(of: $0.hour).date }).mapValues(\.count)
        for date in m.range.dates {
            let expected = count(hoursPerDate[date] ?? 0), missing = count(missingPerDate[date] ?? 0)
            for (t, f) in m.targets.enumerated() {
                guard let p = m.daily[PeriodKey(date: date, hour: -1, target: t)] else { continue }
                csv.appendRow(periodRow([.text(date.description), .text(f.id)], p) + [expected, missing])
            }
            let p = m.daily[PeriodKey(date: date, hour: -1, target: -1)] ?? PeriodStats()
            csv.appendRow(periodRow([.text(date.description), .text("ALL")], p) + [expected, missing])
        }
        return csv.bytes
    }

    /// `hourly.csv`: one row per local hour and call target.
    public static func hourly(_ m: ReportMetrics) -> [UInt8] {
        var csv = CSVTable(header: ["local_date", "local_hour", "call_target_id", "attempts", "success_attempts", "response_mean_s"])
        for date in m.range.dates {
            for hour in 0..<24 {
                let lead: [CSVTable.Cell] = [.text(date.description), .number(String(hour))]
                for (t, f) in m.targets.enumerated() {
                    guard let p = m.hourly[PeriodKey(date: date, hour: hour, target: t)] else { continue }
                    csv.appendRow(periodRow(lead + [.text(f.id)], p))
                }
                if let p = m.hourly[PeriodKey(date: date, hour: hour, target: -1)] {
                    csv.appendRow(periodRow(lead + [.text("ALL")], p))
                }
            }
        }
        return csv.bytes
    }

    static func periodRow(_ lead: [CSVTable.Cell], _ p: PeriodStats) -> [CSVTable.Cell] {
        lead + [count(p.attempts), count(p.successAttempts), .number(FigureFormat.seconds(p.response.mean))]
    }

    static func count(_ n: Int) -> CSVTable.Cell { .number(String(n)) }
}
