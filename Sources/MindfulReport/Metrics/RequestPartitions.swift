import Foundation

/// One counted attempt as its request needs it (48 bytes): kept in ``RequestPartitions`` by
/// request key and worked out once every hour has been read.
struct RequestAttempt: BitwiseCopyable, Sendable {
    /// Fingerprint of the request key (`originalId`, else `id`); 0 for a request of its own.
    var key: UInt64
    /// `retryAttempt` (null = 0).
    var retry: Double
    /// Where the attempt was read: hour ordinal in the high 32 bits, position in the file in the
    /// low 32 bits, so a larger value is a later attempt in the tie order of final attempts
    /// (latest hour, then last in file order; README, "Metric definitions").
    var order: UInt64
    var target: Int32
    var outcome: Int32
    /// Local day (days since 1970-01-01) of the attempt's hour.
    var day: Int32
    var dimensions: RecordDimensions

    static func order(hour: Int, position: Int) -> UInt64 { UInt64(UInt32(hour)) << 32 | UInt64(UInt32(position)) }

    /// Whether this attempt is a request's final attempt rather than `other`: a higher
    /// `retryAttempt`, then the later hour, then the later position.
    @inline(__always)
    func isFinal(over other: RequestAttempt) -> Bool {
        retry != other.retry ? retry > other.retry : order > other.order
    }
}

/// Every counted attempt, spread over partitions by request key, so a request's final attempt is
/// found one partition at a time: memory holds a partition, not every request of the range.
/// The result does not depend on the order attempts were added in.
struct RequestPartitions {
    private let storage: SpillPartitions<RequestAttempt>

    /// About `expectedAttempts / count` attempts are held in memory at the end; `count` is
    /// chosen from the range's length.
    /// - Parameter bufferBytes: per partition; by default 4 MB over all partitions, so memory
    ///   does not grow with the number of partitions.
    init(count: Int, scratch: URL, bufferBytes: Int? = nil) {
        storage = SpillPartitions(count: count, bufferBytes: bufferBytes ?? max(4096, (4 << 20) / max(1, count)), scratch: scratch)
    }

    /// Partitions for a range of `hours` hours: about 6 hours of attempts each.
    static func partitionCount(hours: Int) -> Int { min(2048, max(4, hours / 6)) }

    func add(_ attempt: RequestAttempt) throws(SpillError) {
        // The fingerprint's high bits are well mixed; key 0 (requests of their own) goes to 0.
        let p = Int((attempt.key >> 40) % UInt64(storage.count))
        try storage.append(attempt, to: p)
    }

    /// Each request's final state, per call target (`perTarget[t]`) and over all targets.
    ///
    /// Partitions are worked out by `workers` tasks at once (one partition each in memory),
    /// each into its own summaries, then added up: the figures are counts, so the result is the
    /// same for any number of workers.
    func resolve(targets: Int, dimensionTables: DimensionTables, successIndex: Int32?,
                 workers: Int = Parallelism.cores) async throws(SpillError) -> (perTarget: [RequestSummary], all: RequestSummary) {
        let parts = try await storage.foldPartitions(workers: workers) {
            (perTarget: (0..<targets).map { _ in RequestSummary(dimensionTables: dimensionTables) },
             all: RequestSummary(dimensionTables: dimensionTables))
        } _: { part, attempts in
            Self.resolve(&attempts, perTarget: &part.perTarget, all: &part.all, successIndex: successIndex)
        }
        var (perTarget, all) = parts[0]
        for part in parts.dropFirst() {
            for t in 0..<targets { perTarget[t].merge(part.perTarget[t]) }
            all.merge(part.all)
        }
        return (perTarget, all)
    }

    /// Resolves one partition's attempts: grouped by key (``KeyGroups``), then by target within
    /// a key. Key 0 (neither `originalId` nor `id`) makes every attempt a request of its own.
    static func resolve(_ attempts: inout [RequestAttempt], perTarget: inout [RequestSummary], all: inout RequestSummary, successIndex: Int32?) {
        let groups = KeyGroups(count: attempts.count) { attempts[$0].key }
        var members: [Int] = []
        for first in groups.firsts {
            let first = Int(first)
            if groups.next(after: first) < 0 {
                // A request of one attempt: the most common case.
                let state = RequestState(attempts[first], count: 1)
                all.add(state, successIndex: successIndex)
                perTarget[Int(attempts[first].target)].add(state, successIndex: successIndex)
                continue
            }
            groups.members(from: Int32(first), into: &members)
            var final = members[0]
            for i in members.dropFirst() where attempts[i].isFinal(over: attempts[final]) { final = i }
            all.add(RequestState(attempts[final], count: members.count), successIndex: successIndex)
            // Within a request, each call target's attempts are a request of that target.
            members.sort { attempts[$0].target != attempts[$1].target ? attempts[$0].target < attempts[$1].target : $0 < $1 }
            var groupStart = 0
            while groupStart < members.count {
                let target = attempts[members[groupStart]].target
                var groupEnd = groupStart + 1
                var groupFinal = members[groupStart]
                while groupEnd < members.count && attempts[members[groupEnd]].target == target {
                    if attempts[members[groupEnd]].isFinal(over: attempts[groupFinal]) { groupFinal = members[groupEnd] }
                    groupEnd += 1
                }
                perTarget[Int(target)].add(RequestState(attempts[groupFinal], count: groupEnd - groupStart), successIndex: successIndex)
                groupStart = groupEnd
            }
        }
    }
}

extension RequestState {
    /// The state of a request whose final attempt is `final`, of `count` attempts.
    init(_ final: RequestAttempt, count: Int) {
        self.init(retry: final.retry, outcome: final.outcome, day: final.day, dimensions: final.dimensions)
        attempts = UInt16(clamping: count)
    }
}
