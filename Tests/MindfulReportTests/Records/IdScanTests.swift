import Foundation
import Testing
@testable import MindfulJSON
@testable import MindfulReport

/// Checks ``FastHourDecoder/scanIds(_:)`` against ``FastHourDecoder/decode(_:)``: the same ids
/// (as fingerprints) for every body `decode` accepts, and the same error for every body it rejects.
@Suite struct IdScanTests {
    typealias Outcome = Result<[UInt64], HourDecodingError>

    static func scan(_ bytes: [UInt8]) -> Outcome {
        do throws(HourDecodingError) { return .success(try FastHourDecoder().scanIds(bytes)) } catch { return .failure(error) }
    }

    /// What `scanIds` must return: `decode`'s ids fingerprinted, or `decode`'s error.
    static func expected(_ bytes: [UInt8]) -> Outcome {
        do throws(HourDecodingError) {
            return .success(try FastHourDecoder().decode(bytes).records.map { $0.id.map { Fingerprint($0).value } ?? 0 })
        } catch { return .failure(error) }
    }

    @discardableResult
    static func expectSame(_ bytes: [UInt8], _ label: @autoclosure () -> String = "",
                           sourceLocation: SourceLocation = #_sourceLocation) -> Outcome {
        let want = expected(bytes), got = scan(bytes)
        #expect(got == want, "\(label())\nscan: \(got)\ndecode: \(want)\nbody: \(String(decoding: bytes.prefix(2000), as: UTF8.self).debugDescription)",
                sourceLocation: sourceLocation)
        return got
    }

    static func expectSame(_ body: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectSame(Array(body.utf8), sourceLocation: sourceLocation)
    }

    static func ids(_ body: String) -> Outcome { scan(Array(body.utf8)) }
    static func fp(_ s: String) -> UInt64 { Fingerprint(s).value }

    // MARK: - The decoder's own test bodies

    @Test func hostileAndInvalidBodiesOfTheDecoderTests() {
        for body in FastHourDecoderTests.hostileBodies + FastHourDecoderTests.invalidBodies { Self.expectSame(body) }
        // The error cases really are errors, with an offset (not two successes by accident).
        for body in FastHourDecoderTests.invalidBodies {
            guard case .failure(.invalidJSON(let offset?, _)) = Self.ids(body) else {
                Issue.record("scan accepted \(body.debugDescription)")
                continue
            }
            #expect(offset >= 0 && offset <= body.utf8.count)
        }
    }

    @Test func invalidUTF8Anywhere() {
        let bad: [[UInt8]] = [
            [0xFF], [0xFE], [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],
            [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3, 0x41],
        ]
        let good: [[UInt8]] = [[0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
                               [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0x7F]]
        // Short and long strings (the long ones reach the 16-byte loop), in ids, keys, other
        // fields, metadata and non-object elements.
        let pads = ["", "0123456789abcdefghijklmnopqrstuv"]
        let places: [(String, String)] = [
            (#"{"data": [{"id": "ab"#, #""}]}"#), (#"{"data": [{"x"#, #"": 1}]}"#), (#"{"data": [{"outcome": "ab"#, #"", "id": "x"}]}"#),
            (#"{"data": [{"id": "y", "metadata": {"k": [""#, #""]}}]}"#), (#"{"data": [""#, #""]}"#), (#"{"x": ""#, #"", "data": []}"#),
        ]
        for (p, s) in places {
            for pad in pads {
                for seq in bad + good {
                    Self.expectSame(Array(p.utf8) + Array(pad.utf8) + seq + Array(pad.utf8) + Array(s.utf8), "\(seq) in \(p)")
                }
            }
        }
    }

    // MARK: - Hand-written cases

    @Test func repeatedIdKeysKeepTheLastValue() {
        #expect(Self.ids(#"{"data": [{"id": "a", "id": null}]}"#) == .success([0]))
        #expect(Self.ids(#"{"data": [{"id": null, "id": "b"}]}"#) == .success([Self.fp("b")]))
        #expect(Self.ids(#"{"data": [{"id": "a", "id": 5}]}"#) == .success([0]))
        #expect(Self.ids(#"{"data": [{"id": "a", "x": 1, "id": "c", "id": [1, {"id": "d"}]}]}"#) == .success([0]))
        #expect(Self.ids(#"{"data": [{"id": "a", "id": "b"}, {"id": "b"}, {"id": true}, {"id": {}}, {"id": []}, {"id": -1.5e3}, {}]}"#)
                == .success([Self.fp("b"), Self.fp("b"), 0, 0, 0, 0, 0]))
        for body in [#"{"data": [{"id": "a", "id": null}]}"#, #"{"data": [{"id": null, "id": "b"}]}"#, #"{"data": [{"id": "a", "id": 5}]}"#] {
            Self.expectSame(body)
        }
    }

    @Test func escapedKeysAndValues() {
        #expect(Self.ids(#"{"data": [{"\u0069d": "x"}]}"#) == .success([Self.fp("x")]))
        #expect(Self.ids(#"{"data": [{"\u0069\u0064": "x", "i\u0064": "y"}]}"#) == .success([Self.fp("y")]))
        #expect(Self.ids(#"{"data": [{"id": "x", "\u0069d": null}]}"#) == .success([0]))
        #expect(Self.ids(#"{"data": [{"\u0069d\u0000": "x", "id\n": "y", "Id": "z", "ID": "w", "i": "v", "idd": "u"}]}"#) == .success([0]))
        // A surrogate pair and other escapes: the id is fingerprinted decoded.
        #expect(Self.ids(#"{"data": [{"id": "a\ud83d\ude00\n\"\u00e9\/"}]}"#) == .success([Self.fp("a😀\n\"é/")]))
        #expect(Self.ids("{\"data\": [{\"id\": \"a😀\\n\\\"é/\"}]}") == .success([Self.fp("a😀\n\"é/")]))
        #expect(Self.ids(#"{"d\u0061ta": [{"id": ""}]}"#) == .success([Self.fp("")]))
        for body in [#"{"data": [{"\u0069d": "x"}]}"#, #"{"data": [{"id": "a\ud83d\ude00\n\"\u00e9\/"}]}"#,
                     #"{"data": [{"id": "0123456789abcdef\u0041 and then some more plain text"}]}"#] {
            Self.expectSame(body)
        }
    }

    @Test func idsInsideOtherValuesDoNotCount() {
        #expect(Self.ids(#"{"data": [{"metadata": {"id": "m"}}, {"metadata": {"id": "m"}, "id": "r"}, {"x": [{"id": "n"}]}]}"#)
                == .success([0, Self.fp("r"), 0]))
        #expect(Self.ids(#"{"id": "top", "data": [{"id": "a"}], "meta": {"id": "b"}}"#) == .success([Self.fp("a")]))
    }

    @Test func nonObjectElementsHaveNoEntry() {
        #expect(Self.ids(#"{"data": [1, {"id": "a"}, "id", null, [{"id": "b"}], true, {}, -0.5]}"#) == .success([Self.fp("a"), 0]))
        #expect(Self.ids(#"{"data": []}"#) == .success([]))
        #expect(Self.ids(#"{"data": 1, "data": [{"id": "a"}]}"#) == .success([Self.fp("a")]))
        #expect(Self.ids(#"{"data": [{"id": "a"}], "data": [{"id": "b"}, {"id": "c"}]}"#) == .success([Self.fp("b"), Self.fp("c")]))
        #expect(Self.ids(#"{"data": [{"id": "a"}], "data": null}"#) == .failure(.noDataArray(found: "\"data\" is null")))
        #expect(Self.ids(#"{"x": []}"#) == .failure(.noDataArray(found: "no \"data\" member")))
        #expect(Self.ids(#"[{"id": "a"}]"#) == .failure(.noDataArray(found: "an array at the top level")))
    }

    @Test func invalidContentElsewhereThrowsLikeDecode() {
        let bodies: [[UInt8]] = [
            Array(#"{"data": [{"id": "a", "outcome": "x"#.utf8) + [0xC3, 0x28] + Array(#""}]}"#.utf8),
            Array(#"{"data": [{"id": "a", "metadata": {"k": "0123456789abcdef0123"#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}}]}"#.utf8),
            Array(#"{"data": [{"id": "a", "retryAttempt": 01}]}"#.utf8),
            Array(#"{"data": [{"id": "a", "retryAttempt": -01}]}"#.utf8),
            Array(#"{"data": [{"id": "a", "x": [00]}]}"#.utf8),
            Array(#"{"data": [{"id": "a", "x": 1.}]}"#.utf8),
            Array(#"{"data": [{"id": "a", "x": 1.5e}]}"#.utf8),
            Array(#"{"data": [{"id": "a", "x": 1.5.5}]}"#.utf8),
            Array(#"{"data": [{"id": 01, "x": 1}]}"#.utf8),
            Array(#"{"data": [{"id": "a\x"}]}"#.utf8),
            Array("{\"data\": [{\"id\": \"a\", \"x\": \"0123456789abcdef\u{1}\"}]}".utf8),
            Array(#"{"data": [{"id": "a", "x": "0123456789abcdef0123456789"#.utf8),
            Array(#"{"data": [{"id": "a", "x": "0123456789abcdef0123456789\"#.utf8),
            Array(#"{"data": [{"id": "a",}]}"#.utf8),
            Array(#"{"data": [{"id": "a"} {"id": "b"}]}"#.utf8),
            Array(#"{"data": [{"id": "a"}]} {"#.utf8),
            Array(#"{"data": [{"id": "a"}], "x": nul}"#.utf8),
            Array(#"{"data": [{"id": nul}]}"#.utf8),
            Array(#"{"data": [{"id" "a"}]}"#.utf8),
            Array(#"{"data": [{"i"#.utf8),
            Array(#"{"data": [{"id"#.utf8),
            Array(#"{"data": [{"id""#.utf8),
            Array(#"{"data": [{"id":"#.utf8),
            Array(#"{"data": [{id: "a"}]}"#.utf8),
        ]
        for bytes in bodies {
            let got = Self.expectSame(bytes)
            guard case .failure(.invalidJSON) = got else {
                Issue.record("scan accepted \(String(decoding: bytes, as: UTF8.self).debugDescription): \(got)")
                continue
            }
        }
        // Out of the range of a Double, or a lone surrogate escape: valid (JSONPolicyTests), and
        // the id is still read.
        let valid: [[UInt8]] = [
            Array(#"{"data": [{"id": "a", "activeDuration": 1e400}]}"#.utf8),
            Array(#"{"data": [{"id": "a", "metadata": {"x": [1e400]}}]}"#.utf8),
            Array(#"{"data": [{"id": "a", "zzz": -1e-400}]}"#.utf8),
            Array(#"{"data": [{"id": "a", "talkDuration": 0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001}]}"#.utf8),
            Array(#"{"data": [{"id": "a", "talkDuration": 1"#.utf8) + Array(repeating: UInt8(ascii: "0"), count: 400) + Array("}]}".utf8),
            Array(#"{"data": [{"id": "a", "x": "\ud800"}]}"#.utf8),
        ]
        for bytes in valid {
            #expect(Self.expectSame(bytes) == .success([Self.fp("a")]), "\(String(decoding: bytes, as: UTF8.self))")
        }
        // Numbers on both sides of the plain-number shortcut, all accepted.
        for number in ["0", "-0", "1", "-1", "0.5", "123456789012345", "123456789012345.123456789012345", "1234567890123456",
                       "0.1234567890123456", "123456789012345678", "1e2", "1E+2", "-0.0e-0", "1.7976931348623157e308", "4.9e-324", "0e400",
                       "0.0000000000000000000000000001", "99999999999999999999e-20"] {
            let body = #"{"data": [{"id": "a", "x": \#(number), "talkDuration": [\#(number)], "metadata": {"n": \#(number)}}]}"#
            #expect(Self.ids(body) == .success([Self.fp("a")]), "\(number)")
            Self.expectSame(body)
        }
    }

    @Test func nestingDepthLimit() {
        for depth in [1, 100, 508, 509, 510, 511, 512, 513, 600] {
            let open = String(repeating: #"{"a":"#, count: depth), close = String(repeating: "}", count: depth)
            Self.expectSame(#"{"data": [{"id": "a", "metadata": "# + open + "1" + close + "}]}")
            let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            Self.expectSame(#"{"data": [{"x": "# + arrays + #", "id": "b"}, "# + arrays + "]}")
            Self.expectSame(arrays)
        }
        #expect(throws: HourDecodingError.self) {
            try FastHourDecoder().scanIds(Array((#"{"data": [{"metadata": "# + String(repeating: #"{"a": "#, count: 200_000)).utf8))
        }
        guard case .failure(.invalidJSON) = Self.ids(#"{"data": [{"id": "a", "metadata": "# + String(repeating: #"{"a":"#, count: 510) + "1" + String(repeating: "}", count: 510) + "}]}") else {
            Issue.record("depth 513 accepted")
            return
        }
    }

    // MARK: - Generated bodies

    /// Records from the decoder tests' generator, with repeated keys (also `id`) and escaped `id`
    /// keys added, then the same bodies with bytes changed, cut, or inserted.
    @Test func generatedAndMutatedBodies() {
        var rng = SplitMix64(state: 0x1D5_CA11)
        var bodies: [[UInt8]] = []
        for _ in 0..<60 {
            let body = FastHourDecoderTests.randomBody(&rng, maxCount: 60, valueOdds: 30) { record, rng in
                guard rng.oneIn(3), record.count > 2 else { return }
                let key = [#""id""#, #""\u0069d""#, #""i\u0064""#, #""id2""#][Int(rng.next() % 4)]
                let value = rng.oneIn(3) ? "null" : (rng.oneIn(2) ? FastHourDecoderTests.randomString(&rng) : FastHourDecoderTests.randomValue(&rng, depth: 1))
                record.removeLast()
                record += (record.hasSuffix("{") ? "" : ", ") + key + ": " + value + "}"
            }.body
            bodies.append(Array(body.utf8))
        }
        var accepted = 0, records = 0
        for bytes in bodies {
            if case .success(let ids) = Self.expectSame(bytes) {
                accepted += 1
                records += ids.count
            }
        }
        #expect(accepted == bodies.count && records > 1000)

        let junk: [[UInt8]] = [[0x22], [0x5C], [0x2C], [0x7D], [0x5D], [0x7B], [0x5B], [0x3A], [0x30], [0x2D], [0x65], [0x2E], [0x00],
                               [0x0A], [0x80], [0xC3], [0xED, 0xA0], [0xFF], Array("\\u".utf8), Array("1e400".utf8), Array("null".utf8)]
        var rejected = 0
        for (n, bytes) in bodies.enumerated() where !bytes.isEmpty {
            for _ in 0..<25 {
                var m = bytes
                let at = Int(rng.next() % UInt64(m.count))
                switch rng.next() % 4 {
                case 0: m[at] = junk[Int(rng.next() % UInt64(junk.count))].first!
                case 1: m.insert(contentsOf: junk[Int(rng.next() % UInt64(junk.count))], at: at)
                case 2: m.remove(at: at)
                default: m.removeSubrange(at...)
                }
                if case .failure = Self.expectSame(m, "mutation of body \(n)") { rejected += 1 }
            }
        }
        #expect(rejected > 300)
    }

    @Test func sampleGeneratorHours() throws {
        let g = try SampleGeneratorTests.generator(days: 2, perDay: 3000)
        var records = 0
        for hour in g.range.hours {
            let bytes = g.body(for: hour)
            if case .success(let ids) = Self.expectSame(bytes, "hour \(hour.index)") {
                records += ids.count
                #expect(!ids.contains(0))
            }
        }
        #expect(records == g.range.hours.map(g.recordCount(for:)).reduce(0, +))
        #expect(records > 6000)  // a Monday and a Tuesday: busier than the average day
    }

    /// Every hour file of caches written by the reference's adversarial generator.
    @Test(arguments: [7, 23, 101])
    func hostileCaches(seed: Int) async throws {
        let files = try await SharedFixtures.hostileFiles(seed: seed)
        #expect(files.count > 50)
        var accepted = 0, rejected = 0
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: file))
            switch Self.expectSame(bytes, file.lastPathComponent) {
            case .success: accepted += 1
            case .failure: rejected += 1
            }
        }
        #expect(accepted > 0 && rejected > 0, "\(accepted) accepted, \(rejected) rejected")
    }
}
