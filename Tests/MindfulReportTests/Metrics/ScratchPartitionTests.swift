import Foundation
import Testing
@testable import MindfulReport

/// The partitioned, scratch-file-backed grouping behind duplicate ids and final attempts: the
/// same answers whether everything stays in memory or goes through files, in any input order.
@Suite struct ScratchPartitionTests {
    @Test func valuesComeBackInOrderFromBuffersAndFiles() throws {
        let tmp = try TemporaryFolder()
        let partitions = SpillPartitions<UInt64>(count: 3, bufferBytes: 64, scratch: tmp.url)
        for v in 0..<1000 as Range<UInt64> { try partitions.append(v, to: Int(v % 3)) }
        #expect(partitions.spilledCount > 900)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).count == 1)
        for p in 0..<3 {
            #expect(try partitions.values(of: p) == Array(stride(from: UInt64(p), to: 1000, by: 3)))
        }
    }

    @Test func theScratchFolderIsRemovedWithThePartitions() throws {
        let tmp = try TemporaryFolder()
        do {
            let partitions = SpillPartitions<UInt64>(count: 2, bufferBytes: 16, scratch: tmp.url)
            for v in 0..<100 as Range<UInt64> { try partitions.append(v, to: 0) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).count == 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).isEmpty)
    }

    @Test func anUnwritableScratchFolderIsAClearError() throws {
        let partitions = SpillPartitions<UInt64>(count: 1, bufferBytes: 16, scratch: URL(fileURLWithPath: "/nonexistent/scratch"))
        #expect(throws: SpillError.self) { for v in 0..<100 as Range<UInt64> { try partitions.append(v, to: 0) } }
        do {
            for v in 0..<100 as Range<UInt64> { try partitions.append(v, to: 0) }
        } catch {
            #expect(error.description.hasPrefix("cannot create scratch folder /nonexistent/scratch/mindful-report-scratch-"))
            #expect(error.description.hasSuffix(": No such file or directory"))
        }
        #expect(SpillError.cannotRead(path: "/t/p-1.bin", underlying: "file is shorter than written").description
                == "cannot read scratch file /t/p-1.bin: file is shorter than written")
    }

    @Test func theLatestCopyOfAnIdIsKeptWhateverTheOrderOfArrival() async throws {
        let tmp = try TemporaryFolder()
        // Hour ordinal → ids in file order (0 = no id).
        let hours: [(Int, [UInt64])] = [(0, [7, 8, 7, 0, 0]), (1, [8, 9]), (2, [7, 0]), (5, [9, 9, 10])]
        var answers: [DuplicateIndex] = []
        for (count, buffer) in [(1, 1 << 20), (4, 32)] {
            for order in [hours, hours.reversed()] {
                for workers in [1, 2, 3] {
                    let finder = DuplicateFinder(count: count, scratch: tmp.url, bufferBytes: buffer)
                    for (hour, ids) in order { try finder.add(ids: ids, hour: hour) }
                    answers.append(try await finder.finish(workers: workers))
                }
            }
        }
        // 7: kept at hour 2; dropped at hour 0 positions 0 and 2. 8: kept at hour 1; dropped at
        // hour 0 position 1. 9: kept at hour 5 position 1 (last in file order); dropped at hour 5
        // position 0 and hour 1 position 1. Ids 0 are never duplicates.
        #expect(answers[0].dropped(inHour: 0) == [0, 1, 2])
        #expect(answers[0].dropped(inHour: 1) == [1])
        #expect(answers[0].dropped(inHour: 2) == [])
        #expect(answers[0].dropped(inHour: 5) == [0])
        #expect(answers[0].count == 5)
        for other in answers.dropFirst() { #expect(other == answers[0]) }
    }

    @Test func finalAttemptsFollowRetryThenHourThenPosition() async throws {
        let tmp = try TemporaryFolder()
        var tables = DimensionTables()
        _ = tables.intern("Gold", in: .segment)
        _ = tables.intern("agent", in: .firstPartyCalled)
        func attempt(_ key: UInt64, retry: Double, hour: Int, position: Int, target: Int32, outcome: Int32) -> RequestAttempt {
            RequestAttempt(key: key, retry: retry, order: RequestAttempt.order(hour: hour, position: position), target: target,
                           outcome: outcome, day: Int32(hour), dimensions: RecordDimensions(0, 0, 0, 0))
        }
        // Outcome 0 = Success, 1 = other.
        let attempts = [
            attempt(1, retry: 0, hour: 0, position: 0, target: 0, outcome: 1),
            attempt(1, retry: 1, hour: 1, position: 0, target: 0, outcome: 0),   // final of request 1 (higher retry)
            attempt(1, retry: 1, hour: 0, position: 5, target: 1, outcome: 1),   // same retry, earlier hour
            attempt(2, retry: 2, hour: 3, position: 1, target: 1, outcome: 1),
            attempt(2, retry: 2, hour: 3, position: 4, target: 1, outcome: 0),   // tie: later position wins
            attempt(0, retry: 0, hour: 2, position: 0, target: 0, outcome: 0),   // requests of their own
            attempt(0, retry: 0, hour: 2, position: 1, target: 0, outcome: 0),
        ]
        var results: [[Int]] = []
        for (count, buffer) in [(1, 1 << 20), (3, 48)] {
            for order in [attempts, attempts.reversed()] {
                let partitions = RequestPartitions(count: count, scratch: tmp.url, bufferBytes: buffer)
                for a in order { try partitions.add(a) }
                let r = try await partitions.resolve(targets: 2, dimensionTables: tables, successIndex: 0)
                results.append([r.all.count, r.all.finalsByIndex[0] ?? 0, r.perTarget[0].count, r.perTarget[0].finalsByIndex[0] ?? 0,
                                r.perTarget[1].count, r.perTarget[1].finalsByIndex[0] ?? 0] + r.all.perAttempts)
            }
        }
        // ALL: requests 1, 2 and two of their own = 4, all successes. Target 0: request 1 (final
        // hour 1, Success) and two of its own; target 1: request 1 (only its hour-0 attempt: other)
        // and request 2 (Success). Attempts per request over all: 1, 1, 2 (request 2), 3 (request 1).
        #expect(results[0] == [4, 4, 3, 3, 2, 1, 2, 1, 1, 0])
        for other in results.dropFirst() { #expect(other == results[0]) }
    }

    /// Partitions worked out on several threads add up to the same figures as on one.
    @Test func anyNumberOfWorkersGivesTheSameRequests() async throws {
        let tmp = try TemporaryFolder()
        var tables = DimensionTables()
        for name in ["Gold", "Silver", "Bronze"] { _ = tables.intern(name, in: .segment) }
        _ = tables.intern("agent", in: .firstPartyCalled)
        var rng = SystemRandomNumberGenerator()
        let partitions = RequestPartitions(count: 16, scratch: tmp.url, bufferBytes: 4096)
        var keys = Set<UInt64>(), ownRequests = 0
        for i in 0..<20_000 {
            let key = UInt64.random(in: 0...3_000, using: &rng) &* 0x9E37_79B9_7F4A_7C15  // 0 stays 0: requests of their own
            if key == 0 { ownRequests += 1 } else { keys.insert(key) }
            try partitions.add(RequestAttempt(key: key, retry: Double(Int.random(in: 0...3, using: &rng)),
                                              order: RequestAttempt.order(hour: i / 500, position: i % 500),
                                              target: Int32.random(in: 0...2, using: &rng), outcome: Int32.random(in: 0...4, using: &rng),
                                              day: Int32(i / 5_000), dimensions: RecordDimensions(Int32.random(in: 0...2, using: &rng), 0, 0, 0)))
        }
        func text(_ r: RequestSummary) -> String {
            "\(r.count) \(r.finalsByIndex.sorted { $0.key < $1.key }) \(r.perAttempts) "
                + "\(r.byDay.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value.requests)/\($0.value.success)" }) "
                + "\(r.byDimension.map { $0.map { "\($0.requests)/\($0.success)" } })"
        }
        var answers: [[String]] = []
        for workers in [1, 2, 3, 8] {
            let r = try await partitions.resolve(targets: 3, dimensionTables: tables, successIndex: 0, workers: workers)
            answers.append([text(r.all)] + r.perTarget.map(text))
        }
        #expect(answers[0][0].hasPrefix("\(keys.count + ownRequests) "))
        for other in answers.dropFirst() { #expect(other == answers[0]) }
    }

    /// Hash grouping gives exactly the groups of a dictionary, members in element order, with
    /// key 0 never grouped; keys come from a small set so probes collide and chains are long.
    @Test func keyGroupsMatchADictionaryGrouping() {
        var rng = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 7, 1_000, 50_000] {
            for distinct in [1, 3, 200, 40_000] {
                // Keys sharing their high 24 bits, as within one partition, plus some zeros.
                let keys: [UInt64] = (0..<count).map { _ in
                    let k = UInt64.random(in: 0...UInt64(distinct), using: &rng)
                    return k == 0 ? 0 : (0xABCDEF << 40) | (k &* 0x1_0000_0001)
                }
                let groups = KeyGroups(count: count) { keys[$0] }
                var seen: [[Int]] = []
                var members: [Int] = []
                for first in groups.firsts {
                    groups.members(from: first, into: &members)
                    seen.append(members)
                }
                var expected: [[Int]] = keys.indices.filter { keys[$0] == 0 }.map { [$0] }
                expected += Dictionary(grouping: keys.indices.filter { keys[$0] != 0 }, by: { keys[$0] }).values.map { $0 }
                #expect(seen.count == expected.count)
                #expect(Set(seen) == Set(expected), "count \(count), distinct \(distinct)")
            }
        }
    }

    /// Final attempts worked out by hashing agree with a plain reference: per key, the attempt
    /// with the highest retry, then the latest order, over all targets and per target.
    @Test func requestsAgreeWithAPlainReference() async throws {
        let tmp = try TemporaryFolder()
        var tables = DimensionTables()
        for d in Dimension.allCases { _ = tables.intern("x", in: d) }
        var rng = SystemRandomNumberGenerator()
        var attempts: [RequestAttempt] = []
        for i in 0..<30_000 {
            let key = UInt64.random(in: 0...9_000, using: &rng) &* 0x9E37_79B9_7F4A_7C15
            attempts.append(RequestAttempt(key: key, retry: Double(Int.random(in: 0...2, using: &rng)),
                                           order: RequestAttempt.order(hour: i / 700, position: i % 700),
                                           target: Int32.random(in: 0...3, using: &rng), outcome: Int32.random(in: 0...5, using: &rng),
                                           day: 0, dimensions: RecordDimensions(0, 0, 0, 0)))
        }
        attempts.shuffle(using: &rng)
        let partitions = RequestPartitions(count: 8, scratch: tmp.url, bufferBytes: 4096)
        for a in attempts { try partitions.add(a) }
        let r = try await partitions.resolve(targets: 4, dimensionTables: tables, successIndex: 0, workers: 2)

        func reference(_ attempts: [RequestAttempt]) -> (count: Int, finals: [Int32: Int], perAttempts: [Int]) {
            var finals: [Int32: Int] = [:], perAttempts = [0, 0, 0, 0], count = 0
            func add(_ group: [RequestAttempt]) {
                let final = group.max { ($0.retry, $0.order) < ($1.retry, $1.order) }!
                count += 1
                finals[final.outcome, default: 0] += 1
                perAttempts[min(group.count, 4) - 1] += 1
            }
            for a in attempts where a.key == 0 { add([a]) }
            for group in Dictionary(grouping: attempts.filter { $0.key != 0 }, by: \.key).values { add(group) }
            return (count, finals, perAttempts)
        }
        let all = reference(attempts)
        #expect(r.all.count == all.count && r.all.finalsByIndex == all.finals && r.all.perAttempts == all.perAttempts)
        for t in Int32(0)...3 {
            let expected = reference(attempts.filter { $0.target == t })
            let got = r.perTarget[Int(t)]
            #expect(got.count == expected.count && got.finalsByIndex == expected.finals && got.perAttempts == expected.perAttempts, "target \(t)")
        }
    }
}
