import Foundation
import Testing
@testable import MindfulJSON
@testable import MindfulReport

/// ``FastHourDecoder/decodeWithRows(_:appendix:hourLabel:)`` against the two-step path it
/// replaces: ``FastHourDecoder/decode(_:)`` then ``AppendixRows/append(_:hour:to:)`` per record.
@Suite struct FusedRowsTests {
    typealias Outcome = Result<(records: HourRecords, rows: HourRows), HourDecodingError>

    static let label = Array("2023-06-08T03".utf8)

    /// The records as `decodeWithRows` returns them: without any string field or metadata, and
    /// with the ``RecordKeys`` of the whole records instead.
    static func stripped(_ hour: HourRecords) -> HourRecords {
        var hour = hour
        hour.keys = HourKeys(hour.records)
        for i in hour.records.indices {
            for (f, field) in CallRecordField.all.enumerated() where field.kind == .string || field.kind == .object {
                FastRecordSetters.clear(f, in: &hour.records[i])
            }
        }
        return hour
    }

    /// The two-step path.
    static func separate(_ bytes: [UInt8], _ pii: PIIMode, label: [UInt8] = label) -> Outcome {
        do throws(HourDecodingError) {
            let hour = try FastHourDecoder().decode(bytes)
            return .success((stripped(hour), AppendixRows(piiMode: pii).rows(of: hour, hourLabel: label)))
        } catch {
            return .failure(error)
        }
    }

    static func fused(_ bytes: [UInt8], _ pii: PIIMode, label: [UInt8] = label) -> Outcome {
        do throws(HourDecodingError) {
            return .success(try FastHourDecoder().decodeWithRows(bytes, appendix: AppendixRows(piiMode: pii), hourLabel: label))
        } catch {
            return .failure(error)
        }
    }

    /// Checks that both paths give the same records, rows and counts, or the same error, in
    /// both PII modes. Returns the fused outcome in `.masked` mode.
    @discardableResult
    static func expectSame(_ bytes: [UInt8], label: [UInt8] = label, sourceLocation: SourceLocation = #_sourceLocation) -> Outcome {
        var first: Outcome?
        for pii in PIIMode.allCases {
            let a = separate(bytes, pii, label: label), b = fused(bytes, pii, label: label)
            if first == nil { first = b }
            let body = String(decoding: bytes.prefix(2000), as: UTF8.self)
            switch (a, b) {
            case (.failure(let x), .failure(let y)):
                #expect(x == y, "errors differ (\(pii)): \(x) vs \(y)\nbody: \(body)", sourceLocation: sourceLocation)
            case (.success(let x), .success(let y)):
                #expect(x.records == y.records, "records differ (\(pii))\nbody: \(body)", sourceLocation: sourceLocation)
                #expect(x.rows.ends == y.rows.ends, "row ends differ (\(pii))\nbody: \(body)", sourceLocation: sourceLocation)
                if x.rows.bytes != y.rows.bytes {
                    let i = (0..<min(x.rows.count, y.rows.count)).first { x.rows.row($0) != y.rows.row($0) } ?? 0
                    let show = { (r: HourRows) in r.count > i ? String(decoding: r.row(i), as: UTF8.self).debugDescription : "<none>" }
                    Issue.record("row \(i) differs (\(pii)):\n  separate \(show(x.rows))\n  fused    \(show(y.rows))\nbody: \(body)",
                                 sourceLocation: sourceLocation)
                }
            default:
                Issue.record("outcomes differ (\(pii)): separate \(a), fused \(b)\nbody: \(body)", sourceLocation: sourceLocation)
            }
        }
        return first!
    }

    /// The cells of the fused rows of `body`, by column name.
    static func cells(_ body: String, _ pii: PIIMode = .masked) throws -> [[String: String]] {
        let rows = try fused(Array(body.utf8), pii).get().rows
        return try ParsedCSV(AppendixRows(piiMode: pii).headerBytes + rows.bytes).records
    }

    // MARK: - Existing corpora

    @Test func hostileBodiesAgree() {
        for body in FastHourDecoderTests.hostileBodies { Self.expectSame(Array(body.utf8)) }
    }

