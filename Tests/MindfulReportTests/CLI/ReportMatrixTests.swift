import Foundation
import Testing
@testable import MindfulReport

/// Every way of naming a range, reading or fetching, with and without `--targets`, to each
/// destination: each run reads the hours of its range and reports the figures of the cache
/// (the filtered figures being the unfiltered report's rows of those targets). A filter that
/// silently read nothing once hid here; this matrix keeps it from coming back.
///
/// The cases run in parallel on one sample cache and one server, made once: each fetching case
/// has its own token, by which the server counts its requests.
@Suite(.tags(.network, .cli)) struct ReportMatrixTests {
    enum Source: String, CaseIterable, Sendable { case offline, fetching }
    enum RangeForm: String, CaseIterable, Sendable { case fromTo, date, last, month }
    enum Destination: String, CaseIterable, Sendable { case out, site, email }

    struct Case: Sendable, CustomTestStringConvertible {
        let source: Source
        let range: RangeForm
        let filtered: Bool
        let destination: Destination
        /// The case's token (for the fetching ones).
        var token: String { "matrix-\(source)-\(range)-\(filtered)-\(destination)" }
        var testDescription: String { "\(source) \(range) \(filtered ? "--targets" : "all") → \(destination)" }
    }

    static let cases: [Case] = Source.allCases.flatMap { s in
        RangeForm.allCases.flatMap { r in
            [false, true].flatMap { f in Destination.allCases.map { Case(source: s, range: r, filtered: f, destination: $0) } }
        }
    }

    /// The sample data: February 2023, 2023-06-01 to 06-10, and the last 10 days up to today
    /// (for `--last`), 48 records a day over 4 call targets.
    static var data: URL { get async throws { try await SharedFixtures.sampleCache.value } }

    /// The server of the fetching cases, accepting every case's token.
    static let server = Once {
        try await FakeMindfulServer(root: try await SharedFixtures.sampleCache.value, work: SharedFixtures.root,
                                    tokens: ReportMatrixTests.cases.map(\.token))
    }

    /// A request rate the fetching cases never reach: at the default 50 a second, the month's 672
    /// hours alone would take 13 s of waiting each. The limit itself is FetchTests' subject.
    static let unthrottled = ["--rate", "10000"]

    static func rangeArguments(_ form: RangeForm) -> (arguments: [String], hours: Int) {
        switch form {
        case .fromTo: return (["--from", "2023-06-05", "--to", "2023-06-06"], 48)
        case .date: return (["--date", "2023-06-08"], 24)
        case .last: return (["--last", "7d"], 168)
        case .month: return (["--month", "2023-02"], 672)
        }
    }

    /// The ALL row and the rows by target of the unfiltered offline report of a range, made once
    /// per range form.
    static let references: [RangeForm: Once<[String: [String: String]]>] = Dictionary(uniqueKeysWithValues: RangeForm.allCases.map { form in
        (form, Once {
            let work = SharedFixtures.root.appendingPathComponent("matrix-reference-\(form)")
            let out = work.appendingPathComponent("report")
            let run = try await runCLI(["report", "--offline", "--cache", try await ReportMatrixTests.data.path, "--timezone", "UTC", "--out", out.path]
                                       + ReportMatrixTests.rangeArguments(form).arguments, work: work)
            try #require(run.status == 0, "reference: \(run.summary)")
            let csv = try ParsedCSV(file: out.appendingPathComponent("summary.csv"))
            return Dictionary(uniqueKeysWithValues: csv.records.map { ($0["call_target_id"]!, $0) })
        })
    })

    @Test(arguments: cases)
    func everyRangeSourceFilterAndDestinationReadsItsHours(_ c: Case) async throws {
        let box = try EndToEndSandbox()
        let (rangeArguments, hours) = Self.rangeArguments(c.range)
        let reference = try await Self.references[c.range]!.value
        let targetIds = reference.keys.filter { $0 != "ALL" }.sorted()
        try #require(targetIds.count == 4)
        let chosen = Array(targetIds.prefix(2))

        var arguments = ["report", "--timezone", "UTC"] + rangeArguments
        var environment: [String: String] = [:]
        var server: FakeMindfulServer?
        switch c.source {
        case .offline:
            arguments += ["--offline", "--cache", try await Self.data.path]
        case .fetching:
            let s = try await Self.server.value
            server = s
            arguments += box.fetchArguments(s) + Self.unthrottled
            environment = EndToEndSandbox.token(c.token)
        }
        if c.filtered { arguments += ["--targets", chosen.joined(separator: ",")] }
        let eml = box.out("report.eml")
        switch c.destination {
        case .out: arguments += ["--out", box.out("report").path]
        case .site: arguments += ["--site", box.out("site").path]
        case .email: arguments += ["--email", eml.path, "--mail-from", "reports@example.com", "--mail-to", "ops@example.com"]
        }
        let run = try await runCLI(arguments, environment: environment, work: box.work)
        #expect(run.status == 0, "\(run.summary)")
        if let server { #expect(await server.answered(authorization: "Bearer \(c.token)") == hours, "every hour fetched once") }

        let expectedAttempts = c.filtered ? chosen.map { Int(reference[$0]!["attempts"]!)! }.reduce(0, +) : Int(reference["ALL"]!["attempts"]!)!
        let summary: ParsedCSV
        switch c.destination {
        case .out: summary = try ParsedCSV(file: box.out("report").appendingPathComponent("summary.csv"))
        case .site:
            let site = box.out("site")
            let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: site.path).first { !$0.hasPrefix(".") && $0 != "latest" && $0 != "index.html" && $0 != "archive.css" && !$0.hasSuffix(".css") })
            summary = try ParsedCSV(file: site.appendingPathComponent(folder).appendingPathComponent("summary.csv"))
        case .email:
            summary = try ParsedCSV(try Self.attachment("summary.csv", in: eml))
        }
        let all = try #require(summary.records.last)
        #expect(all["call_target_id"] == "ALL")
        #expect(all["hours_read"] == "\(hours)", "\(c)")
        #expect(all["attempts"] == "\(expectedAttempts)", "\(c)")
        let ids = Set(summary.records.map { $0["call_target_id"]! }).subtracting(["ALL"])
        #expect(ids == Set(c.filtered ? chosen : targetIds))
        for id in ids { #expect(summary.records.first { $0["call_target_id"] == id }?["requests"] == reference[id]?["requests"], "\(id)") }
    }

    /// A base64 attachment of an `.eml` file, decoded.
    static func attachment(_ name: String, in eml: URL) throws -> [UInt8] {
        let text = try String(contentsOf: eml, encoding: .utf8)
        guard let start = text.range(of: "filename=\"\(name)\"") else { throw CocoaError(.fileReadCorruptFile) }
        let rest = text[start.upperBound...]
        guard let blank = rest.range(of: "\r\n\r\n") ?? rest.range(of: "\n\n") else { throw CocoaError(.fileReadCorruptFile) }
        let body = rest[blank.upperBound...].prefix { $0 != "-" }
        let base64 = body.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: String(base64)) else { throw CocoaError(.fileReadCorruptFile) }
        return Array(data)
    }
}
