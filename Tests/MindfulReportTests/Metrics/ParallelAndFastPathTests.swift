import Foundation
import Testing
@testable import MindfulReport

@Suite struct ParallelAndFastPathTests {
    /// Every output file of a report, by relative path.
    func files(in folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
        for case let url as URL in enumerator where !url.hasDirectoryPath {
            let relative = String(url.path.dropFirst(folder.path.count + 1))
            result[relative] = try Data(contentsOf: url)
        }
        return result
    }

    @Test func parallelReadingGivesExactlyTheSequentialReport() async throws {
        let tmp = try TemporaryFolder()
        let cache = tmp.path("cache")
        let range = try ReportRange(from: LocalDate("2023-06-05")!, to: LocalDate("2023-06-07")!, timeZone: .named("America/New_York"))
        _ = try SampleGenerator(range: range, perDay: 1500, targets: 5, seed: 9).write(to: HourCache(root: cache))
        // Cross-hour duplicates and retry ties, so order matters: copy some hours' records into later hours.
        let c = CacheBuilder(root: cache)
        let early = try FastHourDecoder().decode(try c.cache.read(.parse("2023-06-05T14"))!).records.prefix(40)
        var later = String(decoding: try c.cache.read(.parse("2023-06-06T02"))!, as: UTF8.self)
        let extra = early.map { r in record(["id": q(r.id!), "originalId": q(r.originalId ?? ""), "callTargetId": q(r.callTargetId!),
                                             "outcome": q("Abandoned"), "retryAttempt": "\(Int(r.retryAttempt ?? 0))"]) }
        later = later.replacingOccurrences(of: "{\"data\":[", with: "{\"data\":[" + extra.joined(separator: ",") + ",")
        try c.write("2023-06-06T02", later)
        var outputs: [[String: Data]] = []
        let scratch = tmp.path("scratch")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        // 1, 2 and 8 hours at a time; the last with scratch buffers of 16 entries, so ids and
        // request attempts go through scratch files.
        for (parallelism, tinyBuffers) in [(1, false), (2, false), (8, false), (2, true)] {
            let out = tmp.path("out-\(parallelism)-\(tinyBuffers)")
            var options = ReportOptions(range: range, output: out, parallelism: parallelism)
            options.comparePrevious = false
            options.scratch = scratch
            if tinyBuffers { options.scratchBufferBytes = 16 * 48 }
            let result = try await ReportPipeline(options: options, source: CacheRecordSource(cache: c.cache)).run(now: Date(timeIntervalSince1970: 1_700_000_000))
            #expect(result.metrics.completeness.duplicatesDropped == 40)
            outputs.append(try files(in: out))
        }
        // Scratch folders are gone after the run.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
        #expect(outputs[0].count > 20)
        for other in outputs.dropFirst() {
            #expect(other.keys.sorted() == outputs[0].keys.sorted())
            for (path, data) in outputs[0] { #expect(other[path] == data, "\(path) differs") }
        }
    }

    @Test(arguments: [
        "{}", "{\"a\":1,\"b\":\"x\"}", "{ \"b\" : 1 , \"a\" : 2 }", "{\"a\":1,\"a\":2}", "{\"a\":-0}", "{\"a\":1.0}",
        "{\"a\":10,\"b\":-5,\"c\":true,\"d\":false,\"e\":null}", "{\"a\":\"caf\\u00e9\"}", "{\"a\":{\"z\":1,\"y\":[2,3]}}",
        "{\"é\":1,\"z\":2}", "{\"z\":1,\"é\":2}", "{\"a\":1e2}", "{\"a\":1234567890123456}", "{\"a\":\"\",\"b\":\"\"}",
    ])
    func metadataIsTheSameCompactTextByEitherReader(metadata: String) throws {
        let body = "{\"data\": [{\"id\": \"x\", \"metadata\": \(metadata)}]}"
        let fast = try FastHourDecoder().decode(Array(body.utf8))
        let reference = try FoundationHourDecoder().decode(Array(body.utf8))
        if metadata.contains("\"a\":1,\"a\":2") {
            // Foundation keeps the first of a repeated key; the contract (and the fast reader) the last.
            #expect(fast.records.first?.metadata == "{\"a\":2}")
        } else {
            #expect(fast == reference)
        }
    }

    /// An hour with more distinct segments and parties than 16 bits number is counted, with the
    /// values past the limit as "(other values)" (the report keeps 2,000 of them anyway).
    @Test func anHourWithSeventyThousandSegmentsIsCounted() {
        var records: [CallRecord] = []
        for i in 0..<70_000 {
            var r = CallRecord()
            r.segmentName = "segment \(i)"
            r.firstPartyCalled = "party \(i)"
            r.callTargetId = "1"
            records.append(r)
        }
        let hour = HourAggregate(hour: UTCHour(index: 467_000), ordinal: 0, local: (LocalDate(day: 19_000), 0),
                                 records: HourRecords(records: records), dropped: [], rows: nil)
        #expect(hour.segments.values.count == LocalCodes.dimensionLimit + 1)
        #expect(hour.segments.values.last == DimensionTables.overflow && hour.parties.values.last == DimensionTables.overflow)
        #expect(hour.requests.count == 70_000)
        #expect(hour.targets[0].breakdowns[Dimension.segment.rawValue].map(\.attempts).last == 70_000 - LocalCodes.dimensionLimit)
    }
}
