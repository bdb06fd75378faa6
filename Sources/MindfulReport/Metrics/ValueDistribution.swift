import Foundation

/// The values of one figure, kept for percentiles in memory that does not grow with the record
/// count: exact counts per distinct value while there are at most `exactLimit` distinct values
/// (seconds are usually whole numbers, so this is the common case), then log-spaced buckets whose
/// midpoints are within 0.25% of any value they hold.
public struct ValueDistribution: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var sum = 0.0
    private var exact = ExactCounts()
    private var buckets: [Int: Int]? = nil
    private var zeros = 0
    static let exactLimit = 50_000
    static let ratio = 1.005

    /// No values yet.
    public init() {}

    /// Counts one value.
    public mutating func add(_ value: Double) {
        count += 1
        sum += value
        if buckets == nil {
            exact.add(value)
            if exact.count > Self.exactLimit { convertToBuckets() }
        } else {
            addToBucket(value, times: 1)
        }
    }

    public var mean: Double? { count == 0 ? nil : sum / Double(count) }

    /// Adds every value of another distribution: the same counts as adding them one by one
    /// (the sum may differ in its last bits, by the order of additions).
    public mutating func merge(_ o: ValueDistribution) {
        guard o.count > 0 else { return }
        count += o.count
        sum += o.sum
        if buckets == nil, o.buckets == nil {
            exact.merge(o.exact)
            if exact.count > Self.exactLimit { convertToBuckets() }
            return
        }
        if buckets == nil { convertToBuckets() }
        if let other = o.buckets {
            for (b, n) in other { buckets![b, default: 0] += n }
            zeros += o.zeros
        } else {
            o.exact.forEach { addToBucket($0, times: $1) }
        }
    }

    private mutating func convertToBuckets() {
        buckets = [:]
        exact.forEach { addToBucket($0, times: $1) }
        exact = ExactCounts()
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
        percentiles([p])[0]
    }

    /// The nearest-rank percentiles `ps`, in their order, from one sort of the values.
    public func percentiles(_ ps: [Double]) -> [Double?] {
        guard count > 0 else { return ps.map { _ in nil } }
        let entries: [(value: Double, count: Int)]
        if let buckets {
            var sorted = buckets.map { (value: Self.representative(of: $0.key), count: $0.value) }
            if zeros > 0 { sorted.append((0, zeros)) }
            sorted.sort { $0.value < $1.value }
            entries = sorted
        } else {
            entries = exact.sortedByValue()
        }
        return ps.map { p in
            let rank = max(1, Int((p / 100 * Double(count)).rounded(.up)))
            var seen = 0
            for (value, n) in entries {
                seen += n
                if seen >= rank { return value }
            }
            // Only binned values get here (their counts always add up to `count`).
            return buckets == nil ? nil : entries.last?.value
        }
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
            exact.forEach { place($0, $1) }
        }
        return bins
    }
}

/// A running mean: sum and count of the values seen.
public struct RunningMean: Sendable, Equatable {
    public private(set) var sum = 0.0
    public private(set) var count = 0
    /// No values yet.
    public init() {}
    /// Counts a value; `nil` is skipped.
    public mutating func add(_ v: Double?) {
        guard let v else { return }
        sum += v
        count += 1
    }
    /// Adds another mean's values to these.
    public mutating func merge(_ o: RunningMean) { sum += o.sum; count += o.count }
    public var mean: Double? { count == 0 ? nil : sum / Double(count) }
}

/// A rate: hits over a denominator.
public struct RunningRate: Sendable, Equatable {
    public private(set) var hits = 0
    public private(set) var total = 0
    /// No values yet.
    public init() {}
    /// Counts one more case, a hit or not.
    public mutating func add(_ hit: Bool) { total += 1; if hit { hits += 1 } }
    /// Adds another rate's cases to these.
    public mutating func merge(_ o: RunningRate) { hits += o.hits; total += o.total }
    public var rate: Double? { total == 0 ? nil : Double(hits) / Double(total) }
}
