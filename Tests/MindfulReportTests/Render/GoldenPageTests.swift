import Foundation
import Testing
@testable import MindfulReport

/// A rendered page compared byte for byte with a reviewed copy. A page that differs fails the
/// test; after a deliberate change of the pages, regenerate with
/// `UPDATE_GOLDEN=1 swift test --filter GoldenPageTests` (which rewrites only the copies that
/// differ, and passes) and review the diff.
@Suite struct GoldenPageTests {
    static let golden = TestPaths.fixture("golden")

    /// The golden copy's name of a report file: folders joined by `_`; pages are kept as
    /// `.xhtml` (they are XHTML documents, and expected output rather than source).
    static func goldenName(_ file: String) -> String {
        let name = file.replacingOccurrences(of: "/", with: "_")
        return name.hasSuffix(".html") ? String(name.dropLast(5)) + ".xhtml" : name
    }

    /// Expects `rendered` to equal the golden copy `name`; with `UPDATE_GOLDEN=1`, rewrites the
    /// copy instead when it differs (or is missing).
    static func expectGolden(_ rendered: Data, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = golden.appendingPathComponent(name)
        let expected = try? Data(contentsOf: file)
        if rendered == expected { return }
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: file)
            return
        }
        let what = expected == nil ? "is missing" : "differs from the page rendered"
        Issue.record("\(name) \(what); if the change is meant, regenerate with UPDATE_GOLDEN=1 and review the diff", sourceLocation: sourceLocation)
    }

    @Test func theTargetPageMatchesItsGoldenCopy() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try c.write("2023-06-08T13", records: [
            record(["id": q("a1"), "originalId": q("a"), "callTargetId": q("5298"), "callTargetName": q("Billing & <Accounts>"),
                    "outcome": q("Unavailable"), "actualCallbackTime": "95", "punctuality": "-20", "wasPunctual": "true",
                    "segmentName": q("Gold"), "source": q("CBWidget:x"), "type": q("asap"), "firstPartyCalled": q("customer")]),
            record(["id": q("b1"), "originalId": q("b"), "callTargetId": q("5298"), "outcome": q("Success"), "actualCallbackTime": "40",
                    "punctuality": "200", "wasPunctual": "false", "agentDelay": "12", "talkDuration": "300", "type": q("scheduled"),
                    "estimatePercentAccuracy": "0.9", "source": q("Phone:+15551234567")]),
        ])
        try c.write("2023-06-08T15", records: [
            record(["id": q("a2"), "originalId": q("a"), "retryAttempt": "1", "callTargetId": q("5298"), "outcome": q("Success"),
                    "agentDelay": "8", "talkDuration": "120", "outsideHours": "true"]),
        ])
        let range = try ReportRange(from: LocalDate("2023-06-08")!, to: LocalDate("2023-06-08")!, timeZone: .named("Europe/London"))
        let options = ReportOptions(range: range, output: tmp.path("out"), title: "Golden report")
        _ = try await ReportPipeline(options: options, source: CacheRecordSource(cache: c.cache)).run(now: Date(timeIntervalSince1970: 1_686_268_800))
        for file in ["targets/5298.html", "charts/5298-trend.svg"] {
            try Self.expectGolden(try Data(contentsOf: tmp.path("out/\(file)")), Self.goldenName(file))
        }
    }

    /// The index with goals (Needs attention, the goals table) and a comparison (verdicts in
    /// words, a summary naming only significant changes).
    @Test(.tags(.goals, .statistics)) func theIndexWithGoalsAndAComparisonMatchesItsGoldenCopy() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try ComparedChangeTests.makeCache(c)
        let range = try ReportRange(from: LocalDate("2023-06-08")!, to: LocalDate("2023-06-09")!, timeZone: .named("UTC"))
        var options = ReportOptions(range: range, output: tmp.path("out"), title: "Golden report")
        options.comparePrevious = true
        options.goals = try #require(try ReportConfig.parse(yaml: """
            goals:
              success_rate: ">= 0.5"
              hold_mean_s: "< 25"
              punctuality_mean_s: "<= 60"
              targets:
                T2: { success_rate: ">= 0.99" }
            """, file: "golden.yaml").goals)
        _ = try await ReportPipeline(options: options, source: CacheRecordSource(cache: c.cache)).run(now: Date(timeIntervalSince1970: 1_686_268_800))
        try Self.expectGolden(try Data(contentsOf: tmp.path("out/index.html")), "compare-goals_" + Self.goldenName("index.html"))
    }
}
