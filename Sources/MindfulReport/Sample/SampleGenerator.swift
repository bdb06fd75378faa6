import Foundation

/// Deterministic, realistic sample hours of the Mindful Historical Data API, for demos, tests and
/// benchmarks.
///
/// Every hour's body is a pure function of (`seed`, the hour, `perDay`, `targets` and the range's
/// time zone): hours can be generated in any order or in parallel, and the same arguments always
/// give the same bytes.
///
/// Record count: each hour holds exactly ``recordCount(for:)`` records, shaped in the range's
/// local time like a contact centre's week: `7 × perDay` spread over the local weekdays by fixed
/// weights (a busy Monday, a quiet weekend), each local day's share spread over its hours by
/// local hour of day (quiet nights, a morning peak, a lunch dip, an afternoon peak), both by
/// largest remainder. Any 7 consecutive local days therefore hold exactly `7 × perDay` records
/// (so a whole number of weeks holds `perDay` × days), however many hours DST gives a day.
///
/// Service varies the way it does in a real centre: call target 2 of the list (`6100`, "Tech
/// Support") is clearly worse than the others (fewer successes, slower callbacks, longer holds,
/// more retries), Mondays are a little worse, and in about half the ISO weeks one weekday
/// afternoon (12:00-18:00 local) goes badly for everyone (``badAfternoon(week:)``).
///
/// Records are callback attempts: most requests have one attempt, some have retries
/// (`retryAttempt` 1, 2, ... sharing the first attempt's `id` as `originalId`, `hasRetry` true on
/// all but the last). A few retry chains start in one hour and continue in the next. Record ids are
/// unique for a seed. A record belongs to the hour in which its `endedAt` lies; the records of an
/// hour are in `endedAt` order.
public struct SampleGenerator: Sendable {
    /// A call target of the sample: a stable id and a human name.
    public struct CallTarget: Sendable, Equatable {
        /// `callTargetId`, e.g. `5298`.
        public let id: String
        /// `callTargetName`, e.g. `Billing`.
        public let name: String
    }

    /// The hours that ``write(to:)`` writes: every hour of `range.hours`.
    public let range: ReportRange
    /// Records per local day on average: 7 consecutive days hold 7 × `perDay` (at least 0).
    public let perDay: Int
    /// The number of call targets (at least 1).
    public let targets: Int
    /// The seed every random choice derives from.
    public let seed: UInt64
    /// The call targets records are spread over, the first ones busiest. Ids and names do not
    /// depend on the seed; the third target has a non-ASCII name.
    public let callTargets: [CallTarget]

    /// Records per local day, by weekday (Monday first).
    let dayCounts: [Int]
    let targetIdJSON: [[UInt8]]
    let targetNameJSON: [[UInt8]]
    /// Two widget sources and one phone source per target, as JSON strings.
    let widgetJSON: [[[UInt8]]]
    let phoneSourceJSON: [[UInt8]]
    /// Cumulative target weights, for picking a target.
    let targetCumulative: [Int]

    /// - Parameters:
    ///   - range: the hours ``write(to:)`` covers.
    ///   - perDay: records per local day on average (a week holds 7 × `perDay`); negative counts as 0.
    ///   - targets: call targets; fewer than 1 counts as 1.
    ///   - seed: any value; the same seed gives the same data.
    public init(range: ReportRange, perDay: Int, targets: Int, seed: UInt64) {
        self.range = range
        self.perDay = max(perDay, 0)
        self.targets = max(targets, 1)
        self.seed = seed
        dayCounts = Self.spread(7 * self.perDay, over: Self.weekdayWeights)
        callTargets = (0..<self.targets).map(Self.target(at:))
        targetIdJSON = callTargets.map { SampleJSONWriter.stringLiteral($0.id) }
        targetNameJSON = callTargets.map { SampleJSONWriter.stringLiteral($0.name) }
        widgetJSON = (0..<self.targets).map { t in
            (0..<2).map { w in
                var rng = SplitMix64(seed: 0x5769_6467_6574, UInt64(t), UInt64(w))
                let hex = String(rng.next(), radix: 16).leftPadded(16) + String(rng.next(), radix: 16).leftPadded(16)
                return SampleJSONWriter.stringLiteral("CBWidget:" + hex)
            }
        }
        phoneSourceJSON = (0..<self.targets).map { t in
            SampleJSONWriter.stringLiteral("Phone:+1888555" + String(1000 + t * 37 % 9000).leftPadded(4))
        }
        var total = 0
        targetCumulative = (0..<self.targets).map { i in
            total += 12_000 / (3 + i) + 1
            return total
        }
    }

