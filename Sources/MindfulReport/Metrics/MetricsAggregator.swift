/// Reads hours of records, newest hour first, and keeps only aggregates: per call target and
/// for all targets together, per local day and per local hour.
///
/// Reading newest first turns every "latest wins" rule of the spec into "first seen wins":
/// a record id already seen is a duplicate of a later copy and is dropped; the target name is
/// the first non-empty one seen; a request's final attempt changes only for a strictly higher
/// `retryAttempt`. Within an hour the records are read from last to first for the same reason.
public struct MetricsAggregator: Sendable {
    public let range: ReportRange
    private var lastHour: UTCHour?
    private var seenIds: Set<Fingerprint> = []
    private var targetIndex: [ExactKey: Int] = [:]
    private(set) var targets: [TargetAccumulator] = []
    private(set) var all = TargetAccumulator(id: "*")
    private var outcomeTable = OutcomeTable()
    private var requests = RequestBook()
    private var dimensionTables = DimensionTables()
    /// The last value looked up in each table and its index: consecutive records mostly repeat
    /// them, and comparing two short strings is cheaper than hashing one.
    private var lastOutcome: (String, Int32)? = nil
    private var lastTarget: (String, Int)? = nil
    private var lastSegment: (String, Int32)? = nil
    private var lastFirstParty: (String, Int32)? = nil
    private(set) var daily: [PeriodKey: PeriodStats] = [:]
    private(set) var hourly: [PeriodKey: PeriodStats] = [:]
    private(set) var completeness = DataCompleteness()

    public init(range: ReportRange) {
        self.range = range
        completeness.hoursExpected = range.hours.count
    }

    /// Which records of an hour were counted, for the appendix writer.
    public struct Kept: Sendable {
        /// Indices (file order) of the records counted, with their group index.
        public var indices: [(record: Int, target: Int)] = []
    }

    /// Adds one hour's records. Hours must come newest first.
    @discardableResult
    public mutating func add(hour: UTCHour, records: HourRecords) -> Kept {
        add(PreparedHour(hour: hour, records: records, appendix: nil))
    }

    /// Adds one prepared hour. Hours must come newest first.
    @discardableResult
    public mutating func add(_ prepared: PreparedHour) -> Kept {
        let hour = prepared.hour, records = prepared.records
        precondition(lastHour.map { hour < $0 } ?? true, "hours must be added newest first")
        lastHour = hour
        completeness.hoursRead += 1
        completeness.malformedFields += records.malformedFields
        completeness.skippedElements += records.skippedElements
        let local = range.localStart(of: hour)
        let day = Int32(local.date.day)
        var kept = Kept()
        kept.indices.reserveCapacity(records.records.count)
        // Day and hour figures are the same key for the whole file: gather them per target first.
        var hourStats: [PeriodStats] = []
        var hourAll = PeriodStats()
        // Through a buffer pointer, so each record is borrowed in place, never copied.
        records.records.withUnsafeBufferPointer { buffer in
            for i in buffer.indices.reversed() {
                if let t = addRecord(buffer[i], id: prepared.ids[i], requestKey: prepared.requestKeys[i], day: day,
                                     hourStats: &hourStats, hourAll: &hourAll) {
                    kept.indices.append((i, t))
                }
            }
        }
        for (t, stats) in hourStats.enumerated() where stats.attempts > 0 {
            daily[PeriodKey(date: local.date, hour: -1, target: t), default: PeriodStats()].merge(stats)
            hourly[PeriodKey(date: local.date, hour: local.hour, target: t), default: PeriodStats()].merge(stats)
        }
        if hourAll.attempts > 0 {
            daily[PeriodKey(date: local.date, hour: -1, target: -1), default: PeriodStats()].merge(hourAll)
            hourly[PeriodKey(date: local.date, hour: local.hour, target: -1), default: PeriodStats()].merge(hourAll)
        }
        kept.indices.reverse()
        return kept
    }

