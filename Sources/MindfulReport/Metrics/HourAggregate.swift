/// The figures of one hour's counted records, worked out on any core without knowing any other
/// hour, then merged into the report's figures by ``MetricsAggregator`` (newest hour first, so
/// the result never depends on which core finished first).
///
/// Call targets, outcomes and breakdown values are numbered locally, in the order they first
/// occur in the hour; the merge maps them to the report's numbers. Requests are not resolved
/// here: each counted attempt becomes a ``RequestAttempt`` that carries its place in the tie
/// order of final attempts (latest hour, then last in file order), for ``RequestPartitions``.
struct HourAggregate: Sendable {
    let hour: UTCHour
    /// The hour's place in the range (0 = first hour).
    let ordinal: Int
    let local: (date: LocalDate, hour: Int)
    var malformedFields = 0
    var skippedElements = 0
    var duplicatesDropped = 0
    /// Per local target: the last non-empty `callTargetName` in file order.
    var targetNames: [String?] = []
    var outcomes = LocalValues()
    var segments = LocalValues()
    var parties = LocalValues()
    /// Per local target (its `id` is the `callTargetId`), in the order first counted.
    var targets: [TargetAccumulator] = []
    /// All targets together: the sum of `targets`, made once the hour is counted.
    var all = TargetAccumulator(id: "*")
    /// Per local target, the hour's period figures (for daily and hourly).
    var periods: [PeriodStats] = []
    var periodAll = PeriodStats()
    var requests: [RequestAttempt] = []
    /// Per local target, the appendix rows of its counted records in file order (empty when no
    /// appendix is written). Copied here, on the core that read the hour, so that the merge
    /// only hands whole blocks to the writer.
    var rows: [[UInt8]] = []

    /// Counts every record of the hour except the positions in `dropped` (ascending) and, with
    /// a `filter`, the records of call targets it does not include.
    init(hour: UTCHour, ordinal: Int, local: (date: LocalDate, hour: Int), records: HourRecords, dropped: [Int32],
         rows hourRows: HourRows?, filter: TargetFilter? = nil) {
        self.hour = hour
        self.ordinal = ordinal
        self.local = local
        malformedFields = records.malformedFields
        skippedElements = records.skippedElements
        requests.reserveCapacity(records.records.count)
        let day = Int32(local.date.day)
        var nextDropped = 0
        // The local target of each record, -1 for a dropped one: where its row goes.
        var targetOfRecord = [Int32](repeating: -1, count: hourRows == nil ? 0 : records.records.count)
        let keys = records.recordKeys
        var codes = LocalCodes(keys.values)
        // Per distinct call target of the hour, whether its records are counted.
        let counted = filter?.mask(keys.values.targets)
        var droppedCount = 0
        records.records.withUnsafeBufferPointer { buffer in
            // Through the pointer, each record is lent to `add` rather than copied.
            guard let base = buffer.baseAddress else { return }
            for i in buffer.indices {
                let isCounted = counted.map { $0[Int(keys.records[i].target)] } ?? true
                if nextDropped < dropped.count && Int(dropped[nextDropped]) == i {
                    nextDropped += 1
                    if isCounted { droppedCount += 1 }
                    continue
                }
                if !isCounted { continue }
                let t = add(base[i], keys: keys.records[i], codes: &codes, position: i, day: day)
                if hourRows != nil { targetOfRecord[i] = Int32(t) }
            }
        }
        duplicatesDropped = droppedCount
        targetNames = codes.nameOfTarget.map { $0 >= 0 ? keys.values.targetNames[Int($0)] : nil }
        // The figures over all targets are the targets' own added up, rather than each record
        // added twice (same local numbering, so the maps are the identity).
        let identity = IndexMaps(outcomes: (0..<Int32(outcomes.values.count)).map { $0 },
                                 dimensions: Array(repeating: [], count: Dimension.allCases.count))
        for t in targets.indices {
            all.merge(targets[t], identity)
            periodAll.merge(periods[t])
        }
        if let hourRows { splitRows(hourRows, targetOfRecord: targetOfRecord) }
    }

    /// Copies each counted record's row to its target's rows, each target's block sized first.
    private mutating func splitRows(_ hourRows: HourRows, targetOfRecord: [Int32]) {
        var sizes = [Int](repeating: 0, count: rows.count)
        for (i, t) in targetOfRecord.enumerated() where t >= 0 { sizes[Int(t)] += hourRows.range(of: i).count }
        for t in rows.indices { rows[t].reserveCapacity(sizes[t]) }
        for (i, t) in targetOfRecord.enumerated() where t >= 0 { hourRows.appendRow(i, to: &rows[Int(t)]) }
    }

