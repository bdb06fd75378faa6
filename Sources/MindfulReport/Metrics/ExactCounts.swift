/// How many times each distinct `Double` was seen, in an open-addressing table with a
/// multiply-shift hash of the bits: as a `[Double: Int]` counts them (values are equal by `==`,
/// so 0 and -0 are one value, kept as first seen, and every NaN is a value of its own), without
/// the per-lookup cost of `Hasher`, which was about 3% of a report's CPU time.
struct ExactCounts: Sendable {
    /// Per slot, the value and its count (0: an empty slot).
    private var values: [Double] = []
    private var counts: [Int] = []
    /// Distinct values held.
    private(set) var count = 0
    /// 64 - log2 of the table size: the hash is the top bits of a multiply, which depend on
    /// every bit of the value (whole numbers differ only in their top bits).
    private var shift: UInt64 = 64

    init() {}

    var isEmpty: Bool { count == 0 }

    /// Counts `value` `times` more times (`times` > 0).
    @inline(__always)
    mutating func add(_ value: Double, times: Int = 1) {
        if 2 &* (count &+ 1) > counts.count { grow() }
        let mask = counts.count &- 1
        var i = slot(of: value)
        while true {
            if counts[i] == 0 {
                values[i] = value
                counts[i] = times
                count &+= 1
                return
            }
            if values[i] == value {
                counts[i] &+= times
                return
            }
            i = (i &+ 1) & mask
        }
    }

    /// Adds every count of `other` (the table grows at most once).
    mutating func merge(_ other: ExactCounts) {
        if isEmpty {
            self = other
            return
        }
        if 2 &* (count &+ other.count) > counts.count { grow(toHold: count &+ other.count) }
        other.forEach { add($0, times: $1) }
    }

    /// Every distinct value with its count, in no particular order.
    func forEach(_ body: (Double, Int) -> Void) {
        for slot in counts.indices where counts[slot] != 0 { body(values[slot], counts[slot]) }
    }

    /// Every distinct value with its count, ascending by value.
    func sortedByValue() -> [(value: Double, count: Int)] {
        var entries: [(value: Double, count: Int)] = []
        entries.reserveCapacity(count)
        forEach { entries.append(($0, $1)) }
        entries.sort { $0.value < $1.value }
        return entries
    }

    @inline(__always)
    private func slot(of value: Double) -> Int {
        // 0 and -0 are equal, so they must land in the same place.
        let bits = value == 0 ? 0 : value.bitPattern
        return Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(never)
    /// Doubles the table, or more until it holds `n` values at most half full.
    private mutating func grow(toHold n: Int = 0) {
        let old = (values, counts)
        var capacity = Swift.max(16, counts.count &* 2)
        while capacity < 2 &* n { capacity &*= 2 }
        values = Array(repeating: 0, count: capacity)
        counts = Array(repeating: 0, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        count = 0
        for slot in old.1.indices where old.1[slot] != 0 { add(old.0[slot], times: old.1[slot]) }
    }
}

extension ExactCounts: Equatable {
    /// The same values with the same counts, whatever the order they were added in.
    static func == (a: ExactCounts, b: ExactCounts) -> Bool {
        guard a.count == b.count else { return false }
        var equal = true
        a.forEach { value, n in
            if equal && b.count(of: value) != n { equal = false }
        }
        return equal
    }

    /// How many times `value` was counted.
    func count(of value: Double) -> Int {
        guard !counts.isEmpty else { return 0 }
        let mask = counts.count &- 1
        var i = slot(of: value)
        while counts[i] != 0 {
            if values[i] == value { return counts[i] }
            i = (i &+ 1) & mask
        }
        return 0
    }
}
