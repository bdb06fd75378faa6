/// The elements of a partition grouped by a 64-bit key (a ``Fingerprint`` value), found with an
/// open-addressing hash table in one pass instead of a sort: each group is a chain of element
/// indices. Key 0 is never grouped: each element with key 0 is a group of its own.
///
/// Used to find an id's latest copy (``DuplicateFinder``) and a request's final attempt
/// (``RequestPartitions``), where most groups have one element and the order of the groups
/// does not matter (the results are counts).
struct KeyGroups {
    /// The first element of each group, in the order the groups were first seen.
    private(set) var firsts: [Int32] = []
    /// Per element, the next element of its group, or -1 after the last.
    private var links: [Int32]

    /// Groups elements `0..<count` by `key(i)`.
    init(count: Int, key: (Int) -> UInt64) {
        precondition(count < Int(Int32.max), "a partition holds fewer than 2^31 elements")
        links = Array(repeating: -1, count: count)
        firsts.reserveCapacity(count)
        guard count > 0 else { return }
        // At most half full, so probe runs stay short.
        var shift = 60
        while (1 << (64 - shift)) < 2 * count { shift -= 1 }
        let mask = (1 << (64 - shift)) - 1
        // Per slot: its key and the most recent element with it (`-1`: empty slot).
        var slotKeys = [UInt64](repeating: 0, count: mask + 1)
        var slotLast = [Int32](repeating: -1, count: mask + 1)
        for i in 0..<count {
            let k = key(i)
            if k == 0 {
                firsts.append(Int32(i))
                continue
            }
            // Multiplicative hashing, so keys that share their high bits (one partition) spread.
            var s = Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
            while true {
                let last = slotLast[s]
                if last < 0 {
                    slotKeys[s] = k
                    slotLast[s] = Int32(i)
                    firsts.append(Int32(i))
                    break
                }
                if slotKeys[s] == k {
                    // Appended behind the group's latest element, so a chain is in element order.
                    links[Int(last)] = Int32(i)
                    slotLast[s] = Int32(i)
                    break
                }
                s = (s &+ 1) & mask
            }
        }
    }

    /// The element after `i` in its group, or -1 when `i` is the last.
    @inline(__always)
    func next(after i: Int) -> Int { Int(links[i]) }

    /// The elements of the group that starts at `first`, in element order (into `members`,
    /// which is emptied first).
    func members(from first: Int32, into members: inout [Int]) {
        members.removeAll(keepingCapacity: true)
        var i = Int(first)
        while i >= 0 {
            members.append(i)
            i = next(after: i)
        }
    }
}
