import Foundation
import Testing
@testable import MindfulReport

/// Whatever the records hold, the pages stay valid XHTML and the CSVs stay safe.
@Suite struct HostileContentTests {
    let t1 = TargetSlug.slug(forTargetId: "T1")

    static let hostileNames: [String] = [
        "<script>alert('x')</script> & \"quotes\"",
        "Control \u{01}\u{08}\u{0B}\u{0C}\u{1F}\u{7F} chars and \u{FFFE}\u{FFFF}",
        "מוקד שירות لقسم الفواتير", "Emoji 📞✅👩🏽‍💻", "<\u{338} combining after a less-than",
        String(repeating: "Very long name ", count: 700),  // about 10 KB
        "=HYPERLINK(\"http://evil\")", "+1 555", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn",
        "]]> and --> and <!-- ", "Tab\tNew\nLine",
    ]

    @Test func hostileTextGivesValidPagesAndGuardedCSVs() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        var records: [String] = []
        for (i, name) in Self.hostileNames.enumerated() {
            records.append(record(["callTargetId": q("t\(i)"), "callTargetName": q(name), "outcome": q(name),
                                   "segmentName": q(name), "ani": q("+13125551212"), "metadata": "{\"note\": \(q(name))}"]))
        }
        records.append(record(["callTargetId": q("../../etc/passwd"), "callTargetName": q("../../etc/passwd")]))
        records.append(record(["callTargetId": q("<&>\"'"), "callTargetName": q("x")]))
        try c.write("2023-06-08T05", records: records)
        let out = tmp.path("out")
        let result = try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: out)
        #expect(result.metrics.targets.count == Self.hostileNames.count + 2)

        // Every page validates again from disk, through libxml2 and the real DTD.
        let pages = result.files.filter { $0.hasSuffix(".html") }
        #expect(pages.count == Self.hostileNames.count + 3)
        for page in pages { try DocumentValidator().validateFile(at: out.appendingPathComponent(page).path) }

        // Every file stays inside the output folder.
        for file in result.files {
            let resolved = out.appendingPathComponent(file).standardized.path
            #expect(resolved.hasPrefix(out.standardized.path + "/"), "\(file) escapes the report")
        }
        #expect(!FileManager.default.fileExists(atPath: tmp.path("etc").path))

        let summary = try ParsedCSV(file: out.appendingPathComponent("summary.csv"))
        let names = summary.records.map { $0["call_target_name"]! }
        #expect(names.contains("'=HYPERLINK(\"http://evil\")"))
        #expect(names.contains("'+1 555"))
        #expect(names.contains("'-2+3"))
        #expect(names.contains("'@SUM(A1)"))
        #expect(names.contains("'\tTabbed"))
        #expect(names.contains("'\rReturn"))
        #expect(names.contains("Tab\tNew\nLine"))
        #expect(names.contains(String(repeating: "Very long name ", count: 700)))
        let index = String(decoding: try Data(contentsOf: out.appendingPathComponent("index.html")), as: UTF8.self)
        #expect(index.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(!index.contains("<script"))
        #expect(index.contains("Emoji 📞✅👩🏽‍💻"))
    }

    /// Numbers past what an Int holds (a retry count of 1e19, durations of 1e19 s) are counted
    /// and shown, never a crash.
    @Test func hugeNumbersAreReportedNotTrapped() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try c.write("2023-06-08T10", records: [
            record(["retryAttempt": "1e19", "talkDuration": "1e19", "actualCallbackTime": "-1e19", "punctuality": "9.3e18", "agentDelay": "1e300"]),
            record(["retryAttempt": "0", "actualCallbackTime": "1e19"]),
        ])
        let result = try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: tmp.path("out"))
        #expect(result.metrics.all.stats.attempts == 2)
        #expect(result.metrics.all.stats.retries == 1)
        let summary = try ParsedCSV(file: tmp.path("out/summary.csv"))
        #expect(summary.row("call_target_id", "ALL")?["talk_total_s"] == "10000000000000000000")
    }

    @Test func slugsAreSafeUniqueAndStable() {
        let passwd = TargetSlug.slug(forTargetId: "../../etc/passwd")
        #expect(!passwd.contains("/") && !passwd.contains(".."))
        #expect(passwd.hasPrefix("_etc-passwd-"))
        #expect(TargetSlug.slug(forTargetId: "5298") == "5298")
        #expect(TargetSlug.slug(forTargetId: "") == "_unassigned")
        #expect(TargetSlug.slug(forTargetId: "A") != TargetSlug.slug(forTargetId: "a"))
        #expect(TargetSlug.slug(forTargetId: "caf\u{e9}") != TargetSlug.slug(forTargetId: "cafe\u{301}"))
        #expect(TargetSlug.slug(forTargetId: "Sales Team") == TargetSlug.slug(forTargetId: "Sales Team"))
        #expect(TargetSlug.slug(forTargetId: String(repeating: "x", count: 5000)).count < 80)
        for id in ["CON", "nul", ".", "..", " ", "\u{0}", "a:b", "-rf"] {
            let slug = TargetSlug.slug(forTargetId: id)
            #expect(slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }, "\(slug)")
            #expect(slug != "." && slug != ".." && !slug.hasPrefix("-"))
        }
    }

    @Test func csvCellsAreQuotedAndGuarded() {
        var out: [UInt8] = []
        CSVTable.append([.text("plain"), .text("a,b"), .text("say \"hi\""), .text("=1+1"), .number("-3.5"), .empty, .text("-x")], to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "plain,\"a,b\",\"say \"\"hi\"\"\",'=1+1,-3.5,,'-x\r\n")
        #expect(CSVTable(header: ["a"]).bytes == [0xEF, 0xBB, 0xBF, 0x61, 0x0D, 0x0A])
    }

    @Test func figuresAreWrittenPlainly() {
        #expect(FigureFormat.seconds(83.254) == "83.25")
        #expect(FigureFormat.seconds(12.5) == "12.5")
        #expect(FigureFormat.seconds(40) == "40")
        #expect(FigureFormat.seconds(-0.001) == "0")
        #expect(FigureFormat.seconds(1_234_567.891) == "1234567.89")
        #expect(FigureFormat.rate(0.812345) == "0.8123")
        #expect(FigureFormat.rate(2.0 / 3.0) == "0.6667")
        #expect(FigureFormat.rate(nil) == "")
        #expect(FigureFormat.decimal(0.125, places: 2) == "0.12")  // exactly half: to even, as %.2f
        #expect(FigureFormat.decimal(0.375, places: 2) == "0.38")
        #expect(FigureFormat.decimal(-0.004, places: 2) == "0")
    }

    @Test func phoneNumbersAreMaskedInAppendicesUnlessFull() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try c.write("2023-06-08T05", records: [record(["ani": q("13125551212"), "phoneNumber": q("+1 (330) 752-6714")])])
        try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: tmp.path("masked"))
        let masked = try #require(try ParsedCSV(file: tmp.path("masked/targets/\(t1).csv")).records.first)
        #expect(masked["ani"] == "*******1212")
        #expect(masked["phoneNumber"] == "*******6714")
        let raw = try String(decoding: Data(contentsOf: tmp.path("masked/targets/\(t1).csv")), as: UTF8.self)
        #expect(!raw.contains("5551212") && !raw.contains("752-6714"))
        try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: tmp.path("full"), pii: .full)
        let full = try #require(try ParsedCSV(file: tmp.path("full/targets/\(t1).csv")).records.first)
        #expect(full["ani"] == "13125551212")
        #expect(full["phoneNumber"] == "'+1 (330) 752-6714")
    }

    @Test func appendixHasEveryFieldAndCompactMetadata() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try c.write("2023-06-08T05", records: [record(["metadata": "{ \"b\" : [1, 2.50, true] , \"a\": {\"x\": null} }", "agentBusy": "false", "activeDuration": "12.0"])])
        try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: tmp.path("out"))
        let appendix = try ParsedCSV(file: tmp.path("out/targets/\(t1).csv"))
        #expect(appendix.header.count == 57)
        #expect(Array(appendix.header.prefix(56)) == CallRecordField.all.map(\.name))
        let row = try #require(appendix.records.first)
        #expect(row["metadata"] == "{\"a\":{\"x\":null},\"b\":[1,2.5,true]}")
        #expect(row["agentBusy"] == "false")
        #expect(row["activeDuration"] == "12")
        #expect(row["source_hour"] == "2023-06-08T05:00Z")
        #expect(row["createdAt"] == "")
    }
}