    @Test func invalidBodiesThrowTheSameError() {
        for body in FastHourDecoderTests.invalidBodies {
            if case .success = Self.expectSame(Array(body.utf8)) { Issue.record("accepted \(body.debugDescription)") }
        }
        // Every proper prefix of the hand-written bodies: errors at every point of a record.
        for body in Self.handWritten {
            let bytes = Array(body.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
            for n in 0..<bytes.count {
                if case .success = Self.expectSame(Array(bytes[..<n])) { Issue.record("accepted a prefix of \(body)") }
            }
        }
    }

    @Test func invalidUTF8ThrowsTheSameError() {
        let bad: [[UInt8]] = [[0xFF], [0x80], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3], [0xC3, 0x41]]
        for b in bad {
            for field in ["ani", "createdAt", "id", "x", "metadata\": {\"k"] {
                Self.expectSame(Array("{\"data\": [{\"\(field)\": \"ab".utf8) + b + Array("\"}]}".utf8))
            }
        }
    }

    @Test func generatedRecordsAgree() {
        var rng = SplitMix64(state: 0xF05E_D0_0F)
        var records = 0
        for _ in 0..<40 {
            let (body, count) = FastHourDecoderTests.randomBody(&rng, maxCount: 150, valueOdds: 40) { record, rng in
                // Repeat some keys with values of any type (the fast reader keeps the last).
                guard rng.oneIn(3) else { return }
                record.removeLast()
                for _ in 0..<(1 + rng.next() % 4) {
                    let field = CallRecordField.all[Int(rng.next() % UInt64(CallRecordField.all.count))]
                    let value: String
                    switch rng.oneIn(3) ? FieldKind.object : field.kind {
                    case _ where rng.oneIn(5): value = FastHourDecoderTests.randomValue(&rng, depth: 1)
                    case .string: value = FastHourDecoderTests.randomString(&rng)
                    case .number: value = FastHourDecoderTests.randomNumber(&rng)
                    case .boolean: value = rng.oneIn(2) ? "true" : "false"
                    case .object: value = FastHourDecoderTests.randomObject(&rng, depth: 1)
                    }
                    record += (record.count > 1 ? "," : "") + "\"\(field.name)\":" + value
                }
                record += "}"
            }
            records += count
            if case .failure(let error) = Self.expectSame(Array(body.utf8)) { Issue.record("rejected: \(error)") }
        }
        #expect(records > 2000)
    }

    // MARK: - Hostile caches and generated samples