    /// Counts one record unless it is a duplicate; returns its group, or `nil` when dropped.
    /// The record is borrowed: no copy, no reference counting of its strings.
    private mutating func addRecord(_ r: borrowing CallRecord, id: Fingerprint?, requestKey: Fingerprint?, day: Int32,
                                    hourStats: inout [PeriodStats], hourAll: inout PeriodStats) -> Int? {
        if let id {
            if !seenIds.insert(id).inserted {
                completeness.duplicatesDropped += 1
                return nil
            }
        }
        let t = target(for: r)
        let outcome = Outcome.normalize(r.outcome)
        let outcomeIndex: Int32
        if let last = lastOutcome, exactlyEqual(last.0, outcome) { outcomeIndex = last.1 } else {
            outcomeIndex = outcomeTable.intern(outcome)
            lastOutcome = (outcome, outcomeIndex)
        }
        let retry = r.retryAttempt ?? 0
        let segment = Dimension.segment.value(of: r)
        let segmentIndex: Int32
        if let last = lastSegment, exactlyEqual(last.0, segment) { segmentIndex = last.1 } else {
            segmentIndex = dimensionTables.intern(segment, in: .segment)
            lastSegment = (segment, segmentIndex)
        }
        let party = Dimension.firstPartyCalled.value(of: r)
        let partyIndex: Int32
        if let last = lastFirstParty, exactlyEqual(last.0, party) { partyIndex = last.1 } else {
            partyIndex = dimensionTables.intern(party, in: .firstPartyCalled)
            lastFirstParty = (party, partyIndex)
        }
        let dims = RecordDimensions(segmentIndex, DimensionTables.typeCode(r.type), DimensionTables.channelCode(r.source), partyIndex)
        let success = outcome == Outcome.success
        let attempt = Attempt(success: success, outcomeIndex: outcomeIndex, requestKey: requestKey,
                              retry: retry, day: day, dimensions: dims)
        targets[t].add(r, attempt)
        all.add(r, attempt)
        requests.add(key: requestKey, target: Int32(t), retry: retry, outcome: outcomeIndex, day: day, dimensions: dims)
        while hourStats.count <= t { hourStats.append(PeriodStats()) }
        hourStats[t].add(r, success: success)
        hourAll.add(r, success: success)
        return t
    }

    /// Records an hour that could not be read.
    public mutating func markMissing(hour: UTCHour, reason: String) {
        completeness.missing.append(MissingHour(hour: hour, reason: reason))
    }

    /// The group of a record, creating it on first sight.
    private mutating func target(for r: borrowing CallRecord) -> Int {
        let id = r.callTargetId ?? ""
        let t: Int
        if let last = lastTarget, exactlyEqual(last.0, id) {
            t = last.1
        } else if let existing = targetIndex[ExactKey(id)] {
            t = existing
            lastTarget = (id, t)
        } else {
            let key = ExactKey(id)
            t = targets.count
            targetIndex[key] = t
            targets.append(TargetAccumulator(id: id))
            lastTarget = (id, t)
        }
        if targets[t].name == nil, let name = r.callTargetName, !name.isEmpty { targets[t].name = name }
        return t
    }

    /// `originalId` when non-empty, else `id` when non-empty, else none (a request of its own).
    static func requestKey(_ r: borrowing CallRecord) -> Fingerprint? {
        if let o = r.originalId, !o.isEmpty { return Fingerprint(o) }
        if let id = r.id, !id.isEmpty { return Fingerprint(id) }
        return nil
    }

    /// The finished figures.
    public func finish() -> ReportMetrics {
        ReportMetrics(range: range, targets: targets, all: all, requests: requests, outcomeTable: outcomeTable, dimensionTables: dimensionTables,
                      daily: daily, hourly: hourly,
                      completeness: completeness.sorted())
    }
}

/// What was worked out of a record once, for every accumulator that takes it.
struct Attempt {
    let success: Bool
    let outcomeIndex: Int32
    let requestKey: Fingerprint?
    let retry: Double
    let day: Int32
    let dimensions: RecordDimensions
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

    mutating func add(_ r: borrowing CallRecord, _ a: Attempt) {
        stats.add(r, outcomeIndex: a.outcomeIndex, success: a.success)
        for d in Dimension.allCases {
            let v = Int(a.dimensions[d])
            while breakdowns[d.rawValue].count <= v { breakdowns[d.rawValue].append(PeriodStats()) }
            breakdowns[d.rawValue][v].add(r, success: a.success)
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
    public let reason: String
    public init(hour: UTCHour, reason: String) {
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

extension MetricsAggregator {
    /// The `callTargetId` of a group index returned in ``Kept``.
    public func targetId(at index: Int) -> String { targets[index].id }
}
