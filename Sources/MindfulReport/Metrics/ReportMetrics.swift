/// The finished figures of a report: one row per call target (in report order) and one for all.
public struct ReportMetrics: Sendable {
    public let range: ReportRange
    /// Call targets ordered by name, then id (code-point order).
    public let targets: [TargetFigures]
    /// Every record as one group.
    public let all: TargetFigures
    /// Per local day and group (target index into `targets`, or -1 for all).
    public let daily: [PeriodKey: PeriodStats]
    /// Per local day, local hour and group.
    public let hourly: [PeriodKey: PeriodStats]
    public let completeness: DataCompleteness
    /// The keys of `hourly` of each group, in the order `hourly` lists them: all targets first,
    /// then target t at t + 1. A group's figures are then found without a scan of every group's.
    private let hourlyKeysByGroup: [[PeriodKey]]

    /// The keys of ``hourly`` of one group (`target` an index into `targets`, or -1 for all), in
    /// the order ``hourly`` lists them.
    public func hourlyKeys(of target: Int) -> [PeriodKey] { hourlyKeysByGroup[target + 1] }

    /// The figures of `range`: `figures` one per target in the order of the target indices that
    /// `daily` and `hourly` use, put in report order here.
    init(range: ReportRange, targets figures: [TargetFigures], all: TargetFigures, daily: [PeriodKey: PeriodStats], hourly: [PeriodKey: PeriodStats],
         completeness: DataCompleteness) {
        self.range = range
        // By name, then id; the comparison reads the two strings alone, not copies of the figures.
        let names = figures.map(\.name), ids = figures.map(\.id)
        let order = figures.indices.sorted { a, b in
            if !names[a].utf8.elementsEqual(names[b].utf8) { return CodePointOrder.less(names[a], names[b]) }
            return CodePointOrder.less(ids[a], ids[b])
        }
        var newIndex = [Int](repeating: 0, count: figures.count)
        for (position, old) in order.enumerated() { newIndex[old] = position }
        self.targets = order.map { figures[$0] }
        self.all = all
        func remap(_ periods: [PeriodKey: PeriodStats]) -> [PeriodKey: PeriodStats] {
            var result: [PeriodKey: PeriodStats] = [:]
            result.reserveCapacity(periods.count)
            for (key, value) in periods {
                let t = key.target < 0 ? -1 : newIndex[key.target]
                result[PeriodKey(date: key.date, hour: key.hour, target: t)] = value
            }
            return result
        }
        self.daily = remap(daily)
        self.hourly = remap(hourly)
        var keysByGroup = [[PeriodKey]](repeating: [], count: figures.count + 1)
        for key in self.hourly.keys { keysByGroup[key.target + 1].append(key) }
        hourlyKeysByGroup = keysByGroup
        self.completeness = completeness
    }
}

/// The figures of one call target (or of all of them).
public struct TargetFigures: Sendable {
    /// `callTargetId`; "" for records without one; "ALL" for the row of every target.
    public let id: String
    /// The name shown: the latest non-empty `callTargetName`, "Unassigned" for id "", "All call
    /// targets" for the ALL row.
    public let name: String
    public let stats: AttemptStats
    public let requests: Int
    /// Requests per final outcome, in report order.
    public let finalOutcomes: [(outcome: String, requests: Int)]
    /// Attempts per outcome, in report order.
    public let attemptOutcomes: [(outcome: String, attempts: Int)]
    /// Every outcome that occurs as an attempt's or a request's final outcome, in report order.
    public let outcomeNames: [String]
    /// Requests with 1, 2, 3 and 4+ attempts.
    public let attemptsPerRequest: [Int]
    public let isAll: Bool

    /// Requests and successful requests per local day of their final attempt.
    public let requestsByDay: [LocalDate: (requests: Int, success: Int)]
    /// Rows per breakdown dimension, largest first.
    public let breakdowns: [Dimension: [BreakdownRow]]
    /// Attempts and final requests per outcome, by exact bytes, for lookups that do not scan
    /// (hostile data may hold thousands of outcomes).
    private let attemptsByOutcome: [ExactKey: Int]
    private let finalsByOutcome: [ExactKey: Int]