@Suite struct AppendixFastPathTests {
    /// The rows the fast reader writes while it decodes equal the rows of the decoded records.
    @Test(arguments: [PIIMode.masked, .full])
    func theFusedRowEqualsTheRowOfTheDecodedRecord(pii: PIIMode) throws {
        let first = record(["ani": q("+13125551212"), "phoneNumber": q("=1"), "metadata": #"{"b": [1, 2.5]}"#, "activeDuration": "12.0",
                            "punctuality": "-3.25", "agentBusy": "true", "wasPunctual": "false", "callTargetName": q(#"a,b "c""#),
                            "talkDuration": "1e20", "retryAttempt": "-0"])
        let second = record(["id": "null", "outcome": "null", "estimatePercentAccuracy": "0.1"])
        let body = Array("{\"data\": [\(first), \(second)]}".utf8)
        let hour = Array("2023-06-08T05:00Z".utf8)
        let rows = AppendixRows(piiMode: pii)
        let fused = try FastHourDecoder().decodeWithRows(body, appendix: rows, hourLabel: hour)
        #expect(fused.records.records.count == 2)
        var separate: [UInt8] = []
        for r in try FastHourDecoder().decode(body).records { rows.append(r, hour: hour, to: &separate) }
        #expect(String(decoding: fused.rows.bytes, as: UTF8.self) == String(decoding: separate, as: UTF8.self))
    }
}
