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

    // MARK: - Model

    enum Tag {
        static let local: UInt64 = 0x6C6F_6361_6C00
        static let crossing: UInt64 = 0x6372_6F73_7300
        static let crossingCount: UInt64 = 0x636F_756E_7400
        static let ids: UInt64 = 0x6964_7300
        static let bad: UInt64 = 0x6261_6400
    }

    enum Outcome: Int {
        case success, canceled, unavailable, notCompleted, choseHold, abandoned, unknown, failure, choseMessaging, textScheduling

        static let names: [[UInt8]] = ["Success", "Canceled", "Unavailable", "Not Completed", "Chose Hold", "Abandoned",
                                       "Unknown", "Failure", "Chose Messaging", "Text Scheduling"].map(SampleJSONWriter.stringLiteral)

        /// True when a callback was launched (a call leg was attempted).
        var launched: Bool {
            switch self {
            case .success, .unavailable, .notCompleted, .abandoned, .unknown, .failure: return true
            case .canceled, .choseHold, .choseMessaging, .textScheduling: return false
            }
        }
    }

    /// Outcome weights (per mille, in ``Outcome`` order) of a request's only attempt, of the last
    /// attempt of a retry chain, and of an attempt that is retried.
    static let singleOutcomeWeights = [780, 35, 45, 22, 30, 18, 14, 18, 25, 13]
    static let finalRetryOutcomeWeights = [720, 20, 140, 45, 0, 30, 10, 35, 0, 0]
    static let retriedOutcomeWeights = [0, 0, 550, 200, 0, 100, 0, 150, 0, 0]
    /// Attempts per request made within one hour: 1 to 4.
    static let chainLengthWeights = [915, 62, 18, 5]

    /// `weights` (per mille) with `shift × strain` per mille (at most 45% of the first weight)
    /// moved from the first entry to the entries of `to`, in proportion to their shares.
    static func strained(_ weights: [Int], _ strain: Double, shift: Int, to shares: [Int: Int]) -> [Int] {
        let moved = min(Int((Double(shift) * strain).rounded()), weights[0] * 45 / 100)
        guard moved > 0 else { return weights }
        var w = weights
        w[0] -= moved
        let total = shares.values.reduce(0, +)
        var given = 0
        for (i, share) in shares.sorted(by: { $0.key < $1.key }) {
            let part = moved * share / total
            w[i] += part
            given += part
        }
        w[shares.keys.min()!] += moved - given
        return w
    }

    static let types: [[UInt8]] = ["asap", "scheduled", "unknown"].map(SampleJSONWriter.stringLiteral)
    static let parties: [[UInt8]] = ["customer", "agent"].map(SampleJSONWriter.stringLiteral)
    static let segments: [[UInt8]] = ["General", "Priority", "Spanish", "After Hours", "VIP"].map(SampleJSONWriter.stringLiteral)
    static let areaCodes: [Int] = [212, 213, 305, 312, 330, 404, 415, 503, 512, 602, 617, 702, 713, 720, 818, 919]

    /// Bits of ``Attempt/flags`` (and of ``Request/flags`` for the request-wide ones).
    enum Flag {
        static let agentBusy: UInt32 = 1 << 0
        static let agentHangup: UInt32 = 1 << 1
        static let agentLegError: UInt32 = 1 << 2
        static let agentLegRejected: UInt32 = 1 << 3
        static let agentLegTimeout: UInt32 = 1 << 4
        static let choseToHold: UInt32 = 1 << 5
        static let customerBusy: UInt32 = 1 << 6
        static let customerHangup: UInt32 = 1 << 7
        static let customerLegError: UInt32 = 1 << 8
        static let customerLegRejected: UInt32 = 1 << 9
        static let customerLegTimeout: UInt32 = 1 << 10
        static let customerRescheduled: UInt32 = 1 << 11
        static let disconnectRescue: UInt32 = 1 << 12
        static let duplicateCallback: UInt32 = 1 << 13
        static let earlyHangup: UInt32 = 1 << 14
        static let endOfBusinessDay: UInt32 = 1 << 15
        static let leaveVoicemail: UInt32 = 1 << 16
        static let maxEcbtExceeded: UInt32 = 1 << 17
        static let maxScheduledCallsExceeded: UInt32 = 1 << 18
        static let maxTollRateExceeded: UInt32 = 1 << 19
        static let nextDayCallbackOffered: UInt32 = 1 << 20
        static let nextDayCallbackScheduled: UInt32 = 1 << 21
        static let outsideHours: UInt32 = 1 << 22
        static let priorityQueueTimedOut: UInt32 = 1 << 23
        static let systemHangup: UInt32 = 1 << 24
    }

    /// What the attempts of one callback request share.
    struct Request {
        var target: Int
        /// 0 asap, 1 scheduled, 2 unknown.
        var type: Int
        var phone: UInt64
        var ani: UInt64?
        /// 0, 1: a widget of the target; 2: the target's phone number.
        var source: Int
        var segment: Int?
        /// 0 `{}`; 1-3 small objects with `metadataNumber`.
        var metadataKind: Int
        var metadataNumber: Int
        var agentFirst: Bool
        var registration: Int?
        /// Request-wide ``Flag`` bits.
        var flags: UInt32
        /// The key its attempts' ids derive from.
        var idKey: UInt64
    }

    /// An attempt as drawn before it is placed in time.
    struct Draft {
        var outcome: Outcome
        /// `actualCallbackTime` is null.
        var callbackNull = false
        /// Launched: seconds from `processedAt` to `endedAt`.
        var active = 0
        var talk: Int?
        var agentDelay = 0
        var customerDelay = 0
        var agentWait: Int?
        var customerWait: Int?
        /// Launched: `processedAt` - `createdAt`; otherwise `endedAt` - `createdAt`.
        var callback = 0
        /// Drawn punctuality (launched).
        var punctuality = 0
        var flags: UInt32 = 0
        /// `endedAt` - `createdAt`.
        var span: Int { outcome.launched ? callback + active : callback }
    }

    struct Chain {
        var request: Request
        var drafts: [Draft]
        /// `endedAt` of each attempt (seconds since the epoch), once placed.
        var ends: [Int]
        /// For a chain crossing an hour boundary: attempts before it.
        var split = 0
    }

    /// One record, ready to be written.
    struct Attempt {
        var request: Int32
        var attempt: Int32
        var outcome: Outcome
        var hasRetry: Bool
        var flags: UInt32
        var idHigh: UInt8
        var id: UInt64
        var originalHigh: UInt8
        var original: UInt64
        var createdAt: Int
        var endedAt: Int
        var processedAt: Int?
        var estimatedFor: Int?
        var ecbt: Int?
        var callback: Int?
        var punctuality: Int?
        var accuracy: Int?
        var wasPunctual: Bool?
        var active: Int
        var talk: Int?
        var agentDelay: Int
        var customerDelay: Int
        var agentWait: Int?
        var customerWait: Int?
        var waitlist: Int
        var registration: Int?
        var party: Int?
    }

    // MARK: - Drawing

    /// Chain `k` of those crossing into `boundary`: 1-2 attempts ending in the hour before, 1-2 in
    /// `boundary`.
    func crossingChain(into boundary: UTCHour, _ k: Int) -> Chain {
        var rng = SplitMix64(seed: seed, Tag.crossing, UInt64(bitPattern: Int64(boundary.index)), UInt64(k))
        let before = rng.chance(0.7) ? 1 : 2
        let after = rng.chance(0.75) ? 1 : 2
        let target = pickTarget(&rng)
        let origin = boundary.advanced(by: -1)
        var chain = draft(&rng, length: before + after, origin: origin, kind: 1, index: k, target: target,
                          strain: strain(target: target, hour: origin))
        chain.split = before
        // The last attempt before the boundary ends u seconds before it, u < the next span, so
        // the next attempt ends after the boundary. Spans are bounded (retried attempts < 720 s,
        // any attempt < 2,600 s) so the chain stays within the two hours.
        let start = boundary.index * 3600
        let u = 1 + rng.below(min(chain.drafts[before].span, 600))
        chain.ends[before - 1] = start - u
        var i = before - 2
        while i >= 0 {
            chain.ends[i] = chain.ends[i + 1] - chain.drafts[i + 1].span
            i -= 1
        }
        for i in before..<chain.ends.count { chain.ends[i] = chain.ends[i - 1] + chain.drafts[i].span }
        return chain
    }

    /// Draws a request of `target` with `length` attempts (not yet placed in time); `strain`
    /// (``strain(target:hour:)``) makes outcomes, waits and lateness worse.
    func draft(_ rng: inout SplitMix64, length: Int, origin: UTCHour, kind: UInt64, index: Int, target: Int, strain: Double) -> Chain {
        var drafts: [Draft] = []
        drafts.reserveCapacity(length)
        let single = Self.strained(Self.singleOutcomeWeights, strain, shift: 170, to: [2: 90, 3: 40, 5: 40])
        let finalRetry = Self.strained(Self.finalRetryOutcomeWeights, strain, shift: 150, to: [2: 80, 3: 35, 5: 35])
        for i in 0..<length {
            let weights = i < length - 1 ? Self.retriedOutcomeWeights : length == 1 ? single : finalRetry
            drafts.append(Draft(outcome: Outcome(rawValue: rng.pick(weights))!))
        }
        let hourOfDay = origin.index.floorMod(24)
        let night = hourOfDay < 6 || hourOfDay >= 22
        let final = drafts[length - 1].outcome

        var request = Request(target: target, type: 0, phone: randomPhone(&rng), ani: nil, source: 0,
                              segment: nil, metadataKind: 0, metadataNumber: 0, agentFirst: rng.chance(0.2),
                              registration: nil, flags: 0, idKey: 0)
        request.type = rng.chance(0.79) ? 0 : 1
        if final == .choseHold || final == .choseMessaging { request.type = 2 }
        request.source = request.type == 2 || rng.chance(0.45) ? 2 : (rng.chance(0.7) ? 0 : 1)
        if request.source == 2 {
            request.ani = rng.chance(0.8) ? request.phone : randomPhone(&rng)
            request.registration = rng.chance(0.6) ? rng.int(15, 90) : nil
        }
        if rng.chance(0.55) { request.segment = rng.below(Self.segments.count) }
        let m = rng.below(10)
        request.metadataKind = m < 5 ? 0 : m < 8 ? 1 : m < 9 ? 2 : 3
        request.metadataNumber = rng.below(1_000_000)
        if rng.chance(night ? 0.3 : 0.01) { request.flags |= Flag.outsideHours }
        if rng.chance(night ? 0.25 : 0.005) {
            request.flags |= Flag.endOfBusinessDay
            if rng.chance(0.8) {
                request.flags |= Flag.nextDayCallbackOffered
                if rng.chance(0.45), request.type != 2 {
                    request.flags |= Flag.nextDayCallbackScheduled
                    request.type = 1
                }
            }
        }
        if request.type == 0, rng.chance(0.015) { request.flags |= Flag.maxEcbtExceeded }
        if request.type == 1, rng.chance(0.02) { request.flags |= Flag.maxScheduledCallsExceeded }
        if rng.chance(0.003) { request.flags |= Flag.maxTollRateExceeded }
        request.idKey = (UInt64(truncatingIfNeeded: origin.index) & 0xFF_FFFF) << 27 | kind << 26 | (UInt64(index) & 0x3F_FFFF) << 4

        for i in 0..<length { fill(&drafts[i], &rng, request: request, retry: i > 0, strain: strain) }
        return Chain(request: request, drafts: drafts, ends: [Int](repeating: 0, count: length))
    }

    /// Draws the durations and flags of one attempt, consistent with its outcome; `strain`
    /// lengthens waits and makes callbacks later.
    func fill(_ d: inout Draft, _ rng: inout SplitMix64, request: Request, retry: Bool, strain: Double) {
        let agentFirst = request.agentFirst
        switch d.outcome {
        case .success:
            d.customerDelay = rng.int(2, 20)
            d.agentDelay = agentFirst ? rng.int(0, 15) : min(5 + Int(rng.exponential(mean: 32 * (1 + 0.8 * strain))), 300)
            d.agentWait = agentFirst ? rng.int(10, 45) : rng.int(0, 10)
            d.customerWait = rng.chance(0.6) ? nil : rng.int(1, 20)
            let talk = min(30 + Int(rng.exponential(mean: 280)), 1500)
            d.talk = talk
            d.active = d.customerDelay + d.agentDelay + (d.agentWait ?? 0) + talk
            let r = rng.below(100)
            d.flags |= r < 55 ? Flag.customerHangup : r < 95 ? Flag.agentHangup : Flag.systemHangup
            if rng.chance(0.005) { d.flags |= Flag.disconnectRescue }
        case .unavailable:
            d.active = rng.int(20, 60)
            d.agentWait = agentFirst ? d.active : 0
            let r = rng.below(100)
            d.flags |= Flag.systemHangup | (r < 25 ? Flag.customerBusy : r < 75 ? Flag.customerLegTimeout
                                            : r < 90 ? Flag.customerLegRejected : Flag.customerLegError)
            if agentFirst, rng.chance(0.4) { d.flags |= Flag.leaveVoicemail }
        case .notCompleted:
            d.customerDelay = rng.int(3, 15)
            d.agentDelay = rng.int(30, 90)
            d.agentWait = 0
            d.active = d.customerDelay + d.agentDelay + rng.int(0, 5)
            let r = rng.below(100)
            d.flags |= Flag.systemHangup | (r < 35 ? Flag.agentLegTimeout : r < 60 ? Flag.priorityQueueTimedOut
                                            : r < 75 ? Flag.agentBusy : r < 90 ? Flag.agentLegRejected : Flag.agentLegError)
        case .failure:
            d.active = rng.int(0, 30)
            d.agentWait = rng.chance(0.5) ? nil : 0
            d.flags |= Flag.systemHangup | (rng.chance(0.5) ? Flag.agentLegError : Flag.customerLegError)
            d.callbackNull = rng.chance(0.4)
        case .abandoned:
            d.customerDelay = rng.int(3, 15)
            d.agentDelay = rng.int(10, 120)
            d.agentWait = 0
            d.active = d.customerDelay + d.agentDelay
            d.flags |= Flag.customerHangup
            if request.source == 2, rng.chance(0.2) { d.flags |= Flag.earlyHangup }
        case .unknown:
            d.active = rng.int(0, 60)
            d.callbackNull = rng.chance(0.5)
        case .canceled:
            d.callback = retry ? rng.int(30, 600) : rng.int(30, 1200)
            if rng.chance(0.3) { d.flags |= Flag.duplicateCallback }
        case .choseHold:
            d.callback = rng.int(10, 90)
            d.flags |= Flag.choseToHold
        case .choseMessaging:
            d.callback = rng.int(10, 90)
        case .textScheduling:
            d.callback = rng.int(20, 120)
        }
        if d.outcome.launched {
            d.callback = retry ? rng.int(120, 600) : min(30 + Int(rng.exponential(mean: 330 * (1 + 0.9 * strain))), 3600)
            // On time (within 120 s) less often under strain: 80% with none, about 60% at 1.4.
            let late = Int((14 * strain).rounded())
            let r = rng.below(100)
            d.punctuality = r < 76 - late ? rng.int(-30, 90) : r < 88 ? rng.int(91, 400) : r < 96 ? rng.int(-240, -31) : rng.int(401, 1200)
        }
        if request.type == 1, rng.chance(0.03) { d.flags |= Flag.customerRescheduled }
    }

    /// Places attempt `i` of a chain in time and derives every field.
    func finish(_ chain: Chain, _ i: Int, request: Int, hasRetry: Bool) -> Attempt {
        let d = chain.drafts[i]
        let r = chain.request
        let endedAt = chain.ends[i]
        let (idHigh, id) = recordID(r.idKey | UInt64(i))
        let (originalHigh, original) = recordID(r.idKey)
        var a = Attempt(request: Int32(request), attempt: Int32(i), outcome: d.outcome, hasRetry: hasRetry,
                        flags: d.flags | r.flags, idHigh: idHigh, id: id, originalHigh: originalHigh, original: original,
                        createdAt: 0, endedAt: endedAt, processedAt: nil, estimatedFor: nil, ecbt: nil, callback: nil,
                        punctuality: nil, accuracy: nil, wasPunctual: nil, active: 0, talk: nil, agentDelay: d.agentDelay,
                        customerDelay: d.customerDelay, agentWait: d.agentWait, customerWait: d.customerWait, waitlist: 0,
                        registration: i == 0 ? r.registration : nil, party: nil)
        // A retry is created when the attempt before it ends.
        let createdAfter: Int? = i > 0 ? chain.ends[i - 1] : nil
        // Some variety that must not disturb the drawn values: from the id.
        var rng = SplitMix64(state: id)
        if d.outcome.launched {
            let processedAt = endedAt - d.active
            a.processedAt = processedAt
            a.active = d.active
            a.party = r.agentFirst ? 1 : 0
            var createdAt: Int, estimatedFor: Int, ecbt: Int
            if i == 0, r.type == 1 {
                // Scheduled: a five-minute slot chosen 10 to 45 minutes ahead.
                estimatedFor = (processedAt - d.punctuality + 150).floorDiv(300) * 300
                ecbt = rng.int(10, 45) * 60
                createdAt = estimatedFor - ecbt
            } else {
                createdAt = createdAfter ?? processedAt - d.callback
                let callback = processedAt - createdAt
                ecbt = callback - d.punctuality
                if ecbt < 30 { ecbt = 30 + rng.below(60) }
                estimatedFor = createdAt + ecbt
                a.waitlist = rng.below(callback * 3 / 4 + 1)
            }
            a.createdAt = createdAt
            a.estimatedFor = estimatedFor
            a.ecbt = ecbt
            if !d.callbackNull {
                let callback = processedAt - createdAt
                let punctuality = processedAt - estimatedFor
                a.callback = callback
                a.punctuality = punctuality
                a.wasPunctual = abs(punctuality) <= 120
                a.accuracy = max(0, 100_000 - abs(callback - ecbt) * 100_000 / ecbt)
            }
            a.talk = d.outcome == .success ? d.talk : (rng.chance(0.5) ? 0 : nil)
        } else {
            a.createdAt = createdAfter ?? endedAt - d.callback
            if d.outcome != .choseMessaging { a.ecbt = rng.int(60, 1200) }
            if d.outcome == .canceled || d.outcome == .textScheduling { a.estimatedFor = a.createdAt + (a.ecbt ?? 0) }
            a.talk = rng.chance(0.5) ? 0 : nil
        }
        return a
    }

    /// A record id from its key: a bijection of the key (so distinct keys give distinct ids),
    /// plus a leading hex digit.
    func recordID(_ key: UInt64) -> (UInt8, UInt64) {
        let low = SplitMix64.mix(key ^ SplitMix64.mix(seed ^ Tag.ids))
        return (UInt8(truncatingIfNeeded: SplitMix64.mix(low) >> 60), low)
    }

    func pickTarget(_ rng: inout SplitMix64) -> Int {
        let r = rng.below(targetCumulative[targetCumulative.count - 1])
        var lo = 0, hi = targetCumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if targetCumulative[mid] > r { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    func randomPhone(_ rng: inout SplitMix64) -> UInt64 {
        let area = Self.areaCodes[rng.below(Self.areaCodes.count)]
        return UInt64(area * 10_000_000 + rng.int(200, 999) * 10_000 + rng.below(10_000))
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

    // MARK: - Writing

    static let metadataAccount: [UInt8] = Array("{\"accountId\":\"A".utf8)
    static let metadataEnglish: [UInt8] = Array("\",\"lang\":\"en\"}".utf8)
    static let metadataSpanish: [UInt8] = Array("\",\"lang\":\"es\",\"tier\":\"gold\"}".utf8)
    static let metadataOrder: [UInt8] = Array("{\"lang\":\"fr\",\"orderId\":\"ORD-".utf8)
    static let metadataOrderEnd: [UInt8] = Array("\"}".utf8)
    static let metadataEmpty: [UInt8] = Array("{}".utf8)

    func write(_ a: Attempt, _ r: Request, into w: inout SampleJSONWriter) {
        let f = a.flags
        w.beginRecord()
        w.int(a.active)                                            // activeDuration
        w.int(a.callback)                                          // actualCallbackTime
        w.bool(f & Flag.agentBusy != 0)
        w.int(a.agentDelay)
        w.bool(f & Flag.agentHangup != 0)
        w.bool(f & Flag.agentLegError != 0)
        w.bool(f & Flag.agentLegRejected != 0)
        w.bool(f & Flag.agentLegTimeout != 0)
        w.int(a.agentWait)                                         // agentWaitDuration
        w.phone(r.ani)
        w.json(targetIdJSON[r.target])
        w.json(targetNameJSON[r.target])
        w.bool(f & Flag.choseToHold != 0)
        w.timestamp(a.createdAt)
        w.bool(f & Flag.customerBusy != 0)
        w.int(a.customerDelay)
        w.bool(f & Flag.customerHangup != 0)
        w.bool(f & Flag.customerLegError != 0)
        w.bool(f & Flag.customerLegRejected != 0)
        w.bool(f & Flag.customerLegTimeout != 0)
        w.bool(f & Flag.customerRescheduled != 0)
        w.int(a.customerWait)                                      // customerWaitDuration
        w.bool(f & Flag.disconnectRescue != 0)
        w.bool(f & Flag.duplicateCallback != 0)
        w.bool(f & Flag.earlyHangup != 0)
        w.timestamp(a.endedAt)
        w.bool(f & Flag.endOfBusinessDay != 0)
        w.int(a.ecbt)                                              // estimatedCallbackTime
        w.timestamp(a.estimatedFor)
        w.fraction(hundredThousandths: a.accuracy)                 // estimatePercentAccuracy
        if let party = a.party { w.json(Self.parties[party]) } else { w.null() }
        w.bool(a.hasRetry)
        w.id(high: a.idHigh, low: a.id)
        w.bool(f & Flag.leaveVoicemail != 0)
        w.bool(f & Flag.maxEcbtExceeded != 0)
        w.bool(f & Flag.maxScheduledCallsExceeded != 0)
        w.bool(f & Flag.maxTollRateExceeded != 0)
        switch r.metadataKind {                                    // metadata
        case 1: w.json(Self.metadataAccount, number: r.metadataNumber % 100_000, width: 5, Self.metadataEnglish)
        case 2: w.json(Self.metadataAccount, number: r.metadataNumber % 100_000, width: 5, Self.metadataSpanish)
        case 3: w.json(Self.metadataOrder, number: r.metadataNumber, width: 6, Self.metadataOrderEnd)
        default: w.json(Self.metadataEmpty)
        }
        w.bool(f & Flag.nextDayCallbackOffered != 0)
        w.bool(f & Flag.nextDayCallbackScheduled != 0)
        w.id(high: a.originalHigh, low: a.original)                // originalId
        w.json(Outcome.names[a.outcome.rawValue])
        w.bool(f & Flag.outsideHours != 0)
        w.phone(r.phone)                                           // phoneNumber
        w.bool(f & Flag.priorityQueueTimedOut != 0)
        w.timestamp(a.processedAt)
        w.int(a.punctuality)
        w.int(a.registration)                                      // registrationDuration
        w.int(Int(a.attempt))                                      // retryAttempt
        if let s = r.segment { w.json(Self.segments[s]) } else { w.null() }
        w.json(r.source == 2 ? phoneSourceJSON[r.target] : widgetJSON[r.target][r.source])
        w.bool(f & Flag.systemHangup != 0)
        w.int(a.talk)                                              // talkDuration
        w.json(Self.types[r.type])
        w.int(a.waitlist)                                          // waitlistDelay
        w.bool(a.wasPunctual)
        w.endRecord()
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
