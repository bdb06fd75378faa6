import Foundation
import Testing
@testable import MindfulReport

/// 720 hours from the fake server with 50 ms latency per answer, at the default options
/// (concurrency 8, 50 requests/s). The bound is max(720 / 50, 720 × 0.05 / 8) = 14.4 s.
///
/// Runs only when `MINDFUL_FETCH_BENCH` names a file, where it writes its figures as JSON
/// (`MINDFUL_FETCH_BENCH=/tmp/f.json swift test --filter FetchBenchmark`); it prints nothing.
/// This measures the library alone; `scripts/bench-fetch` times the CLI, `mindful-report fetch`. `MINDFUL_FETCH_BENCH_RATE` overrides the
/// rate (e.g. 1000, to measure the concurrency bound 720 × 0.05 / 8 = 4.5 s instead).
@Suite struct FetchBenchmark {
    static let output = ProcessInfo.processInfo.environment["MINDFUL_FETCH_BENCH"]

    @Test(.enabled(if: output != nil)) func fetch720HoursAtDefaults() async throws {
        let box = try FetchSandbox()
        defer { box.remove() }
        let hours = box.hours(720)
        try box.serve(hours)
        let server = try FakeMindfulServer(root: box.source, work: box.work, latency: 0.05, tokens: ["bench-token"], lifetime: 300)
        defer { server.stop() }
        var options = FetchOptions(baseURL: server.baseURL, tokenURL: server.tokenURL)
        if let rate = ProcessInfo.processInfo.environment["MINDFUL_FETCH_BENCH_RATE"].flatMap(Double.init) { options.rate = rate }
        let summary = try await fetch(hours: hours, cache: box.cache, options: options, credentials: .bearer("bench-token"))
        #expect(summary.fetched.count == 720)
        let log = try server.dataRequests()
        let bound = max(720.0 / options.rate, 720 * 0.05 / Double(options.concurrency))
        let span = log.last!.start - log.first!.start
        let result: [String: Any] = [
            "hours": 720,
            "elapsed_s": summary.elapsed,
            "bound_s": bound,
            "ratio": summary.elapsed / bound,
            "requests": summary.requests,
            "retries": summary.retries,
            "max_inflight": log.map(\.max_inflight).max() ?? 0,
            "server_request_rate": Double(log.count - 1) / span,
        ]
        try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]).write(to: URL(fileURLWithPath: Self.output!))
        #expect(summary.elapsed <= 1.3 * bound)
    }
}
