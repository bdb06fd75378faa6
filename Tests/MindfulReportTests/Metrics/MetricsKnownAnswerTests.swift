import Foundation
import Testing
@testable import MindfulReport

/// Known answers on small hand-written hour files, checked in the CSVs the report writes.
@Suite struct MetricsKnownAnswerTests {
    @Test func retryChainAcrossHoursEndsOnItsHighestAttempt() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try c.write("2023-06-08T10", records: [
            record(["id": q("a"), "originalId": q("a"), "retryAttempt": "0", "outcome": q("Unavailable"), "actualCallbackTime": "100", "type": q("asap")]),
        ])
        try c.write("2023-06-08T11", records: [
            record(["id": q("b"), "originalId": q("a"), "retryAttempt": "1", "outcome": q("Failure"), "actualCallbackTime": "900"]),
        ])
        try c.write("2023-06-08T12", records: [
            record(["id": q("c"), "originalId": q("a"), "retryAttempt": "2", "outcome": q("Success"), "type": q("scheduled"),
                    "agentDelay": "30", "talkDuration": "120"]),
        ])
        let result = try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: tmp.path("out"))
        let summary = try ParsedCSV(file: tmp.path("out/summary.csv"))
        let t1 = try #require(summary.row("call_target_id", "T1"))
        #expect(t1["attempts"] == "3")
        #expect(t1["requests"] == "1")
        #expect(t1["success"] == "1")
        #expect(t1["success_rate"] == "1")
        #expect(t1["retries"] == "2")
        #expect(t1["asap"] == "2")
        #expect(t1["scheduled"] == "1")
        // Response is over first attempts only: the retry's 900 s does not count.
        #expect(t1["response_mean_s"] == "100")
        #expect(t1["hold_mean_s"] == "30")
        #expect(t1["talk_mean_s"] == "120")
        let outcomes = try ParsedCSV(file: tmp.path("out/outcomes.csv"))
        let finals = outcomes.records.filter { $0["call_target_id"] == "T1" }.map { "\($0["outcome"]!)=\($0["attempts"]!)/\($0["final_requests"]!)" }
        #expect(finals == ["Success=1/1", "Unavailable=1/0", "Failure=1/0"])
        #expect(result.isComplete == false)  // 21 of 24 hours have no file
        #expect(result.metrics.completeness.hoursRead == 3)
    }

    @Test func tiesOnRetryAttemptGoToTheLatestHourThenTheLastInFile() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try c.write("2023-06-08T01", records: [
            record(["id": q("x1"), "originalId": q("X"), "retryAttempt": "1", "outcome": q("Failure")]),
            record(["id": q("y1"), "originalId": q("Y"), "retryAttempt": "1", "outcome": q("Abandoned")]),
            record(["id": q("y2"), "originalId": q("Y"), "retryAttempt": "1", "outcome": q("Chose Hold")]),
        ])
        try c.write("2023-06-08T02", records: [
            record(["id": q("x2"), "originalId": q("X"), "retryAttempt": "1", "outcome": q("Canceled")]),
        ])
        try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: tmp.path("out"))
        let outcomes = try ParsedCSV(file: tmp.path("out/outcomes.csv"))
        let finals = Dictionary(uniqueKeysWithValues: outcomes.records.filter { $0["call_target_id"] == "ALL" }.map { ($0["outcome"]!, $0["final_requests"]!) })
        #expect(finals["Canceled"] == "1")   // X: later hour wins the tie
        #expect(finals["Chose Hold"] == "1") // Y: last in file order wins
        #expect(finals["Failure"] == "0")
        #expect(finals["Abandoned"] == "0")
    }

    @Test func duplicateIdsKeepTheLatestCopyAndNullIdsAreNeverDeduplicated() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try c.write("2023-06-08T05", records: [
            record(["id": q("d"), "outcome": q("Failure"), "actualCallbackTime": "10"]),
            record(["id": "null", "outcome": q("Success")]),
            record(["id": "null", "outcome": q("Success")]),
        ])
        try c.write("2023-06-08T07", records: [
            record(["id": q("d"), "outcome": q("Abandoned"), "actualCallbackTime": "20"]),
            record(["id": q("d"), "outcome": q("Success"), "actualCallbackTime": "30"]),
        ])
        let result = try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: tmp.path("out"))
        #expect(result.metrics.completeness.duplicatesDropped == 2)
        let all = try #require(try ParsedCSV(file: tmp.path("out/summary.csv")).row("call_target_id", "ALL"))
        #expect(all["attempts"] == "3")
        #expect(all["requests"] == "3")       // d, and each null-id record on its own
        #expect(all["success"] == "3")
        #expect(all["response_mean_s"] == "30")
        let appendix = try ParsedCSV(file: tmp.path("out/targets/\(TargetSlug.slug(forTargetId: "T1")).csv"))
        #expect(appendix.rows.count == 3)     // the appendix holds the counted records only
    }

    @Test func outcomesThatAreNullEmptyOrNotStringsAreUnknownAndOthersKept() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try c.write("2023-06-08T05", records: [
            record(["outcome": "null"]), record(["outcome": q("")]), record(["outcome": "42"]),
            record(["outcome": nil]), record(["outcome": q("Voicemail Left")]), record(["outcome": q("success")]),
        ])
        let result = try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: tmp.path("out"))
        let outcomes = try ParsedCSV(file: tmp.path("out/outcomes.csv"))
        let all = outcomes.records.filter { $0["call_target_id"] == "ALL" }.map { "\($0["outcome"]!)=\($0["attempts"]!)" }
        #expect(all == ["Unknown=4", "Voicemail Left=1", "success=1"])
        #expect(result.metrics.completeness.malformedFields == 1)
    }

    @Test func wrongTypesCountAsNullAndNonObjectsAreSkipped() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        let nested = "[1, {\"a\": [2, null]}]"
        try c.write("2023-06-08T05", """
        {"data": [1, "x", null, [], true,
          \(record(["actualCallbackTime": "\"10\"", "wasPunctual": "1", "punctuality": "true", "retryAttempt": "\"2\""])),
          \(record(["actualCallbackTime": "12.0", "wasPunctual": "true", "punctuality": "-1e1", "callTargetId": "5298"])),
          \(record(["actualCallbackTime": "1e2", "estimatePercentAccuracy": "0.5", "unknownField": nested]))
        ], "extra": {"ignored": true}}
        """)
        let result = try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: tmp.path("out"))
        #expect(result.metrics.completeness.skippedElements == 5)
        #expect(result.metrics.completeness.malformedFields == 5)  // 4 in the first record, callTargetId 5298 in the second
        let summary = try ParsedCSV(file: tmp.path("out/summary.csv"))
        let all = try #require(summary.row("call_target_id", "ALL"))
        #expect(all["attempts"] == "3")
        #expect(all["retries"] == "0")                 // "2" is a string: retryAttempt is null
        #expect(all["response_mean_s"] == "56")        // (12 + 100) / 2
        #expect(all["on_time_rate"] == "1")            // only the real boolean counts
        #expect(all["punctuality_mean_s"] == "-10")
        #expect(all["ecbt_accuracy_mean"] == "0.5")
        // A numeric callTargetId is the wrong type: that record is Unassigned.
        let unassigned = try #require(summary.row("call_target_id", ""))
        #expect(unassigned["call_target_name"] == "Unassigned")
        #expect(unassigned["attempts"] == "1")
    }

    @Test func emptyHoursAreReadAndUnusableHoursAreMissing() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        for h in 0..<24 { try c.write(String(format: "2023-06-08T%02d", h), "{\"data\": []}") }
        try c.write("2023-06-08T03", "{\"data\": null}")
        try c.write("2023-06-08T04", "[]")
        try c.write("2023-06-08T05", "{\"data\": [NaN]}")
        try c.write("2023-06-08T06", "\u{FEFF}{\"data\": []}")
        try c.write("2023-06-08T07", "{\"data\": [")
        try FileManager.default.removeItem(at: c.cache.fileURL(for: .parse("2023-06-08T08")))
        let result = try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: tmp.path("out"))
        let missing = result.metrics.completeness.missing.map(\.hour.description)
        #expect(missing == (3...8).map { "2023-06-08T0\($0):00Z" })
        #expect(result.metrics.completeness.hoursRead == 18)
        let summary = try ParsedCSV(file: tmp.path("out/summary.csv"))
        let all = try #require(summary.row("call_target_id", "ALL"))
        #expect(all["attempts"] == "0")
        #expect(all["success_rate"] == "")
        #expect(all["hours_missing"] == "6")
        #expect(all["missing_hours"]?.contains("2023-06-08T03:00Z") == true)
        let daily = try ParsedCSV(file: tmp.path("out/daily.csv"))
        #expect(daily.rows.count == 1)
        #expect(daily.row("call_target_id", "ALL")?["attempts"] == "0")
        let index = String(decoding: try Data(contentsOf: tmp.path("out/index.html")), as: UTF8.self)
        #expect(index.contains("6 of 24 hours are missing"))
        #expect(index.contains("2023-06-08T03:00Z"))
    }

    @Test func namesComeFromTheLatestNonEmptyNameAndRowsSortByCodePoint() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try c.write("2023-06-08T01", records: [
            record(["callTargetId": q("1"), "callTargetName": q("old name")]),
            record(["callTargetId": q("2"), "callTargetName": q("apple")]),
            record(["callTargetId": q("3"), "callTargetName": q("Zebra")]),
            record(["callTargetId": q("4"), "callTargetName": q("\u{e9}clair")]),
            record(["callTargetId": q("0"), "callTargetName": q("Zebra")]),
            record(["callTargetId": q("5"), "callTargetName": "null"]),
        ])
        try c.write("2023-06-08T02", records: [
            record(["callTargetId": q("1"), "callTargetName": q("Better name")]),
            record(["callTargetId": q("1"), "callTargetName": q("")]),
        ])
        try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: tmp.path("out"))
        let summary = try ParsedCSV(file: tmp.path("out/summary.csv"))
        let order = summary.records.map { "\($0["call_target_id"]!):\($0["call_target_name"]!)" }
        #expect(order == ["5:", "1:Better name", "0:Zebra", "3:Zebra", "2:apple", "4:\u{e9}clair", "ALL:All call targets"])
    }

    @Test func requestsAreCountedPerTargetAndOnceOverall() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try c.write("2023-06-08T01", records: [
            record(["id": q("p1"), "originalId": q("P"), "callTargetId": q("A"), "outcome": q("Unavailable")]),
            record(["id": q("p2"), "originalId": q("P"), "callTargetId": q("B"), "retryAttempt": "1", "outcome": q("Success")]),
            record(["id": q("q1"), "originalId": q(""), "callTargetId": q("A")]),
            record(["id": "null", "originalId": "null", "callTargetId": q("A")]),
        ])
        try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: tmp.path("out"))
        let summary = try ParsedCSV(file: tmp.path("out/summary.csv"))
        #expect(summary.row("call_target_id", "A")?["requests"] == "3")   // P, q1, and the one with neither
        #expect(summary.row("call_target_id", "A")?["success"] == "2")    // P's final in A is Unavailable
        #expect(summary.row("call_target_id", "B")?["requests"] == "1")
        #expect(summary.row("call_target_id", "ALL")?["requests"] == "3")
        #expect(summary.row("call_target_id", "ALL")?["success"] == "3")  // P overall ends on retry 1: Success
    }

    @Test func percentilesAreNearestRank() {
        var d = ValueDistribution()
        for v in 1...10 { d.add(Double(v)) }
        #expect(d.percentile(50) == 5)
        #expect(d.percentile(90) == 9)
        #expect(d.percentile(91) == 10)
        #expect(d.percentile(0) == 1)
        var many = ValueDistribution()
        for i in 0..<200_000 { many.add(1 + Double(i) * 0.001) }  // more distinct values than kept exactly
        let p90 = try! #require(many.percentile(90))
        let exact = 1 + Double(179_999) * 0.001
        #expect(abs(p90 - exact) / exact < 0.01)
        #expect(ValueDistribution().percentile(50) == nil)
        // Several at once, from one sort, are each the same as asked alone, exact or binned.
        let ps: [Double] = [50, 90, 99, 1, 0, 100, 91]
        #expect(d.percentiles(ps) == ps.map { d.percentile($0) })
        #expect(d.percentiles(ps) == [5, 9, 10, 1, 1, 10, 10])
        #expect(many.percentiles(ps) == ps.map { many.percentile($0) })
        #expect(ValueDistribution().percentiles(ps) == ps.map { _ in nil })
    }

    /// Whole, fractional, negative and far values: the percentiles and histograms are those of
    /// the plain sorted values, whether added one by one or merged in either order.
    @Test func percentilesAndHistogramsMixWholeAndOtherValues() {
        var rng = SystemRandomNumberGenerator()
        var values: [Double] = []
        for _ in 0..<5_000 {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: values.append(Double(Int.random(in: -300...3_000, using: &rng)))
            case 1: values.append(Double(Int.random(in: 0...20, using: &rng)) + 0.5)
            case 2: values.append(Double(Int.random(in: 7_000...90_000, using: &rng)))
            case 3: values.append(-0.0)
            default: values.append(Double(Int.random(in: -5_000 ... -2_049, using: &rng)))
            }
        }
        var one = ValueDistribution(), first = ValueDistribution(), second = ValueDistribution()
        for (i, v) in values.enumerated() {
            one.add(v)
            if i % 3 == 0 { first.add(v) } else { second.add(v) }
        }
        var merged = second
        merged.merge(first)
        var mergedOtherWay = first
        mergedOtherWay.merge(second)
        let sorted = values.sorted()
        let edges: [Double] = [-5_000, -100, 0, 1, 10, 100, 1_000, 10_000, 100_000]
        var bins = [Int](repeating: 0, count: edges.count - 1)
        for v in values {
            var i = 0
            while i < bins.count - 1 && v >= edges[i + 1] { i += 1 }
            bins[i] += 1
        }
        for d in [one, merged, mergedOtherWay] {
            #expect(d.count == values.count)
            for p in [0.0, 1, 25, 50, 90, 99, 100] {
                #expect(d.percentile(p) == sorted[max(1, Int((p / 100 * Double(values.count)).rounded(.up))) - 1], "p\(p)")
            }
            #expect(d.histogram(edges: edges) == bins)
        }
        // Past the exact limit of distinct values, values are bucketed.
        var wide = ValueDistribution()
        for v in 0..<(ValueDistribution.exactLimit - 100) { wide.add(Double(v) + 0.25) }
        for v in 0..<200 { wide.add(Double(v)) }
        let p100 = try! #require(wide.percentile(100))
        #expect(p100 != Double(ValueDistribution.exactLimit - 101) + 0.25)   // bucketed: a midpoint, not the value
        #expect(abs(p100 - (Double(ValueDistribution.exactLimit - 101) + 0.25)) / p100 < 0.005)
    }

    /// The exact counts behind percentiles agree with a `[Double: Int]` on whole, fractional and
    /// signed values: 0 and -0 are one value kept as first seen, and equality ignores order.
    @Test func exactCountsAgreeWithADictionary() {
        var rng = SystemRandomNumberGenerator()
        for n in [0, 1, 17, 5_000, 60_000] {
            var counts = ExactCounts(), reversed = ExactCounts()
            var dictionary: [Double: Int] = [:]
            var values: [Double] = []
            for _ in 0..<n {
                let v: Double
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: v = Double(Int.random(in: 0...4_000, using: &rng))
                case 1: v = Double(Int.random(in: -50...50, using: &rng)) * 0.25
                case 2: v = Bool.random(using: &rng) ? 0.0 : -0.0
                default: v = Double(Int.random(in: 1...1 << 40, using: &rng)) * 1e6
                }
                values.append(v)
                counts.add(v)
                dictionary[v, default: 0] += 1
            }
            for v in values.reversed() { reversed.add(v) }
            #expect(counts.count == dictionary.count)
            for (v, c) in dictionary { #expect(counts.count(of: v) == c) }
            var seen = 0
            counts.forEach { v, c in seen += c; #expect(dictionary[v] == c) }
            #expect(seen == n)
            #expect(counts.sortedByValue().map(\.value) == dictionary.keys.sorted())
            #expect(counts == reversed)
            // Merged in two parts, either way round: the same counts.
            var firstHalf = ExactCounts(), secondHalf = ExactCounts()
            for (i, v) in values.enumerated() { if i < n / 2 { firstHalf.add(v) } else { secondHalf.add(v) } }
            var merged = firstHalf
            merged.merge(secondHalf)
            var mergedOtherWay = secondHalf
            mergedOtherWay.merge(firstHalf)
            #expect(merged == counts && mergedOtherWay == counts)
            if let zero = values.first(where: { $0 == 0 }) {
                #expect(counts.sortedByValue().first { $0.value == 0 }?.value.sign == zero.sign)
            }
        }
        var a = ExactCounts(), b = ExactCounts()
        a.add(1, times: 2)
        b.add(1)
        #expect(a != b)
        b.add(1)
        #expect(a == b)
    }

    @Test func dailyRowsUseTheLocalDayOfEachHour() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        // New York is UTC-4 in June: 03:00 UTC on the 9th is still the 8th locally.
        try c.write("2023-06-09T03", records: [record(["outcome": q("Success"), "actualCallbackTime": "60"]),
                                             record(["outcome": q("Failure"), "retryAttempt": "1", "actualCallbackTime": "5"])])
        try c.write("2023-06-09T05", records: [record(["outcome": q("Success"), "actualCallbackTime": "30"])])
        try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-09", timeZone: "America/New_York", out: tmp.path("out"))
        let daily = try ParsedCSV(file: tmp.path("out/daily.csv"))
        let rows = daily.records.map { "\($0["local_date"]!) \($0["call_target_id"]!) \($0["attempts"]!) \($0["success_attempts"]!) \($0["response_mean_s"]!)" }
        #expect(rows == ["2023-06-08 T1 2 1 60", "2023-06-08 ALL 2 1 60", "2023-06-09 T1 1 1 30", "2023-06-09 ALL 1 1 30"])
        let hourly = try ParsedCSV(file: tmp.path("out/hourly.csv"))
        #expect(hourly.records.contains { $0["local_date"] == "2023-06-08" && $0["local_hour"] == "23" && $0["call_target_id"] == "ALL" && $0["attempts"] == "2" })
        #expect(hourly.records.contains { $0["local_date"] == "2023-06-09" && $0["local_hour"] == "1" && $0["attempts"] == "1" })
    }
}