    /// Counts one record; returns its local target.
    private mutating func add(_ r: borrowing CallRecord, keys k: RecordKeys, codes: inout LocalCodes, position: Int, day: Int32) -> Int {
        var t = Int(codes.target[Int(k.target)])
        if t < 0 {
            t = targets.count
            codes.target[Int(k.target)] = Int32(t)
            targets.append(TargetAccumulator(id: codes.values.targets[Int(k.target)]))
            codes.nameOfTarget.append(-1)
            periods.append(PeriodStats())
            rows.append([])
        }
        if k.targetName >= 0 { codes.nameOfTarget[t] = k.targetName }
        var outcomeIndex = codes.outcome[Int(k.outcome)]
        if outcomeIndex < 0 { outcomeIndex = LocalCodes.make(&codes.outcome, k.outcome, in: &outcomes, codes.values.outcomes) }
        var segment = codes.segment[Int(k.segment)]
        if segment < 0 { segment = LocalCodes.make(&codes.segment, k.segment, in: &segments, codes.values.segments, limit: LocalCodes.dimensionLimit) }
        var party = codes.party[Int(k.party)]
        if party < 0 { party = LocalCodes.make(&codes.party, k.party, in: &parties, codes.values.parties, limit: LocalCodes.dimensionLimit) }
        let dims = RecordDimensions(segment, k.type, k.channel, party)
        let success = k.outcome == codes.successOutcome
        targets[t].add(r, outcomeIndex: outcomeIndex, success: success, dimensions: dims)
        periods[t].add(r, success: success)
        requests.append(RequestAttempt(key: k.request, retry: r.retryAttempt ?? 0,
                                       order: RequestAttempt.order(hour: ordinal, position: position),
                                       target: Int32(t), outcome: outcomeIndex, day: day, dimensions: dims))
        return t
    }
}

/// An hour's value numbers (``HourValues``) mapped to an aggregate's local numbers, each made
/// on first use (by a counted record), so the local numbering is that of first occurrence among
/// the records counted, as interning each record's value would give.
struct LocalCodes {
    let values: HourValues
    var target: [Int32]
    var outcome: [Int32]
    var segment: [Int32]
    var party: [Int32]
    /// Per local target, the number of its last non-empty `callTargetName` (-1: none yet).
    var nameOfTarget: [Int32] = []
    /// The number of the outcome "Success" (-1 when the hour has none).
    let successOutcome: Int32
    /// Local segment and party values an hour may hold (``RecordDimensions`` keeps 16 bits);
    /// past it, values count as ``DimensionTables/overflow``, as the report's tables would count
    /// all but the first 2,000 of them anyway.
    static let dimensionLimit = Int(UInt16.max)

    init(_ values: HourValues) {
        self.values = values
        target = Array(repeating: -1, count: values.targets.count)
        outcome = Array(repeating: -1, count: values.outcomes.count)
        segment = Array(repeating: -1, count: values.segments.count)
        party = Array(repeating: -1, count: values.parties.count)
        successOutcome = Int32(values.outcomes.firstIndex { exactlyEqual($0, Outcome.success) } ?? -1)
    }

    /// Makes the local number of value `code` (named `names[code]`) in `list` and keeps it in
    /// `map`: the first use of a value. (Static: were it a method, `map`, part of the value,
    /// would be copied at every call.)
    @inline(never)
    static func make(_ map: inout [Int32], _ code: Int32, in list: inout LocalValues, _ names: [String], limit: Int = .max) -> Int32 {
        let made = list.append(names[Int(code)], limit: limit)
        map[Int(code)] = made
        return made
    }
}

/// An hour's values in the order counted records first use them. Each is appended once (they
/// are distinct: ``HourValues`` numbers them by exact bytes); past `limit` of them, the others
/// share one ``DimensionTables/overflow`` entry.
struct LocalValues: Sendable {
    private(set) var values: [String] = []
    private var overflow: Int32 = -1

    /// The local number of a value used for the first time.
    mutating func append(_ value: String, limit: Int) -> Int32 {
        if values.count < limit {
            values.append(value)
            return Int32(values.count - 1)
        }
        if overflow < 0 {
            values.append(DimensionTables.overflow)
            overflow = Int32(values.count - 1)
        }
        return overflow
    }
}