    // MARK: - Counts

    /// Weights of the local weekdays, Monday first: Monday busiest, a quiet weekend.
    static let weekdayWeights = [150, 112, 106, 102, 96, 32, 18]
    /// Weights of the local hours of the day: quiet nights, a morning peak, a lunch dip, an
    /// afternoon peak, a quiet evening.
    static let hourWeights = [2, 1, 1, 1, 1, 2, 5, 11, 19, 24, 23, 20, 15, 17, 21, 20, 17, 12, 8, 6, 5, 4, 3, 2]

    /// `total` split in proportion to `weights` by largest remainder (ties to the earlier index).
    static func spread(_ total: Int, over weights: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        var counts = weights.map { total * $0 / sum }
        let remainders = weights.indices.map { (total * weights[$0] % sum, $0) }
            .sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        for i in 0..<(total - counts.reduce(0, +)) { counts[remainders[i].1] += 1 }
        return counts
    }

    /// The number of records in `hour`'s body: its local day's share of the week (by weekday),
    /// spread over the hours of that day by local hour of day.
    public func recordCount(for hour: UTCHour) -> Int {
        let local = range.localStart(of: hour)
        // The hours of the same local day (23 to 25 of them), in order.
        var first = hour, last = hour
        while range.localStart(of: first.advanced(by: -1)).date == local.date { first = first.advanced(by: -1) }
        while range.localStart(of: last.advanced(by: 1)).date == local.date { last = last.advanced(by: 1) }
        let weights = (first.index...last.index).map { Self.hourWeights[range.localStart(of: UTCHour(index: $0)).hour] }
        return Self.spread(dayCounts[local.date.weekdayIndex], over: weights)[hour.index - first.index]
    }

    /// The weekday (0 = Monday ... 4 = Friday) whose afternoon goes badly in the ISO week
    /// `week` (weeks counted from the Monday of 1969-12-29), or `nil`: about one week in two.
    public func badAfternoon(week: Int) -> Int? {
        var rng = SplitMix64(seed: seed, Tag.bad, UInt64(bitPattern: Int64(week)))
        return rng.chance(0.5) ? rng.below(5) : nil
    }

    /// The index of the call target that is clearly worse than the others (`nil` with one).
    public var worseTarget: Int? { targets >= 2 ? 1 : nil }

    /// How strained service is for a request of `target` made in `hour`: 0 normal, 1 for the
    /// worse target, more on Mondays, at peak hours and on a bad afternoon.
    func strain(target: Int, hour: UTCHour) -> Double {
        let local = range.localStart(of: hour)
        var s = target == worseTarget ? 1.0 : 0.0
        let weekday = local.date.weekdayIndex
        if weekday == 0 { s += 0.3 }
        s += Double(Self.hourWeights[local.hour]) / 80  // up to 0.3 at the peak
        if local.hour >= 12 && local.hour < 18, badAfternoon(week: (local.date.day + 3).floorDiv(7)) == weekday { s += 3.5 }
        return s
    }

    /// Retry chains that start in the hour before `boundary` and continue in `boundary`.
    func crossingCount(into boundary: UTCHour) -> Int {
        let limit = min(recordCount(for: boundary.advanced(by: -1)), recordCount(for: boundary)) / 16
        guard limit > 0 else { return 0 }
        var rng = SplitMix64(seed: seed, Tag.crossingCount, UInt64(bitPattern: Int64(boundary.index)))
        return rng.below(limit + 1)
    }

    // MARK: - Bodies

