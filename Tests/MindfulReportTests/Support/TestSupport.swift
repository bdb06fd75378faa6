import Foundation
import Testing
@testable import MindfulJSON
@testable import MindfulReport

/// A real folder under the system's temporary directory, removed when the value goes away.
final class TemporaryFolder: @unchecked Sendable {
    let url: URL

    init(_ label: String = "mindful") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ relative: String) -> URL { url.appendingPathComponent(relative) }
}

/// Makes hour files in a cache folder from JSON text or record dictionaries.
struct CacheBuilder {
    let root: URL
    var labels: HourLabels = .end

    var cache: HourCache { HourCache(root: root, labels: labels) }

    /// Writes raw bytes as the body of the hour starting at `utc` ("2023-06-08T03").
    func write(_ utc: String, _ body: String) throws {
        let hour = UTCHour.parse(utc)
        let url = cache.fileURL(for: hour)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(body.utf8).write(to: url)
    }

    /// Writes records (JSON objects as text) as an hour's `{"data": [...]}`.
    func write(_ utc: String, records: [String]) throws {
        try write(utc, "{\"data\": [\n" + records.joined(separator: ",\n") + "\n]}")
    }
}

extension UTCHour {
    /// "2023-06-08T03" → the hour starting then (UTC).
    static func parse(_ text: String) -> UTCHour {
        let date = LocalDate(String(text.prefix(10)))!
        let hour = Int(text.dropFirst(11).prefix(2))!
        return UTCHour(index: date.day * 24 + hour)
    }
}

/// A record as JSON text, from a base record with some fields replaced; a value of `nil` in
/// `fields` removes the key, and values are JSON text (`"\"x\""`, `"null"`, `"12"`).
func record(_ fields: [String: String?]) -> String {
    var base: [String: String] = [
        "id": "\"r-\(UUID().uuidString.prefix(8))\"", "originalId": "null", "callTargetId": "\"T1\"",
        "callTargetName": "\"Billing\"", "outcome": "\"Success\"", "retryAttempt": "0", "type": "\"asap\"",
        "actualCallbackTime": "null", "punctuality": "null", "wasPunctual": "null", "agentDelay": "null",
        "talkDuration": "null", "estimatePercentAccuracy": "null", "metadata": "{}",
    ]
    for (key, value) in fields { base[key] = value }
    let pairs = base.keys.sorted().compactMap { key -> String? in
        guard let value = base[key] else { return nil }
        return "\"\(key)\": \(value)"
    }
    return "{" + pairs.joined(separator: ", ") + "}"
}

func q(_ s: String) -> String {
    var out = ""
    JSONValue.appendQuoted(s, to: &out)
    return out
}

/// A parsed CSV file: header and rows of cells (RFC 4180, BOM and CRLF checked).
struct ParsedCSV {
    let header: [String]
    let rows: [[String]]

    init(_ bytes: [UInt8]) throws {
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "CSV must start with a BOM")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        var rows: [[String]] = []
        var row: [String] = [], cell = "", quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { cell.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false }
                } else { cell.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(cell); cell = "" }
            else if c == "\r" {
                #expect(chars.first == "\n", "rows must end in CRLF")
                chars.removeFirst()
                row.append(cell); rows.append(row); row = []; cell = ""
            } else { cell.unicodeScalars.append(c) }
        }
        #expect(row.isEmpty && cell.isEmpty, "last row must end in CRLF")
        header = rows.first ?? []
        self.rows = Array(rows.dropFirst())
    }

    init(file: URL) throws { try self.init(Array(try Data(contentsOf: file))) }

    /// The rows as dictionaries by column name.
    var records: [[String: String]] {
        rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0).map { ($0, $1) }) }
    }

    /// The row whose `column` equals `value`.
    func row(_ column: String, _ value: String) -> [String: String]? {
        records.first { $0[column] == value }
    }
}

/// Runs the offline report on a cache (with the options `configure` sets) into `out`.
@discardableResult
func runReport(cache: URL, from: String, to: String, timeZone: String = "UTC", out: URL, labels: HourLabels = .end,
               templates: URL? = nil, pii: PIIMode = .masked, configure: (inout ReportOptions) -> Void = { _ in }) async throws -> ReportResult {
    let range = try ReportRange(from: LocalDate(from)!, to: LocalDate(to)!, timeZone: TimeZone.named(timeZone))
    var options = ReportOptions(range: range, output: out, piiMode: pii, templatesDirectory: templates)
    configure(&options)
    return try await ReportPipeline(options: options, source: CacheRecordSource(cache: HourCache(root: cache, labels: labels))).run()
}

/// Makes `folder` holding one file of the user's (which no run may replace or remove).
func makeFolder(_ folder: URL, holding name: String, _ text: String) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: folder.appendingPathComponent(name))
}
