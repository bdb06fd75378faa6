import Foundation
import Testing
@testable import MindfulReport

/// `mindful-report sample` names its options as the other commands do: `--cache` and
/// `--hour-labels` are the cache options `report` reads, and `--target-count` is a count, not
/// `report`'s `--targets` filter.
@Suite(.tags(.cli, .samples)) struct SampleCommandTests {
    @Test func sampleWritesTheCacheThatReportReadsWithTheSameOptions() async throws {
        let work = try TemporaryFolder("sample-cli")
        let cache = work.path("cache").path
        let made = try await runCLI(["sample", "--from", "2023-06-01", "--to", "2023-06-01", "--timezone", "UTC", "--per-day", "48",
                                     "--target-count", "3", "--seed", "3", "--cache", cache, "--hour-labels", "start"], work: work.url)
        #expect(made.status == 0, "\(made.stderr)")
        let hours = try FileManager.default.contentsOfDirectory(atPath: work.path("cache/20230601").path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(hours.first == "00.json" && hours.last == "23.json" && hours.count == 24)
        let report = try await runCLI(["report", "--offline", "--from", "2023-06-01", "--to", "2023-06-01", "--timezone", "UTC",
                                       "--cache", cache, "--hour-labels", "start", "--out", work.path("out").path], work: work.url)
        #expect(report.status == 0, "\(report.stderr)")
        let summary = try String(contentsOf: work.path("out/summary.csv"), encoding: .utf8)
        // A header, three call targets and the ALL row.
        #expect(summary.split(separator: "\r\n").count == 5)
    }

    @Test(arguments: [
        (["--target-count", "2"], "sample needs --cache DIR"),
        (["--target-count", "0", "--cache", "x"], "--target-count must be at least 1"),
        (["--out", "x", "--cache", "x"], "Unknown option '--out'"),
        (["--targets", "2", "--cache", "x"], "Unknown option '--targets'"),
    ])
    func badUsageIsOneLineAndWritesNothing(arguments: [String], message: String) async throws {
        let work = try TemporaryFolder("sample-cli")
        let result = try await runCLI(["sample", "--from", "2023-06-01", "--to", "2023-06-01"] + arguments, work: work.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.path("x").path))
    }
}
