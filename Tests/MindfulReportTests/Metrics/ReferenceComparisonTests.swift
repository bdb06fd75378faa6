import Foundation
import Testing
@testable import MindfulReport

/// Compares the report's CSVs cell by cell with an independent Python implementation of the
/// metrics contract (written from the contract alone, not from these sources), on adversarial
/// caches it generates (made once per test run: ``SharedFixtures``).
@Suite struct ReferenceComparisonTests {
    @Test func theReferenceChecksItselfOnHandWorkedCases() async throws {
        let run = try await Python.run([TestPaths.fixture("reference/selfcheck.py").path])
        #expect(run.status == 0, "\(run.output)")
    }

    @Test(arguments: SharedFixtures.referenced)
    func csvsAgreeWithTheIndependentImplementation(_ spec: SharedFixtures.Hostile) async throws {
        let tmp = try TemporaryFolder()
        let out = tmp.path("out")
        let cache = try await SharedFixtures.hostileCache(spec), reference = try await SharedFixtures.reference(spec)
        let result = try await runReport(cache: cache, from: "2023-03-11", to: "2023-03-13", timeZone: "America/New_York", out: out, labels: spec.labels)

        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: reference.appendingPathComponent("reference_meta.json"))) as! [String: Any]
        #expect(result.metrics.completeness.duplicatesDropped == meta["duplicates_dropped"] as? Int)
        #expect(result.metrics.completeness.hoursRead == meta["hours_read"] as? Int)
        #expect(result.metrics.completeness.skippedElements == meta["non_object_elements"] as? Int)
        #expect(result.metrics.completeness.malformedFields == meta["wrong_typed_fields"] as? Int)
        #expect(result.metrics.completeness.missing.count == (meta["missing_hours"] as? [Any])?.count)
        #expect(result.metrics.completeness.duplicatesDropped > 0 && result.metrics.completeness.malformedFields > 0)

        for file in ["summary.csv", "daily.csv"] {
            try Self.compare(file, ours: ParsedCSV(file: out.appendingPathComponent(file)), theirs: ParsedCSV(file: reference.appendingPathComponent(file)), keyedInOrder: true)
        }
        // Outcome rows: the same set of (target, outcome) rows; the order of outcomes within a
        // target is the report's (known outcomes first), not a contract.
        try Self.compare("outcomes.csv", ours: ParsedCSV(file: out.appendingPathComponent("outcomes.csv")),
                         theirs: ParsedCSV(file: reference.appendingPathComponent("outcomes.csv")), keyedInOrder: false)
    }

    /// Compares the columns the reference writes, by header name: text and counts exactly,
    /// rates within 0.0001, seconds within 0.01, percentiles within 1%.
    static func compare(_ name: String, ours: ParsedCSV, theirs: ParsedCSV, keyedInOrder: Bool) throws {
        for column in theirs.header { #expect(ours.header.contains(column), "\(name): column \(column) missing") }
        var ourRows = ours.records, theirRows = theirs.records
        #expect(ourRows.count == theirRows.count, "\(name): \(ourRows.count) rows, reference has \(theirRows.count)")
        if !keyedInOrder {
            let key = { (r: [String: String]) in "\(r["call_target_id"]!)\u{0}\(r["outcome"]!)" }
            ourRows.sort { key($0).utf8.lexicographicallyPrecedes(key($1).utf8) }
            theirRows.sort { key($0).utf8.lexicographicallyPrecedes(key($1).utf8) }
        }
        for (i, (a, b)) in zip(ourRows, theirRows).enumerated() {
            for column in theirs.header {
                let x = a[column] ?? "<none>", y = b[column] ?? "<none>"
                if x == y { continue }
                let tolerance: Double
                if column.hasSuffix("_p50_s") || column.hasSuffix("_p90_s") { tolerance = max(0.0100001, abs(Double(y) ?? 0) * 0.01) }
                else if column.hasSuffix("_s") { tolerance = 0.0100001 }
                else if column.hasSuffix("_rate") || column.hasSuffix("_mean") { tolerance = 0.0001001 }
                else { tolerance = 0 }
                if let dx = Double(x), let dy = Double(y), abs(dx - dy) <= tolerance { continue }
                Issue.record("\(name) row \(i + 1) (\(b["call_target_id"] ?? "")) column \(column): ours \(x.debugDescription), reference \(y.debugDescription)")
            }
        }
    }
}