    /// The hour's complete 200 body, `{"data":[...]}` with one record per line, exactly as the
    /// API would send it. Depends only on (`seed`, `hour`, `perDay`, `targets`).
    public func body(for hour: UTCHour) -> [UInt8] {
        let count = recordCount(for: hour)
        var attempts: [Attempt] = []
        attempts.reserveCapacity(count)
        var requests: [Request] = []
        requests.reserveCapacity(count)
        let start = hour.index * 3600, end = start + 3600

        // Chains from the previous hour: their later attempts.
        for k in 0..<crossingCount(into: hour) {
            let chain = crossingChain(into: hour, k)
            requests.append(chain.request)
            for i in chain.split..<chain.ends.count {
                attempts.append(finish(chain, i, request: requests.count - 1, hasRetry: i < chain.ends.count - 1))
            }
        }
        // Chains continuing into the next hour: their first attempts.
        let next = hour.advanced(by: 1)
        for k in 0..<crossingCount(into: next) {
            let chain = crossingChain(into: next, k)
            requests.append(chain.request)
            for i in 0..<chain.split {
                attempts.append(finish(chain, i, request: requests.count - 1, hasRetry: true))
            }
        }
        // Requests of this hour fill the rest.
        var j = 0
        while attempts.count < count {
            var rng = SplitMix64(seed: seed, Tag.local, UInt64(bitPattern: Int64(hour.index)), UInt64(j))
            let target = pickTarget(&rng)
            let strain = strain(target: target, hour: hour)
            let length = 1 + rng.pick(Self.strained(Self.chainLengthWeights, strain, shift: 110, to: [1: 75, 2: 25, 3: 10]))
            var chain = draft(&rng, length: length, origin: hour, kind: 0, index: j, target: target, strain: strain)
            chain.ends[0] = start + rng.below(3600)
            var fitting = 1
            while fitting < length {
                let t = chain.ends[fitting - 1] + chain.drafts[fitting].span
                guard t < end else { break }
                chain.ends[fitting] = t
                fitting += 1
            }
            let kept = min(fitting, count - attempts.count)
            requests.append(chain.request)
            for i in 0..<kept {
                attempts.append(finish(chain, i, request: requests.count - 1, hasRetry: i < kept - 1))
            }
            j += 1
        }

        let order = attempts.indices.sorted { attempts[$0].endedAt != attempts[$1].endedAt ? attempts[$0].endedAt < attempts[$1].endedAt : $0 < $1 }
        var out = SampleJSONWriter(capacity: 64 + count * 1_400)
        out.raw(count == 0 ? Self.openEmpty : Self.open)
        for (n, a) in order.enumerated() {
            if n > 0 { out.raw(Self.separator) }
            write(attempts[a], requests[Int(attempts[a].request)], into: &out)
        }
        out.raw(count == 0 ? Self.closeEmpty : Self.close)
        return out.bytes
    }

    private static let open: [UInt8] = Array("{\"data\":[\n".utf8)
    private static let separator: [UInt8] = Array(",\n".utf8)
    private static let openEmpty: [UInt8] = Array("{\"data\":[".utf8)
    private static let close: [UInt8] = Array("\n]}\n".utf8)
    private static let closeEmpty: [UInt8] = Array("]}\n".utf8)

    /// Writes every hour of `range.hours` into `cache` with ``HourCache/write(_:for:fetchedAt:)``,
    /// each as fetched 3 h after the hour ended (so it counts as settled).
    ///
    /// - Returns: the number of hours written, the records in them (the sum of
    ///   ``recordCount(for:)``) and the bytes of the bodies.
    /// - Throws: ``CacheError`` when a file cannot be written.
    public func write(to cache: HourCache) throws -> (hours: Int, records: Int, bytes: Int) {
        let hours = range.hours
        var records = 0, bytes = 0
        for hour in hours {
            let body = body(for: hour)
            try cache.write(body, for: hour, fetchedAt: hour.end.addingTimeInterval(3 * 3600))
            records += recordCount(for: hour)
            bytes += body.count
        }
        return (hours.count, records, bytes)
    }

    // MARK: - Targets

    static let targetIDs = ["5298", "6100", "6142", "6377", "7015", "7230", "7481", "8004", "8266", "8590", "9102", "9350"]
    static let targetNames = ["Billing", "Tech Support", "Réclamations", "Sales", "Retentions", "Customer Care",
                              "Shipping & Returns", "Claims", "Soporte técnico", "Appointments", "Collections", "Onboarding"]
    static let regions = ["North", "South", "East", "West", "Central"]
    static let departments = ["Billing", "Support", "Sales", "Care", "Renewals", "Escalations"]

    /// The `i`th call target: from the lists, then generated (`9400`..., "North Billing", ...).
    static func target(at i: Int) -> CallTarget {
        if i < targetIDs.count { return CallTarget(id: targetIDs[i], name: targetNames[i]) }
        let k = i - targetIDs.count
        let combos = regions.count * departments.count
        var name = regions[k % regions.count] + " " + departments[k / regions.count % departments.count]
        if k >= combos { name += " \(k / combos + 1)" }
        return CallTarget(id: String(9400 + k), name: name)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