    init(_ acc: TargetAccumulator, requests summary: RequestSummary, outcomeTable: OutcomeTable, dimensionTables: DimensionTables,
         allTargets: Bool = false) {
        isAll = allTargets
        id = allTargets ? "ALL" : acc.id
        if allTargets { name = "All call targets" }
        else if acc.id.isEmpty { name = "Unassigned" }
        else { name = acc.name ?? "" }
        stats = acc.stats
        requests = summary.count
        let finalsByIndex = summary.finalsByIndex
        let byDimension = summary.byDimension
        var finals: [ExactKey: Int] = [:]
        for (index, n) in finalsByIndex { finals[ExactKey(outcomeTable.name(index)), default: 0] += n }
        var attempted: [ExactKey: Int] = [:]
        for (index, n) in acc.stats.outcomeCounts.enumerated() where n > 0 {
            attempted[ExactKey(outcomeTable.name(Int32(index))), default: 0] += n
        }
        let names = Outcome.ordered(Array(finals.keys.map(\.string)) + attempted.keys.map(\.string))
        outcomeNames = names
        finalOutcomes = names.compactMap { o in finals[ExactKey(o)].map { (o, $0) } }
        attemptOutcomes = names.compactMap { o in attempted[ExactKey(o)].map { (o, $0) } }
        finalsByOutcome = finals
        attemptsByOutcome = attempted
        attemptsPerRequest = summary.perAttempts
        requestsByDay = Dictionary(uniqueKeysWithValues: summary.byDay.map { (LocalDate(day: Int($0.key)), $0.value) })
        var breakdowns: [Dimension: [BreakdownRow]] = [:]
        for d in Dimension.allCases {
            var rows: [BreakdownRow] = []
            for (v, stats) in acc.breakdowns[d.rawValue].enumerated() where stats.attempts > 0 {
                let req = byDimension[d.rawValue][v]
                rows.append(BreakdownRow(value: dimensionTables.name(Int32(v), in: d), attempts: stats.attempts,
                                         requests: req.requests, success: req.success,
                                         responseMean: stats.response.mean, onTimeRate: stats.onTime.rate))
            }
            rows.sort { $0.attempts != $1.attempts ? $0.attempts > $1.attempts : CodePointOrder.less($0.value, $1.value) }
            breakdowns[d] = rows
        }
        self.breakdowns = breakdowns
    }

    /// The figures of each of `targets` (with `requests[i]` the request figures of `targets[i]`),
    /// in their order, made by `workers` tasks at once, each taking a run of targets: with
    /// hundreds of targets, one core alone would leave the other idle here.
    static func figures(of targets: [TargetAccumulator], requests: [RequestSummary], outcomeTable: OutcomeTable,
                        dimensionTables: DimensionTables, workers: Int) async -> [TargetFigures] {
        let runs = max(1, min(4 * max(1, workers), targets.count))
        let bounds = (0...runs).map { $0 * targets.count / runs }
        var figures: [TargetFigures] = []
        figures.reserveCapacity(targets.count)
        await boundedMap(Array(0..<runs), window: workers, { run in
            (bounds[run]..<bounds[run + 1]).map {
                TargetFigures(targets[$0], requests: requests[$0], outcomeTable: outcomeTable, dimensionTables: dimensionTables)
            }
        }) { (_, run: [TargetFigures]) in
            figures += run
            return .continue
        }
        return figures
    }

    /// Requests whose final outcome is Success.
    public var success: Int { finalOutcomes.first { $0.outcome == Outcome.success }?.requests ?? 0 }
    /// success / requests; `nil` without requests.
    public var successRate: Double? { requests == 0 ? nil : Double(success) / Double(requests) }
    /// Attempts whose outcome is exactly `o`.
    public func attempts(withOutcome o: String) -> Int { attemptsByOutcome[ExactKey(o)] ?? 0 }
    /// Requests whose final attempt's outcome is exactly `o`.
    public func finalRequests(withOutcome o: String) -> Int { finalsByOutcome[ExactKey(o)] ?? 0 }
}

/// One row of a breakdown table. Requests count in the group of their final attempt.
public struct BreakdownRow: Sendable, Equatable {
    public let value: String
    public let attempts: Int
    public let requests: Int
    public let success: Int
    /// Mean `actualCallbackTime` of first attempts.
    public let responseMean: Double?
    public let onTimeRate: Double?
    public var successRate: Double? { requests == 0 ? nil : Double(success) / Double(requests) }
}

/// The request figures of one group, gathered from the final states of its requests.
struct RequestSummary {
    var count = 0
    var finalsByIndex: [Int32: Int] = [:]
    var perAttempts = [0, 0, 0, 0]
    var byDay: [Int32: (requests: Int, success: Int)] = [:]
    var byDimension: [[(requests: Int, success: Int)]]

    init(dimensionTables: DimensionTables) {
        byDimension = Dimension.allCases.map { Array(repeating: (0, 0), count: dimensionTables.count(in: $0)) }
    }

    mutating func add(_ state: RequestState, successIndex: Int32?) {
        count += 1
        finalsByIndex[state.finalOutcome, default: 0] += 1
        perAttempts[min(Int(state.attempts), 4) - 1] += 1
        let success = state.finalOutcome == successIndex ? 1 : 0
        byDay[state.finalDay, default: (0, 0)].requests += 1
        byDay[state.finalDay, default: (0, 0)].success += success
        for d in Dimension.allCases {
            let v = Int(state.finalDimensions[d])
            byDimension[d.rawValue][v].requests += 1
            byDimension[d.rawValue][v].success += success
        }
    }

    /// Adds the counts of `other` (made with the same dimension tables): every figure is a
    /// count, so merging in any order gives the same summary.
    mutating func merge(_ other: RequestSummary) {
        count += other.count
        for (k, v) in other.finalsByIndex { finalsByIndex[k, default: 0] += v }
        for i in perAttempts.indices { perAttempts[i] += other.perAttempts[i] }
        for (k, v) in other.byDay {
            byDay[k, default: (0, 0)].requests += v.requests
            byDay[k, default: (0, 0)].success += v.success
        }
        for d in byDimension.indices {
            for v in byDimension[d].indices {
                byDimension[d][v].requests += other.byDimension[d][v].requests
                byDimension[d][v].success += other.byDimension[d][v].success
            }
        }
    }
}
