import Foundation
import Testing
@testable import MindfulReport

/// The sample report that `scripts/demo` makes: `Samples/` (two weeks) with `Samples/config.yaml`,
/// the second week compared with the first.
@Suite(.tags(.samples, .goals, .statistics)) struct SampleReportTests {
    static let samples = TestPaths.samples

    @Test func theSampleReportComparesWeeksAndMissesAGoal() async throws {
        let tmp = try TemporaryFolder()
        let config = try ReportConfig.load(explicitPath: Self.samples.appendingPathComponent("config.yaml").path, environment: [:])
        let zone = try TimeZone.named(try #require(config.timeZone))
        let range = try ReportRange(from: LocalDate("2023-06-05")!, to: LocalDate("2023-06-11")!, timeZone: zone)
        var options = ReportOptions(range: range, output: tmp.path("report"), title: "Sample callback report")
        options.comparePrevious = true
        options.goals = config.goals
        let result = try await ReportPipeline(options: options, source: CacheRecordSource(cache: HourCache(root: Self.samples))).run()
        // Both weeks are whole.
        #expect(result.isComplete && result.previous?.completeness.isComplete == true)
        #expect(result.metrics.all.stats.attempts == 7 * 400 && result.previous?.all.stats.attempts == 7 * 400)
        // Goals: some missed, Tech Support (6100) among them, on its own success-rate goal.
        let goals = try #require(result.goals)
        #expect(goals.missedCount >= 1)
        #expect(goals.missed.contains { $0.targetId == "6100" && $0.goal.metric == "success_rate" && $0.goal.text == ">= 0.50" })
        // Tech Support is the worst call target by success rate.
        let worst = result.metrics.targets.min { ($0.successRate ?? 0) < ($1.successRate ?? 0) }
        #expect(worst?.id == "6100")
        // The week's changes: some significant, some within normal variation.
        let verdicts = ComparedChange.all(now: result.metrics.all, before: result.previous!.all).map(\.verdict)
        #expect(verdicts.contains { $0.isSignificant })
        #expect(verdicts.contains(.withinNormalVariation))
        // Weekdays differ: Monday is the busiest day, Friday's afternoon the slowest.
        let daily = try ParsedCSV(file: tmp.path("report/daily.csv")).records.filter { $0["call_target_id"] == "ALL" }
        let attempts = daily.map { Int($0["attempts"]!)! }
        #expect(attempts.first == attempts.max() && Set(attempts).count == 7)
        let index = String(decoding: try Data(contentsOf: tmp.path("report/index.html")), as: UTF8.self)
        #expect(index.contains("<h2>Needs attention</h2>"))
        #expect(index.contains("Significant change"))
    }
}
