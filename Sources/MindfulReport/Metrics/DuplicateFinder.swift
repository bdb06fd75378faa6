import Foundation

/// One sighting of a record id: its fingerprint and where it was read (16 bytes).
struct IdSighting: BitwiseCopyable, Sendable {
    var id: UInt64
    /// Hour ordinal in the high 32 bits, position in the file in the low 32 bits.
    var order: UInt64
}

/// Which records are older copies of an id seen again later (README, "Metric definitions": the
/// copy from the latest hour wins, then the last in file order), found before the figures are
/// added up so that every hour can then be counted on its own, on any core.
public struct DuplicateIndex: Sendable, Equatable {
    /// Positions (file order, ascending) of the records to drop, per hour ordinal; hours without
    /// duplicates are absent.
    private(set) var dropped: [Int: [Int32]] = [:]
    /// Records dropped in all.
    public private(set) var count = 0

    /// A finder that has seen no id yet.
    public init() {}

    /// The records of an hour to drop, ascending.
    func dropped(inHour ordinal: Int) -> [Int32] { dropped[ordinal] ?? [] }

    mutating func drop(hour: Int, position: Int32) {
        dropped[hour, default: []].append(position)
        count += 1
    }

    /// Adds the drops of `other` (positions are sorted afterwards by ``sortPositions()``).
    mutating func merge(_ other: DuplicateIndex) {
        for (hour, positions) in other.dropped { dropped[hour, default: []] += positions }
        count += other.count
    }

    mutating func sortPositions() {
        for key in dropped.keys { dropped[key]!.sort() }
    }
}

/// Collects every record id of a range, partitioned by fingerprint (in scratch files once they
/// outgrow small buffers), and finds the duplicates one partition at a time, so memory does not
/// grow with the number of ids. Ids may be added in any order.
struct DuplicateFinder {
    private let storage: SpillPartitions<IdSighting>

    /// - Parameter bufferBytes: per partition; by default 2 MB over all partitions, so memory
    ///   does not grow with the number of partitions.
    init(count: Int, scratch: URL, bufferBytes: Int? = nil) {
        storage = SpillPartitions(count: count, bufferBytes: bufferBytes ?? max(4096, (2 << 20) / max(1, count)), scratch: scratch)
    }

    /// Partitions for a range of `hours` hours: about 12 hours of ids each.
    static func partitionCount(hours: Int) -> Int { min(2048, max(2, hours / 12)) }

    /// Adds the id fingerprints of an hour, in file order (0 = no id: never a duplicate).
    func add(ids: [UInt64], hour ordinal: Int) throws(SpillError) {
        let n = UInt64(storage.count)
        for (position, id) in ids.enumerated() where id != 0 {
            try storage.append(IdSighting(id: id, order: RequestAttempt.order(hour: ordinal, position: position)), to: Int((id >> 40) % n))
        }
    }

    /// Every record that is not the latest copy of its id. Partitions are worked out on
    /// `workers` tasks at once, each grouped by id with ``KeyGroups``.
    func finish(workers: Int = Parallelism.cores) async throws(SpillError) -> DuplicateIndex {
        let parts = try await storage.foldPartitions(workers: workers) { DuplicateIndex() } _: { index, sightings in
            let groups = KeyGroups(count: sightings.count) { sightings[$0].id }
            for first in groups.firsts {
                var i = groups.next(after: Int(first))
                guard i >= 0 else { continue }
                // Seen more than once: the latest copy is kept, every other one dropped.
                var latest = Int(first)
                while i >= 0 {
                    if sightings[i].order > sightings[latest].order { latest = i }
                    i = groups.next(after: i)
                }
                i = Int(first)
                while i >= 0 {
                    if i != latest {
                        index.drop(hour: Int(sightings[i].order >> 32), position: Int32(truncatingIfNeeded: sightings[i].order))
                    }
                    i = groups.next(after: i)
                }
            }
        }
        var index = parts[0]
        for part in parts.dropFirst() { index.merge(part) }
        index.sortPositions()
        return index
    }
}
