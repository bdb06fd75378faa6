import Foundation
import Testing
@testable import MindfulReport

/// `--compare previous` through the whole report: p-values in `summary.csv` (against scipy),
/// verdicts in words on the pages, and a summary that names only significant changes.
@Suite(.tags(.statistics)) struct ComparedChangeTests {
    /// Previous period 2023-06-06..07, report 2023-06-08..09 (UTC). Call target T1 has 40
    /// requests a period: success 32/40 then 16/40, response 100-129 s then 60-89 s, on time
    /// 30/40 both times, hold about the same. T2 has 5 records a period.
    static func makeCache(_ c: CacheBuilder) throws {
        func records(now: Bool) -> [String] {
            var out: [String] = []
            for i in 0..<40 {
                let success = now ? i % 5 < 2 : i % 5 != 0
                out.append(record(["callTargetId": q("T1"), "callTargetName": q("Billing"), "outcome": q(success ? "Success" : "Unavailable"),
                                   "actualCallbackTime": "\((now ? 60 : 100) + (i * 7) % 30)", "wasPunctual": i % 4 != 0 ? "true" : "false",
                                   "agentDelay": "\(20 + (i * 3) % 10)"]))
            }
            for i in 0..<5 {
                out.append(record(["callTargetId": q("T2"), "callTargetName": q("Sales"), "outcome": q("Success"),
                                   "actualCallbackTime": "\((now ? 30 : 300) + i)"]))
            }
            return out
        }
        try c.write("2023-06-06T10", records: records(now: false))
        try c.write("2023-06-08T10", records: records(now: true))
    }

    func run(_ tmp: TemporaryFolder) async throws -> ReportResult {
        try Self.makeCache(CacheBuilder(root: tmp.path("cache")))
        return try await runReport(cache: tmp.path("cache"), from: "2023-06-08", to: "2023-06-09", out: tmp.path("out")) { $0.comparePrevious = true }
    }

    @Test func summaryCSVHasThePValuesOfScipy() async throws {
        let tmp = try TemporaryFolder()
        _ = try await run(tmp)
        let summary = try ParsedCSV(file: tmp.path("out/summary.csv"))
        let pColumns = ["p_success_rate", "p_response_mean_s", "p_punctuality_mean_s", "p_on_time_rate", "p_ecbt_accuracy_mean", "p_hold_mean_s", "p_talk_mean_s"]
        #expect(Array(summary.header.suffix(7)) == pColumns)
        let t1 = try #require(summary.row("call_target_id", "T1"))
        // scipy 1.17: the pooled z-test of 16/40 against 32/40; ttest_ind(now, before,
        // equal_var=False) of the response and hold values above.
        #expect(abs(Double(t1["p_success_rate"]!)! - 0.0002607296328553162) < 1e-9)
        #expect(abs(Double(t1["p_response_mean_s"]!)! - 1.8825390450812817e-32) < 1e-6 * 1.8825390450812817e-32)
        #expect(abs(Double(t1["p_hold_mean_s"]!)! - 0.27554266313477316) < 1e-9)
        // Same on-time rate both times: z = 0, p = 1. No punctuality values: untested, empty.
        #expect(t1["p_on_time_rate"] == "1")
        #expect(t1["p_punctuality_mean_s"] == "")
        #expect(t1["p_talk_mean_s"] == "")
        // T2: five values a side; p is still written (the verdict says too few to tell).
        let t2 = try #require(summary.row("call_target_id", "T2"))
        #expect(t2["p_response_mean_s"]!.isEmpty == false)
        #expect(t2["p_success_rate"] == "")  // every request a success, both times
    }

    @Test func pagesSayWhetherEachChangeIsReal() async throws {
        let tmp = try TemporaryFolder()
        let result = try await run(tmp)
        let t1 = try #require(result.metrics.targets.first { $0.id == "T1" })
        let before = result.previous!.targets.first { $0.id == "T1" }
        let figures = HeadlineFigure.figures(t1, previous: before)
        let verdicts = Dictionary(uniqueKeysWithValues: figures.map { ($0.label, $0.verdict) })
        #expect(verdicts["Requests"]! == nil)
        #expect(verdicts["Success rate"]! == "Significant fall: worse (p < 0.001)")
        #expect(verdicts["Average response"]! == "Significant fall: better (p < 0.001)")
        #expect(verdicts["On time"]! == "Within normal variation (p = 1.000)")
        #expect(verdicts["Average hold"]! == "Within normal variation (p = 0.276)")
        #expect(verdicts["Punctuality"]! == "Too few to tell (no values in either period)")
        #expect(figures.first { $0.label == "Success rate" }!.changeTone == "bad")
        #expect(figures.first { $0.label == "Average response" }!.changeTone == "good")
        #expect(figures.first { $0.label == "Average hold" }!.changeTone == "same")

        let page = String(decoding: try Data(contentsOf: tmp.path("out/targets/\(TargetSlug.slug(forTargetId: "T1")).html")), as: UTF8.self)
        #expect(page.contains("Significant fall: worse (p &lt; 0.001)") || page.contains("Significant fall: worse (p < 0.001)"))
        #expect(page.contains("Within normal variation (p = 0.276)"))
        #expect(!page.contains("▲") && !page.contains("▼"))
        #expect(page.contains("Significant changes since the previous period: success rate fell 40.0 points to 40.0% and average response improved by 40 s to 1 min 14 s."))
        let t2Page = String(decoding: try Data(contentsOf: tmp.path("out/targets/\(TargetSlug.slug(forTargetId: "T2")).html")), as: UTF8.self)
        #expect(t2Page.contains("Too few to tell (fewer than 10 values in this period)"))
        #expect(t2Page.contains("There are too few values to tell whether anything changed since the previous period."))
    }

    @Test func theSummaryCallsOutOnlySignificantChanges() async throws {
        let tmp = try TemporaryFolder()
        let result = try await run(tmp)
        let t1 = try #require(result.metrics.targets.first { $0.id == "T1" })
        let before = result.previous!.targets.first { $0.id == "T1" }
        let text = PlainSummary.text(t1, previous: before, completeness: DataCompleteness())
        #expect(text.contains("success rate fell 40.0 points"))
        #expect(text.contains("average response improved"))
        // The hold changed a little, within normal variation: not named.
        #expect(!text.contains("hold"))
        #expect(!text.contains("on time as before") && !text.contains("on-time callbacks"))
        // A group that did not exist before.
        let alone = PlainSummary.text(t1, previous: nil, completeness: DataCompleteness(), comparing: true)
        #expect(alone.hasSuffix("There were no records in the previous period to compare with."))
        // Only noise: one sentence that says so.
        let same = PlainSummary.text(before!, previous: before, completeness: DataCompleteness())
        #expect(same.hasSuffix("No change since the previous period is significant: the differences are within normal variation."))
    }

    @Test func withoutComparisonThereAreNoPColumnsOrVerdicts() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try Self.makeCache(c)
        let result = try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-09", out: tmp.path("out"))
        let summary = try ParsedCSV(file: tmp.path("out/summary.csv"))
        #expect(!summary.header.contains { $0.hasPrefix("p_") })
        #expect(HeadlineFigure.figures(result.metrics.all, previous: nil).allSatisfy { $0.verdict == nil })
    }
}
