/// How many times each distinct `Double` was seen, in an open-addressing table with a
/// multiply-shift hash of the bits: as a `[Double: Int]` counts them (values are equal by `==`,
/// so 0 and -0 are one value, kept as first seen, and every NaN is a value of its own), without
/// the per-lookup cost of `Hasher`, which was about 3% of a report's CPU time.
struct ExactCounts: Sendable {
    /// The table: each slot a value and its count (count 0: an empty slot). One array, so a
    /// table costs one allocation.
    private var slots: [Slot] = []
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
        if 2 &* (count &+ 1) > slots.count { grow() }
        let mask = slots.count &- 1
        var i = slot(of: value)
        while true {
            if slots[i].count == 0 {
                slots[i] = Slot(value: value, count: times)
                count &+= 1
                return
            }
            if slots[i].value == value {
                slots[i].count &+= times
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
        if 2 &* (count &+ other.count) > slots.count { grow(toHold: count &+ other.count) }
        other.forEach { add($0, times: $1) }
    }

    /// Every distinct value with its count, in no particular order.
    func forEach(_ body: (Double, Int) -> Void) {
        for slot in slots where slot.count != 0 { body(slot.value, slot.count) }
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
        let old = slots
        var capacity = Swift.max(16, slots.count &* 2)
        while capacity < 2 &* n { capacity &*= 2 }
        slots = Array(repeating: Slot(value: 0, count: 0), count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        count = 0
        for slot in old where slot.count != 0 { add(slot.value, times: slot.count) }
    }

    /// A value and how many times it was counted.
    private struct Slot: Sendable {
        var value: Double
        var count: Int
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
        guard !slots.isEmpty else { return 0 }
        let mask = slots.count &- 1
        var i = slot(of: value)
        while slots[i].count != 0 {
            if slots[i].value == value { return slots[i].count }
            i = (i &+ 1) & mask
        }
        return 0
    }
}