    @Test(arguments: [7, 11, 23])
    func hostileCacheFilesAgree(seed: Int) async throws {
        let files = try await SharedFixtures.hostileFiles(seed: seed)
        #expect(files.count > 60)
        var records = 0
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            if case .success(let out) = Self.expectSame(bytes, label: Array(file.lastPathComponent.utf8)) {
                records += out.records.records.count
            }
        }
        #expect(records > 200)
    }

    @Test func sampleHoursAgree() throws {
        let g = try SampleGeneratorTests.generator(days: 2, perDay: 3000)
        var records = 0
        for (n, hour) in g.range.hours.enumerated() where n % 5 == 0 {
            let out = Self.expectSame(g.body(for: hour), label: Array(hour.description.utf8))
            records += (try? out.get().records.records.count) ?? 0
        }
        #expect(records > 1000)
    }

    // MARK: - Hand-written cases

    static let handWritten: [String] = [
        // Repeated keys with different types: the last value wins, a wrong-typed one makes it null.
        #"{"data": [{"ani": "+1 330 752 6714", "ani": 5}, {"ani": 5, "ani": "+13307526714"}, {"createdAt": "a", "createdAt": null}]}"#,
        #"{"data": [{"activeDuration": 1, "activeDuration": "x"}, {"activeDuration": "x", "activeDuration": 2.5}, {"agentBusy": true, "agentBusy": false}, {"agentBusy": true, "agentBusy": 1}]}"#,
        #"{"data": [{"metadata": {"a": 1}, "metadata": []}, {"metadata": [], "metadata": {"b": 2}}, {"metadata": {"b": 2}, "metadata": null}]}"#,
        #"{"data": [{"id": "a\"b", "id": "plain"}, {"id": "plain", "id": "a\nb"}, {"endedAt": "x,y", "endedAt": "=1"}, {"phoneNumber": "\u0031234567", "phoneNumber": "99"}]}"#,
        // Escapes, with surrogate pairs, in ani and createdAt.
        #"{"data": [{"ani": "+1\u0033\ud83d\ude00 330-752-6714", "createdAt": "2023\u002d06-08T12:12:53.000Z\uD83D\uDE00", "phoneNumber": "\u002b\u0031\u0033\u0033\u0030"}]}"#,
        #"{"data": [{"createdAt": "\u003d1+2", "endedAt": "\"quoted\"", "estimatedFor": "tab\there", "processedAt": "\r\nleading CR", "source": "\u0000\u001f"}]}"#,
        // Formula guards.
        #"{"data": [{"callTargetName": "=HYPERLINK(\"http://x\",\"y\")", "createdAt": "=1+2", "endedAt": "-1", "estimatedFor": "@x", "processedAt": "+1", "outcome": "\tx", "type": "-"}]}"#,
        // Quotes, commas, CR and LF inside strings.
        #"{"data": [{"source": "a,b", "segmentName": "say \"hi\"", "outcome": "line\r\nbreak", "createdAt": "x,y", "firstPartyCalled": "cr\rinside", "id": "lf\n", "callTargetId": "\"", "originalId": ","}]}"#,
        // Metadata: nested objects, repeated keys, escapes, odd numbers, unsorted keys.
        #"{"data": [{"metadata": {"b": {"y": 1, "x": [1, {"k": "v"}]}, "a": 1, "b": 2}}, {"metadata": {"a": 1, "a": "two"}}, {"metadata": {"z": "\"q\",r", "a": "\u00e9\ud83d\ude00"}}]}"#,
        #"{"data": [{"metadata": {"k": "v", "n": 12, "t": true, "f": false, "z": null}}, {"metadata": {"n": 12.0, "m": 1e2, "o": -0}}, {"metadata": { }}, {"metadata": {"a": "x,y"}}]}"#,
        // Wrong-typed metadata.
        #"{"data": [{"metadata": "{}"}, {"metadata": [1]}, {"metadata": 1}, {"metadata": true}, {"metadata": {"a": 1}, "metadata": "x"}]}"#,
        // Numbers.
        #"{"data": [{"activeDuration": -0, "agentDelay": 1e2, "punctuality": 12.0, "retryAttempt": 0.1, "talkDuration": 1e15, "waitlistDelay": 1e16, "customerDelay": -1.5e-7, "agentWaitDuration": 123456789012345}]}"#,
        // Masking edge cases.
        #"{"data": [{"ani": "", "phoneNumber": "no digits"}, {"ani": "123", "phoneNumber": "12345"}, {"ani": "=1234,5678", "phoneNumber": "١٢٣٤٥"}]}"#,
        // Fields in reverse order, empty records, non-objects, empty strings, unknown keys.
        #"{"data": [{"wasPunctual": true, "type": "asap", "ani": "13125551212", "activeDuration": 3}, {}, 5, {"id": "", "x": {"ani": "1"}}, null]}"#,
        // A repeated `data` member: the last one is the hour.
        #"{"data": [{"id": "a"}], "data": [{"id": "b"}, {"id": "c", "createdAt": "t"}]}"#,
        FastHourDecoderTests.apiExampleBody(records: 3),
        // Request keys and channels (`RecordKeys`): an empty or null originalId falls back to id,
        // an escaped or repeated key counts decoded and last, a wrong type counts as null, and a
        // channel prefix may be escaped or followed by a combining mark.
        #"{"data": [{"originalId": "", "id": "x1", "source": "CBWidget\u003aabc"}, {"originalId": null, "id": 5, "source": "+1 555"}, {"originalId": "o\u00e9", "id": "i", "source": "Phone:\u0301"}, {"source": 7, "id": ""}, {"originalId": "a", "originalId": "", "id": "b", "source": "9"}, {"source": "+x", "originalId": "\ud83d\ude00"}]}"#,
    ]

    @Test func handWrittenCasesAgree() {
        for body in Self.handWritten {
            if case .failure(let error) = Self.expectSame(Array(body.utf8)) { Issue.record("rejected: \(error)\n\(body)") }
        }
    }

    @Test func cellsOfHandWrittenCases() throws {
        var r = try Self.cells(Self.handWritten[0])
        #expect(r.map { $0["ani"] } == ["", "*******6714", ""])
        #expect(r.map { $0["source_hour"] } == ["2023-06-08T03", "2023-06-08T03", "2023-06-08T03"])
        r = try Self.cells(Self.handWritten[0], .full)
        #expect(r[1]["ani"] == "'+13307526714")
        r = try Self.cells(Self.handWritten[1])
        #expect(r.map { $0["activeDuration"] } == ["", "2.5", "", ""])
        #expect(r.map { $0["agentBusy"] } == ["", "", "false", ""])
        r = try Self.cells(Self.handWritten[2])
        #expect(r.map { $0["metadata"] } == ["", #"{"b":2}"#, ""])
        r = try Self.cells(Self.handWritten[3])
        #expect(r.map { $0["id"] } == ["plain", "a\nb", "", ""])
        #expect(r[2]["endedAt"] == "'=1")
        #expect(r[3]["phoneNumber"] == "99")
        r = try Self.cells(Self.handWritten[4], .full)
        #expect(r[0]["ani"] == "'+13😀 330-752-6714")
        #expect(r[0]["createdAt"] == "2023-06-08T12:12:53.000Z😀")
        r = try Self.cells(Self.handWritten[4])
        #expect(r[0]["ani"] == "********6714")
        #expect(r[0]["phoneNumber"] == "1330")
        r = try Self.cells(Self.handWritten[6])
        #expect(r[0]["callTargetName"] == #"'=HYPERLINK("http://x","y")"#)
        #expect([r[0]["createdAt"], r[0]["endedAt"], r[0]["estimatedFor"], r[0]["processedAt"], r[0]["outcome"], r[0]["type"]]
                    == ["'=1+2", "'-1", "'@x", "'+1", "'\tx", "'-"])
        r = try Self.cells(Self.handWritten[7])
        #expect(r[0]["source"] == "a,b" && r[0]["segmentName"] == "say \"hi\"" && r[0]["outcome"] == "line\r\nbreak")
        #expect(r[0]["firstPartyCalled"] == "cr\rinside" && r[0]["id"] == "lf\n" && r[0]["callTargetId"] == "\"" && r[0]["originalId"] == ",")
        r = try Self.cells(Self.handWritten[8])
        #expect(r.map { $0["metadata"] } == [#"{"a":1,"b":2}"#, #"{"a":"two"}"#, #"{"a":"é😀","z":"\"q\",r"}"#])
        r = try Self.cells(Self.handWritten[9])
        #expect(r.map { $0["metadata"] } == [#"{"f":false,"k":"v","n":12,"t":true,"z":null}"#, #"{"m":100,"n":12,"o":0}"#, "{}", #"{"a":"x,y"}"#])
        r = try Self.cells(Self.handWritten[10])
        #expect(r.map { $0["metadata"] } == ["", "", "", "", ""])
        #expect(try Self.fused(Array(Self.handWritten[10].utf8), .masked).get().records.malformedFields == 5)
        r = try Self.cells(Self.handWritten[11])
        #expect([r[0]["activeDuration"], r[0]["agentDelay"], r[0]["punctuality"], r[0]["retryAttempt"], r[0]["talkDuration"],
                 r[0]["waitlistDelay"], r[0]["customerDelay"], r[0]["agentWaitDuration"]]
                    == ["0", "100", "12", "0.1", "1000000000000000.0", "1e+16", "-1.5e-07", "123456789012345"])
        r = try Self.cells(Self.handWritten[12])
        #expect(r.map { $0["ani"] } == ["", "123", "****5678"])
        #expect(r.map { $0["phoneNumber"] } == ["", "*2345", ""])
        r = try Self.cells(Self.handWritten[14])
        #expect(r.map { $0["id"] } == ["b", "c"])
        #expect(r[1]["createdAt"] == "t")
        let hour = try Self.fused(Array(Self.handWritten[14].utf8), .masked).get().records
        #expect(hour.keys?.records.map(\.request) == [Fingerprint("b").value, Fingerprint("c").value] && hour.records[1].createdAt == nil)
    }

    /// Cells much longer than the rest of the body (the row buffer grows past them mid-row).
    @Test func longCellsAgree() {
        let quotes = String(repeating: #"\""#, count: 40_000)
        let commas = String(repeating: ",", count: 30_000)
        let digits = String(repeating: "1", count: 20_000)
        let numbers = CallRecordField.all.filter { $0.kind == .number }.map { "\"\($0.name)\": -2.2250738585072014e-308" }
        for body in [
            #"{"data": [{"source": "\#(quotes)", "callTargetName": "=\#(commas)", "ani": "\#(digits)", \#(numbers.joined(separator: ", "))}]}"#,
            #"{"data": [{"ani": "\#(commas)", "metadata": {"k": "\#(quotes)", "a": 1}, "phoneNumber": "\u0031\#(digits)", \#(numbers.joined(separator: ", "))}]}"#,
            #"{"data": [{"id": "x"}, {"createdAt": "\#(quotes)"}, {"endedAt": "\#(commas)\#(quotes)"}]}"#,
        ] {
            if case .failure(let error) = Self.expectSame(Array(body.utf8)) { Issue.record("rejected: \(error)") }
        }
    }

    /// Nulls and empty strings get their report values in one place (the keys builder), the
    /// same as the metrics' names for them; values are numbered by exact bytes, in order.
    @Test func keysNumberValuesByExactBytesWithTheReportsNamesForNulls() throws {
        var empty = CallRecord()
        empty.callTargetName = ""
        var named = CallRecord()
        named.callTargetId = "7"
        named.callTargetName = "Caf\u{E9}"
        named.outcome = "Success"
        named.segmentName = "Gold"
        named.firstPartyCalled = "agent"
        named.type = "scheduled"
        var decomposed = named
        decomposed.callTargetName = "Cafe\u{301}"   // canonically equal, other bytes: another value
        decomposed.outcome = ""
        let keys = HourKeys([empty, named, decomposed, empty])
        #expect(keys.values.targets == ["", "7"])
        #expect(keys.values.targetNames.count == 2 && keys.values.targetNames.map { Array($0.utf8) } == [Array("Caf\u{E9}".utf8), Array("Cafe\u{301}".utf8)])
        #expect(keys.values.outcomes == [MindfulReport.Outcome.unknown, "Success"])
        #expect(keys.values.segments == [Dimension.noSegment, "Gold"] && keys.values.parties == [Dimension.notRecorded, "agent"])
        #expect(keys.records.map(\.targetName) == [-1, 0, 1, -1])
        #expect(keys.records.map(\.outcome) == [0, 1, 0, 0])
        #expect(keys.records.map(\.type) == [2, 1, 1, 2])
        #expect(keys.records.map(\.target) == [0, 1, 1, 0])
    }

    /// Byte strings are numbered by their exact bytes in first-occurrence order, whatever their
    /// length, shared first eight bytes, or number (past the scan, through fingerprints).
    @Test func aByteInternerNumbersByExactBytes() {
        var rng = SystemRandomNumberGenerator()
        for distinct in [3, 16, 17, 300] {
            let pool = (0..<distinct).map { i -> [UInt8] in
                // Many share "abcdefgh" and differ only past it; some are short or empty.
                switch i % 4 {
                case 0: return Array("abcdefgh\(i)".utf8)
                case 1: return Array("\(i)".utf8)
                case 2: return i == 2 ? [] : Array("abcdefgh".utf8) + [UInt8(32 + i % 64), UInt8(32 + i / 64)]
                default: return Array("x\(i)yz".utf8)
                }
            }
            var interner = ByteInterner()
            var expected: [[UInt8]: Int32] = [:]
            var order: [[UInt8]] = []
            for _ in 0..<5_000 {
                let value = pool[Int.random(in: 0..<distinct, using: &rng)]
                if expected[value] == nil {
                    expected[value] = Int32(order.count)
                    order.append(value)
                }
                let got = value.withUnsafeBufferPointer { interner.intern($0) }
                #expect(got == expected[value], "\(distinct) \(value)")
            }
            #expect(interner.values.map { Array($0.utf8) } == order)
        }
    }

    /// A target filter counts the same records whether they come whole or with their strings
    /// as keys, drops the rows of the others, and counts only its own targets' dropped duplicates.
    @Test func aTargetFilterCountsTheSameRecordsWithOrWithoutKeys() throws {
        let body = Array(#"{"data": [{"callTargetId": "a", "activeDuration": 1}, {"activeDuration": 2}, {"callTargetId": "b", "activeDuration": 3}, {"callTargetId": "", "activeDuration": 4}]}"#.utf8)
        let whole = try FastHourDecoder().decode(body)
        let (keyed, rows) = try FastHourDecoder().decodeWithRows(body, appendix: AppendixRows(piiMode: .masked), hourLabel: Self.label)
        let hour = UTCHour(index: 467_000)
        let local = (date: LocalDate(day: 467_000 / 24), hour: 8)
        for (ids, expected) in [(Set(["a"]), ["a": 1]), (Set([""]), ["": 2]), (Set(["b", ""]), ["b": 1, "": 2]), (Set(["zzz"]), [:])] {
            for (records, hourRows) in [(whole, nil), (keyed, rows)] as [(HourRecords, HourRows?)] {
                // Position 1 (no target) is an older copy of a later record.
                let aggregate = HourAggregate(hour: hour, ordinal: 0, local: local, records: records, dropped: [1],
                                              rows: hourRows, filter: TargetFilter(ids: ids))
                var counted: [String: Int] = [:]
                for t in aggregate.targets { counted[t.id] = t.stats.attempts }
                let withoutDropped = expected.mapValues { $0 }.merging(["": (expected[""] ?? 0) - 1]) { _, b in b }.filter { $0.value > 0 }
                #expect(counted == withoutDropped, "\(ids)")
                #expect(aggregate.duplicatesDropped == (ids.contains("") ? 1 : 0), "\(ids)")
                #expect(aggregate.all.stats.attempts == withoutDropped.values.reduce(0, +))
                if hourRows != nil { #expect(aggregate.rows.filter { !$0.isEmpty }.count == withoutDropped.count) }
            }
        }
    }

    /// A number's JSON text is copied into the row only when it is exactly what
    /// `JSONValue.format` writes for its value: checked on known cases and random texts.
    @Test func numberTextIsCopiedOnlyWhenItIsTheFormattedValue() {
        func plain(_ text: String) -> Bool {
            Array(text.utf8).withUnsafeBufferPointer { FusedRowWriter.isShortestPlainDecimal($0.baseAddress!, $0.count) }
        }
        for text in ["0.7214", "0.0001", "-0.5", "12345678901234.5", "3.25", "0.1"] {
            #expect(plain(text), "\(text)")
            #expect(JSONValue.format(Double(text)!) == text)
        }
        for text in ["0.00009", "1.50", "01.5", "1e5", "1.5e2", "123456789012345.5", "0.1234567890123456", "5", "-", "1.", ".5", "-0.0"] {
            #expect(!plain(text), "\(text)")
        }
        var rng = SystemRandomNumberGenerator()
        var accepted = 0
        for _ in 0..<50_000 {
            func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) }) }
            var text = Bool.random(using: &rng) ? "-" : ""
            text += Int.random(in: 0..<3, using: &rng) == 0 ? "0" : digits(Int.random(in: 1...16, using: &rng))
            text += "." + String(repeating: "0", count: Int.random(in: 0...5, using: &rng)) + digits(Int.random(in: 1...17, using: &rng))
            guard plain(text) else { continue }
            accepted += 1
            #expect(JSONValue.format(Double(text)!) == text, "\(text)")
        }
        #expect(accepted > 5_000)
    }

    @Test func theRowOnlyFieldsAreLeftOutAndTheKeysGiven() throws {
        let out = try Self.fused(Array(FastHourDecoderTests.apiExampleBody(records: 1).utf8), .full).get()
        let r = try #require(out.records.records.first)
        #expect(r.ani == nil && r.createdAt == nil && r.endedAt == nil && r.estimatedFor == nil && r.metadata == nil
                    && r.phoneNumber == nil && r.processedAt == nil)
        #expect(r.id == nil && r.originalId == nil && r.source == nil && r.outcome == nil && r.callTargetId == nil && r.type == nil)
        #expect(r.activeDuration != nil || r.agentBusy != nil)
        let whole = try #require(try FastHourDecoder().decode(Array(FastHourDecoderTests.apiExampleBody(records: 1).utf8)).records.first)
        #expect(whole.id == "e58de6e3788241e0" && whole.source == "CBWidget:dc4e66dd30d813202f6ccd7c20542525" && whole.outcome == "Unavailable")
        // The request key is originalId (else id), the channel comes from the source's prefix,
        // and the other strings are numbered in the hour's values.
        let expectedKey = Fingerprint(whole.originalId.flatMap { $0.isEmpty ? nil : $0 } ?? whole.id!).value
        let keys = try #require(out.records.keys)
        #expect(keys.records.map(\.request) == [expectedKey] && keys.records.map(\.channel) == [0])
        #expect(keys.values.outcomes == ["Unavailable"] && keys.values.targets == [whole.callTargetId!])
        #expect(keys.records[0].type == (whole.type == "asap" ? 0 : whole.type == "scheduled" ? 1 : 2))
        let cells = try ParsedCSV(AppendixRows(piiMode: .full).headerBytes + out.rows.bytes).records
        #expect(cells.first?["phoneNumber"] == "'+13307526714" && cells.first?["createdAt"] == "2023-06-08T12:12:53.000Z")
    }
}
