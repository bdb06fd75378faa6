import Testing
@testable import MindfulReport

/// `extend(toInclude:with:)`, which the accumulators use to make room for a new outcome or
/// breakdown value in one step.
@Suite struct ArrayExtendingTests {
    @Test func aNewIndexIsFilledUpToItAndNothingElseChanges() {
        var counts = [Int]()
        counts.extend(toInclude: 0, with: 0)
        #expect(counts == [0])
        counts[0] = 7
        counts.extend(toInclude: 3, with: 0)
        #expect(counts == [7, 0, 0, 0])
        counts[3] = 2
        // An index already there changes nothing.
        counts.extend(toInclude: 1, with: 9)
        counts.extend(toInclude: 3, with: 9)
        #expect(counts == [7, 0, 0, 2])
        counts.extend(toInclude: 5, with: -1)
        #expect(counts == [7, 0, 0, 2, -1, -1])
    }

    @Test func itAgreesWithAppendingOnePlaceAtATime() {
        var rng = SystemRandomNumberGenerator()
        var extended = [PeriodStats](), appended = [PeriodStats]()
        for _ in 0..<200 {
            let index = Int.random(in: 0..<64, using: &rng)
            extended.extend(toInclude: index, with: PeriodStats())
            while appended.count <= index { appended.append(PeriodStats()) }
            extended[index].merge(Self.one)
            appended[index].merge(Self.one)
        }
        #expect(extended == appended)
    }

    private static let one: PeriodStats = {
        var stats = PeriodStats()
        stats.attempts = 1
        stats.successAttempts = 1
        return stats
    }()
}
