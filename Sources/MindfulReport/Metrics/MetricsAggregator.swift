import Foundation

/// Adds up the figures of a range from one ``HourAggregate`` per hour, taken strictly newest
/// hour first, so the result is the same however many cores made the hour aggregates.
///
/// Merging newest first turns every "latest wins" rule about names into "first seen wins": a
/// target's name is the first non-empty one met. Duplicate ids are dropped before the hours are
/// counted (``DuplicateIndex``), and a request's final attempt is found at the end from its
/// attempts' places in the tie order (``RequestPartitions``), so neither needs the hours in
/// order. Memory holds the figures per target, day and hour, not per record or request.
public struct MetricsAggregator {
    public let range: ReportRange
    private var lastOrdinal: Int?
    private var targetIndex: [ExactKey: Int] = [:]
    private(set) var targets: [TargetAccumulator] = []
    private(set) var all = TargetAccumulator(id: "*")
    private var outcomeTable = OutcomeTable()
    private var dimensionTables = DimensionTables()
    private let requests: RequestPartitions
    private(set) var daily: [PeriodKey: PeriodStats] = [:]
    private(set) var hourly: [PeriodKey: PeriodStats] = [:]
    private(set) var completeness = DataCompleteness()

    /// - Parameter scratch: where request attempts go once they outgrow memory buffers.
    public init(range: ReportRange, scratch: URL = FileManager.default.temporaryDirectory) {
        self.init(range: range, scratch: scratch, bufferBytes: nil)
    }

    init(range: ReportRange, scratch: URL, bufferBytes: Int?) {
        self.range = range
        completeness.hoursExpected = range.hours.count
        requests = RequestPartitions(count: RequestPartitions.partitionCount(hours: range.hours.count), scratch: scratch, bufferBytes: bufferBytes)
    }

    /// Adds one hour's figures. Hours must come newest first (by ``HourAggregate/ordinal``).
    /// Returns, per local target of the hour, the report's target index (for the appendices).
    @discardableResult
    mutating func merge(_ h: HourAggregate) throws(SpillError) -> [Int] {
        precondition(lastOrdinal.map { h.ordinal < $0 } ?? true, "hours must be merged newest first")
        lastOrdinal = h.ordinal
        completeness.hoursRead += 1
        completeness.malformedFields += h.malformedFields
        completeness.skippedElements += h.skippedElements
        completeness.duplicatesDropped += h.duplicatesDropped
        let targetMap = h.targets.indices.map { t in target(h.targets[t].id, name: h.targetNames[t]) }
        let outcomeMap = h.outcomes.values.map { outcomeTable.intern($0) }
        var dimensionMaps = [[Int32]](repeating: [], count: Dimension.allCases.count)
        dimensionMaps[Dimension.segment.rawValue] = h.segments.values.map { dimensionTables.intern($0, in: .segment) }
        dimensionMaps[Dimension.firstPartyCalled.rawValue] = h.parties.values.map { dimensionTables.intern($0, in: .firstPartyCalled) }
        let maps = IndexMaps(outcomes: outcomeMap, dimensions: dimensionMaps)
        for (local, global) in targetMap.enumerated() {
            targets[global].merge(h.targets[local], maps)
        }
        all.merge(h.all, maps)
        for (t, stats) in h.periods.enumerated() where stats.attempts > 0 {
            daily[PeriodKey(date: h.local.date, hour: -1, target: targetMap[t]), default: PeriodStats()].merge(stats)
            hourly[PeriodKey(date: h.local.date, hour: h.local.hour, target: targetMap[t]), default: PeriodStats()].merge(stats)
        }
        if h.periodAll.attempts > 0 {
            daily[PeriodKey(date: h.local.date, hour: -1, target: -1), default: PeriodStats()].merge(h.periodAll)
            hourly[PeriodKey(date: h.local.date, hour: h.local.hour, target: -1), default: PeriodStats()].merge(h.periodAll)
        }
        for var attempt in h.requests {
            attempt.target = Int32(targetMap[Int(attempt.target)])
            attempt.outcome = outcomeMap[Int(attempt.outcome)]
            attempt.dimensions = maps.map(attempt.dimensions)
            try requests.add(attempt)
        }
        return targetMap
    }

    /// Records an hour that could not be read.
    public mutating func markMissing(hour: UTCHour, reason: MissingReason) {
        completeness.missing.append(MissingHour(hour: hour, reason: reason))
    }

    /// The report's index of a call target, created on first sight; its name is the first
    /// non-empty one seen (hours come newest first).
    private mutating func target(_ id: String, name: String?) -> Int {
        let key = ExactKey(id)
        let t: Int
        if let existing = targetIndex[key] {
            t = existing
        } else {
            t = targets.count
            targetIndex[key] = t
            targets.append(TargetAccumulator(id: id))
        }
        if targets[t].name == nil, let name { targets[t].name = name }
        return t
    }

