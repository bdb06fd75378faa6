import Foundation

/// The values of one figure, kept for percentiles in memory that does not grow with the record
/// count: exact counts per distinct value while there are at most `exactLimit` distinct values
/// (seconds are usually whole numbers, so this is the common case), then log-spaced buckets whose
/// midpoints are within 0.25% of any value they hold.
public struct ValueDistribution: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var sum = 0.0
    /// Exact counts of whole values in `denseLow ..< denseLow + denseCount` (most seconds are),
    /// by index: empty until the first such value. Other exact values are in `exact`.
    private var dense: [Int] = []
    private var denseDistinct = 0
    private var exact: [Double: Int] = [:]
    private var buckets: [Int: Int]? = nil
    private var zeros = 0
    static let exactLimit = 50_000
    static let ratio = 1.005
    static let denseLow = -2048, denseCount = 8192

    public init() {}

    public mutating func add(_ value: Double) {
        count += 1
        sum += value
        if buckets == nil {
            if let i = Self.denseIndex(value) {
                if dense.isEmpty { dense = Array(repeating: 0, count: Self.denseCount) }
                if dense[i] == 0 { denseDistinct += 1 }
                dense[i] += 1
            } else {
                exact[value, default: 0] += 1
            }
            if exact.count + denseDistinct > Self.exactLimit { convertToBuckets() }
        } else {
            addToBucket(value, times: 1)
        }
    }

    /// The slot of a whole value in `dense`, or nil (fractions and far values). -0 counts as 0,
    /// as it would in the dictionary (figures never show `-0`).
    @inline(__always)
    static func denseIndex(_ value: Double) -> Int? {
        guard value >= Double(denseLow), value < Double(denseLow + denseCount), value.rounded(.towardZero) == value else { return nil }
        return Int(value) - denseLow
    }

    /// Every exact value and its count, dense ones first (ascending), then the others.
    private func forEachExact(_ body: (Double, Int) -> Void) {
        for (i, n) in dense.enumerated() where n != 0 { body(Double(i + Self.denseLow), n) }
        for (v, n) in exact { body(v, n) }
    }

    public var mean: Double? { count == 0 ? nil : sum / Double(count) }

    /// Adds every value of another distribution: the same counts as adding them one by one
    /// (the sum may differ in its last bits, by the order of additions).
    public mutating func merge(_ o: ValueDistribution) {
        guard o.count > 0 else { return }
        count += o.count
        sum += o.sum
        if buckets == nil, o.buckets == nil {
            if dense.isEmpty {
                dense = o.dense
                denseDistinct = o.denseDistinct
            } else if !o.dense.isEmpty {
                for i in o.dense.indices where o.dense[i] != 0 {
                    if dense[i] == 0 { denseDistinct += 1 }
                    dense[i] += o.dense[i]
                }
            }
            if exact.isEmpty { exact = o.exact } else { for (v, n) in o.exact { exact[v, default: 0] += n } }
            if exact.count + denseDistinct > Self.exactLimit { convertToBuckets() }
            return
        }
        if buckets == nil { convertToBuckets() }
        if let other = o.buckets {
            for (b, n) in other { buckets![b, default: 0] += n }
            zeros += o.zeros
        } else {
            o.forEachExact { v, n in addToBucket(v, times: n) }
        }
    }

    private mutating func convertToBuckets() {
        buckets = [:]
        let held = self
        held.forEachExact { value, n in addToBucket(value, times: n) }
        exact = [:]
        dense = []
        denseDistinct = 0
    }

    private mutating func addToBucket(_ value: Double, times: Int) {
        if value == 0 || !value.isFinite && value.isNaN { zeros += times; return }
        buckets![Self.bucket(of: value), default: 0] += times
    }

    static func bucket(of value: Double) -> Int {
        let magnitude = min(max(abs(value), 1e-9), 1e300)
        let index = Int((log(magnitude) / log(ratio)).rounded(.down)) + 10_000
        return value < 0 ? -index : index
    }

    static func representative(of bucket: Int) -> Double {
        let index = abs(bucket) - 10_000
        let low = pow(ratio, Double(index))
        let mid = low * (1 + ratio) / 2
        return bucket < 0 ? -mid : mid
    }

    /// Nearest-rank percentile: the smallest value with at least `p`% of the values at or below
    /// it; `nil` when there are no values.
    public func percentile(_ p: Double) -> Double? {
        guard count > 0 else { return nil }
        let rank = max(1, Int((p / 100 * Double(count)).rounded(.up)))
        var seen = 0
        if let buckets {
            var entries = buckets.map { (Self.representative(of: $0.key), $0.value) }
            if zeros > 0 { entries.append((0, zeros)) }
            entries.sort { $0.0 < $1.0 }
            for (value, n) in entries {
                seen += n
                if seen >= rank { return value }
            }
            return entries.last?.0
        }
        var entries: [(Double, Int)] = []
        forEachExact { entries.append(($0, $1)) }
        entries.sort { $0.0 < $1.0 }
        for (value, n) in entries {
            seen += n
            if seen >= rank { return value }
        }
        return nil
    }

    /// Counts of values per bin for histograms: `edges` ascending; a value v falls in bin i when
    /// edges[i] <= v < edges[i+1]; values below the first edge go to the first bin and values at
    /// or above the last to the last bin.
    public func histogram(edges: [Double]) -> [Int] {
        guard edges.count >= 2 else { return [] }
        var bins = [Int](repeating: 0, count: edges.count - 1)
        func place(_ v: Double, _ n: Int) {
            var i = 0
            while i < bins.count - 1 && v >= edges[i + 1] { i += 1 }
            bins[i] += n
        }
        if let buckets {
            for (b, n) in buckets { place(Self.representative(of: b), n) }
            if zeros > 0 { place(0, zeros) }
        } else {
            forEachExact { v, n in place(v, n) }
        }
        return bins
    }
}

/// A running mean: sum and count of the values seen.
public struct RunningMean: Sendable, Equatable {
    public private(set) var sum = 0.0
    public private(set) var count = 0
    public init() {}
    public mutating func add(_ v: Double?) {
        guard let v else { return }
        sum += v
        count += 1
    }
    public mutating func merge(_ o: RunningMean) { sum += o.sum; count += o.count }
    public var mean: Double? { count == 0 ? nil : sum / Double(count) }
}

/// A rate: hits over a denominator.
public struct RunningRate: Sendable, Equatable {
    public private(set) var hits = 0
    public private(set) var total = 0
    public init() {}
    public mutating func add(_ hit: Bool) { total += 1; if hit { hits += 1 } }
    public mutating func merge(_ o: RunningRate) { hits += o.hits; total += o.total }
    public var rate: Double? { total == 0 ? nil : Double(hits) / Double(total) }
}