    /// The finished figures: every request's final attempt, and then each target's figures, are
    /// worked out here, by `workers` tasks at once.
    public func finish(workers: Int = Parallelism.cores) async throws(SpillError) -> ReportMetrics {
        let resolved = try await requests.resolve(targets: targets.count, dimensionTables: dimensionTables,
                                                  successIndex: outcomeTable.index(of: Outcome.success), workers: workers)
        let figures = await TargetFigures.figures(of: targets, requests: resolved.perTarget, outcomeTable: outcomeTable,
                                                  dimensionTables: dimensionTables, workers: workers)
        let allFigures = TargetFigures(all, requests: resolved.all, outcomeTable: outcomeTable, dimensionTables: dimensionTables, allTargets: true)
        return ReportMetrics(range: range, targets: figures, all: allFigures, daily: daily, hourly: hourly, completeness: completeness.sorted())
    }

    /// The `callTargetId` of a report target index.
    public func targetId(at index: Int) -> String { targets[index].id }
}

extension MetricsAggregator {
    /// The figures of hours already in memory (any order), duplicates and all: for tests and
    /// small tools. The pipeline does the same a few hours at a time.
    public static func metrics(range: ReportRange, hours: [(hour: UTCHour, records: HourRecords)]) async throws(SpillError) -> ReportMetrics {
        let ordinals = Dictionary(uniqueKeysWithValues: range.hours.enumerated().map { ($1, $0) })
        let finder = DuplicateFinder(count: 1, scratch: FileManager.default.temporaryDirectory)
        let inRange = hours.filter { ordinals[$0.hour] != nil }.sorted { $0.hour > $1.hour }
        for h in inRange {
            try finder.add(ids: h.records.records.map { $0.id.map { Fingerprint($0).value } ?? 0 }, hour: ordinals[h.hour]!)
        }
        let duplicates = try await finder.finish()
        var aggregator = MetricsAggregator(range: range)
        for h in inRange {
            let ordinal = ordinals[h.hour]!
            try aggregator.merge(HourAggregate(hour: h.hour, ordinal: ordinal, local: range.localStart(of: h.hour), records: h.records,
                                               dropped: duplicates.dropped(inHour: ordinal), rows: nil))
        }
        return try await aggregator.finish()
    }
}

/// How one hour's local numbers map to the report's.
struct IndexMaps {
    let outcomes: [Int32]
    /// Per dimension; empty for type and channel, whose codes are fixed (an empty table maps a
    /// value to itself).
    let dimensions: [[Int32]]

    @inline(__always)
    func map(_ d: RecordDimensions) -> RecordDimensions {
        RecordDimensions(dimensions[Dimension.segment.rawValue][Int(d.segment)], Int32(d.type), Int32(d.channel),
                         dimensions[Dimension.firstPartyCalled.rawValue][Int(d.firstPartyCalled)])
    }

    @inline(__always)
    func map(_ value: Int, in d: Dimension) -> Int {
        let table = dimensions[d.rawValue]
        return table.isEmpty ? value : Int(table[value])
    }
}

/// One group's attempt accumulators: figures and breakdowns (its requests are in the
/// aggregator's ``RequestBook``).
public struct TargetAccumulator: Sendable {
    /// The `callTargetId` ("" for records without one).
    public let id: String
    /// The latest non-empty `callTargetName`, if any.
    public internal(set) var name: String?
    public internal(set) var stats = AttemptStats()
    /// Attempt figures per dimension and interned value: `breakdowns[dimension][value]`.
    var breakdowns: [[PeriodStats]] = Array(repeating: [], count: Dimension.allCases.count)

    init(id: String) { self.id = id }

    mutating func add(_ r: borrowing CallRecord, outcomeIndex: Int32, success: Bool, dimensions: RecordDimensions) {
        stats.add(r, outcomeIndex: outcomeIndex, success: success, type: Int32(dimensions.type))
        for d in Dimension.allCases {
            let v = Int(dimensions[d])
            breakdowns[d.rawValue].extend(toInclude: v, with: PeriodStats())
            breakdowns[d.rawValue][v].add(r, success: success)
        }
    }

    /// Adds another accumulator's figures, numbered by `maps`.
    mutating func merge(_ o: TargetAccumulator, _ maps: IndexMaps) {
        stats.merge(o.stats, outcomes: maps.outcomes)
        for d in Dimension.allCases {
            for (v, figures) in o.breakdowns[d.rawValue].enumerated() where figures.attempts > 0 {
                let g = maps.map(v, in: d)
                breakdowns[d.rawValue].extend(toInclude: g, with: PeriodStats())
                breakdowns[d.rawValue][g].merge(figures)
            }
        }
    }
}

/// A local day (hour -1) or local hour of a group (target -1 = all targets).
public struct PeriodKey: Hashable, Sendable {
    public let date: LocalDate
    public let hour: Int
    public let target: Int
}

/// An hour of the range that the report could not read, and why.
public struct MissingHour: Sendable, Equatable {
    public let hour: UTCHour
    public let reason: MissingReason
    /// An hour that could not be read, and why.
    public init(hour: UTCHour, reason: MissingReason) {
        self.hour = hour
        self.reason = reason
    }
}

/// What data the report had.
public struct DataCompleteness: Sendable, Equatable {
    public var hoursExpected = 0
    public var hoursRead = 0
    public var missing: [MissingHour] = []
    public var duplicatesDropped = 0
    public var malformedFields = 0
    public var skippedElements = 0

    public var isComplete: Bool { missing.isEmpty }

    func sorted() -> DataCompleteness {
        var copy = self
        copy.missing.sort { $0.hour < $1.hour }
        return copy
    }
}

