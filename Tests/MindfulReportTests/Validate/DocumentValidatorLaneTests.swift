import CLibXML2
import Testing
@testable import MindfulReport

/// The lanes' own check (documents parsed and validated in an arena against DTDs readied once)
/// passes exactly the valid documents it can check: what it passes, libxml2's full parse
/// passes, and what the full parse rejects, it rejects, on every kind of problem, also those
/// found through the attribute declarations it keeps (#REQUIRED and #FIXED).
@Suite struct DocumentValidatorLaneTests {
    /// An XHTML+ARIA page that refers to no entity (a page that does goes through the full parse).
    static let ariaPage = BuiltInDTDTests.ariaPage.replacingOccurrences(of: " &eacute;&euro;&alpha;", with: "")

    /// Each document and whether it is valid.
    static let documents: [(name: String, bytes: [UInt8], valid: Bool)] = [
        ("ok.html", ValidateAllTests.page("<p>ok</p>"), true),
        ("img.html", ValidateAllTests.page("<p><img src=\"a.svg\" alt=\"a\"/></p>"), true),
        ("no-alt.html", ValidateAllTests.page("<p><img src=\"a.svg\"/></p>"), false),
        ("no-dir.html", ValidateAllTests.page("<p><bdo>x</bdo></p>"), false),
        ("blink.html", ValidateAllTests.page("<blink>x</blink>"), false),
        ("ids.html", ValidateAllTests.page("<p id=\"a\">1</p><p id=\"a\">2</p>"), false),
        ("idref.html", ValidateAllTests.page("<p><label for=\"nowhere\">x</label></p>"), false),
        ("attr.html", ValidateAllTests.page("<p align=\"center\">x</p>"), false),
        ("inline.html", ValidateAllTests.page("<p><div>x</div></p>"), false),
        ("empty-ul.html", ValidateAllTests.page("<ul></ul>"), false),
        ("namespace.html", Array(String(decoding: ValidateAllTests.page("<p>ok</p>"), as: UTF8.self)
            .replacingOccurrences(of: "xmlns=\"http://www.w3.org/1999/xhtml\"", with: "xmlns=\"http://example.org/\"").utf8), false),
        ("aria.html", Array(ariaPage.utf8), true),
        ("aria-bad.html", Array(ariaPage.replacingOccurrences(of: "aria-labelledby", with: "aria-colour").utf8), false),
        ("aria-no-alt.html", Array(ariaPage.replacingOccurrences(of: "<h1 id=\"h\">", with: "<h1 id=\"h\"><img src=\"x\"/>").utf8), false),
        ("ok.svg", ValidateAllTests.svg("<rect x=\"1\" y=\"1\" width=\"2\" height=\"2\"/>"), true),
        ("path.svg", ValidateAllTests.svg("<g fill=\"#123\"><path d=\"M0 0h1v1h-1z\"/></g>"), true),
        ("no-d.svg", ValidateAllTests.svg("<path fill=\"#123\"/>"), false),
        ("bad.svg", ValidateAllTests.svg("<rect foo=\"1\"/>"), false),
        ("unknown.svg", ValidateAllTests.svg("<blob/>"), false),
        ("svg-namespace.svg", Array(String(decoding: ValidateAllTests.svg("<rect width=\"1\" height=\"1\"/>"), as: UTF8.self)
            .replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "xmlns=\"http://example.org/\"").utf8), false),
        ("not-xml.svg", Array("<svg".utf8), false),
        // Attribute values that are not plain ASCII text are checked as libxml2 escapes them;
        // plain ones as they are: both ways give libxml2's own answers.
        ("id-amp.html", ValidateAllTests.page("<p id=\"a&amp;b\">x</p>"), false),
        ("id-lt.html", ValidateAllTests.page("<p id=\"a&lt;b\">x</p>"), false),
        ("id-utf8.html", ValidateAllTests.page("<p id=\"\u{e9}t\u{e9}\">x</p><p><a href=\"#\u{e9}t\u{e9}\">x</a></p>"), true),
        ("id-utf8-twice.html", ValidateAllTests.page("<p id=\"\u{e9}\">x</p><p id=\"\u{e9}\">y</p>"), false),
        ("title-amp.html", ValidateAllTests.page("<p title=\"a &amp; b &lt; c\tand\u{e9}\">x</p>"), true),
        ("lang-tab.html", ValidateAllTests.page("<p xml:lang=\"en&#9;\">x</p>"), false),
        ("path-amp.svg", ValidateAllTests.svg("<path d=\"M0 0h1&#10;v1h-1z\"/>"), true),
        ("bad-enum.svg", ValidateAllTests.svg("<path d=\"M0 0\" fill-rule=\"&amp;\"/>"), false),
    ]

    @Test func theQuickCheckPassesExactlyTheValidDocuments() throws {
        let validator = DocumentValidator()
        let alone = Self.documents.map { (try? validator.validate($0.bytes, name: $0.name)) != nil }
        #expect(alone == Self.documents.map(\.valid))
        // One lane, three passes over the list: its arena and its DTDs, reused from document to
        // document, give the same answers every time.
        let lanes = DocumentValidator.Lanes()
        for _ in 1...3 {
            let quick = Self.documents.map { validator.passesQuickCheck($0.bytes, name: $0.name, on: lanes) }
            #expect(quick == Self.documents.map(\.valid))
        }
        // A valid page that refers to entities is left to the full parse, which expands them.
        let entities = Array(BuiltInDTDTests.ariaPage.utf8)
        #expect(BuiltInDTDTests.ariaPage.contains("&eacute;"))
        #expect(!validator.passesQuickCheck(entities, name: "entities.html", on: lanes))
        #expect((try? validator.validate(entities, name: "entities.html")) != nil)
    }

    @Test func aLargeDocumentIsCheckedInTheArenaToo() throws {
        // Far more than one arena block (1 MB) of nodes, then a small document on the same lane.
        let rows = String(repeating: "<tr><th scope=\"row\">h</th><td>1</td><td>2</td></tr>", count: 20_000)
        let large = ValidateAllTests.page("<table><tbody>\(rows)</tbody></table>")
        let lanes = DocumentValidator.Lanes()
        let validator = DocumentValidator()
        #expect(validator.passesQuickCheck(large, name: "large.html", on: lanes))
        #expect(!validator.passesQuickCheck(ValidateAllTests.page("<table><tbody>\(rows)<tr></tr></tbody></table>"), name: "large-bad.html", on: lanes))
        #expect(validator.passesQuickCheck(ValidateAllTests.page("<p>ok</p>"), name: "ok.html", on: lanes))
    }

    @Test func aPoolMakesNoMoreLanesThanCallsAtOnce() async throws {
        let lanes = DocumentValidator.Lanes()
        let documents = [(name: "ok.html", bytes: ValidateAllTests.page("<p>ok</p>")), (name: "ok.svg", bytes: ValidateAllTests.svg("<g/>"))]
        for _ in 1...5 { try lanes.validate(documents) }
        #expect(lanes.made == 1)
        // Two at a time, as the report's parts are validated.
        try await boundedMap(Array(0..<40), window: 2, { _ in Result { try lanes.validate(documents) } }) { _, result in
            try result.get()
            return .continue
        }
        #expect(lanes.made <= 2)
        // The lanes share the DTDs: one page DTD and SVG's, loaded once each.
        #expect(lanes.loadedDTDs == 2)
    }

    @Test func twoLanesReadTheSameDTDs() throws {
        let lanes = DocumentValidator.Lanes()
        let validator = DocumentValidator()
        let documents = Self.documents.filter { $0.name.hasSuffix(".svg") || !$0.name.hasPrefix("aria") }
        // A lane held while another checks: two lanes, each giving the answers alone gives.
        let answers = lanes.holdingALane {
            documents.map { validator.passesQuickCheck($0.bytes, name: $0.name, on: lanes) }
        }
        #expect(answers == documents.map(\.valid))
        #expect(lanes.made == 2)
        #expect(lanes.loadedDTDs == 2)
    }

    @Test func aDTDReadiedAheadIsTheOneTheChecksUse() async throws {
        let lanes = DocumentValidator.Lanes()
        // Not built in: nothing is loaded, and the checks still report such a document.
        lanes.ready(publicID: "-//Example//DTD Nothing 1.0//EN", systemID: "http://example.org/nothing.dtd")
        #expect(lanes.loadedDTDs == 0)
        // SVG's and XHTML+ARIA's at once, on two tasks, as a report readies the charts' DTD
        // while its first page is checked; each is loaded once, however often it is asked for.
        async let svg: Void = lanes.ready(publicID: SVGDocument.publicID, systemID: SVGDocument.systemID)
        async let aria: Void = lanes.ready(publicID: "-//W3C//DTD XHTML+ARIA 1.0//EN",
                                           systemID: "http://www.w3.org/WAI/ARIA/schemata/xhtml-aria-1.dtd")
        _ = await (svg, aria)
        lanes.ready(publicID: SVGDocument.publicID, systemID: SVGDocument.systemID)
        #expect(lanes.loadedDTDs == 2)
        let validator = DocumentValidator()
        let ariaOrSVG = Self.documents.filter { $0.name.hasSuffix(".svg") || $0.name.hasPrefix("aria") }
        let answers: [Bool] = ariaOrSVG.map { validator.passesQuickCheck($0.bytes, name: $0.name, on: lanes) }
        let expected: [Bool] = ariaOrSVG.map(\.valid)
        // The documents of those two DTDs are answered as alone, and no DTD is loaded again.
        #expect(answers == expected)
        #expect(lanes.loadedDTDs == 2)
    }

    /// libxml2's messages on this thread while a DTD loads: collected apart from any enclosing
    /// collection, which goes on collecting its own afterwards, and a DTD that loaded with any
    /// message is freed instead of kept.
    @Test func aDTDThatLoadsWithAMessageIsNotKeptAndCollectionsNest() throws {
        _ = DocumentValidator.setUp
        let ariaPublicID = "-//W3C//DTD XHTML+ARIA 1.0//EN", ariaSystemID = "http://www.w3.org/WAI/ARIA/schemata/xhtml-aria-1.dtd"
        // A malformed document read with no collector of its own: libxml2 reports to this
        // thread's handler.
        func readMalformed() {
            let bytes = Array("<a><b></a>".utf8)
            let doc = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { xmlReadMemory($0.baseAddress, Int32($0.count), "malformed.xml", "UTF-8", 0) }
            }
            if let doc { xmlFreeDoc(doc) }
        }
        func loadARIA() -> xmlDtdPtr? { xmlParseDTD(ariaPublicID, ariaSystemID) }
        DocumentValidator.withCollectedErrors { outer in
            readMalformed()
            let before = outer.problems.count
            #expect(before > 0)
            // The DTD loads, but a message arrives meanwhile: not kept, and the message is not
            // the enclosing collection's.
            #expect(DocumentValidator.keptIfQuiet { let dtd = loadARIA(); readMalformed(); return dtd } == nil)
            #expect(outer.problems.count == before)
            // Without a message it is kept.
            let quiet = DocumentValidator.keptIfQuiet(loadARIA)
            #expect(quiet != nil)
            if let quiet { xmlFreeDtd(quiet) }
            // The enclosing collection has its handler back.
            readMalformed()
            #expect(outer.problems.count > before)
        }
        // And outside every collection, no handler is left behind.
        #expect(mindful_report_structured_error_handler() == nil)
    }

    /// Only a `&` that may begin a reference to a declared entity sends a document on the walk
    /// of its nodes; character references and the five predefined entities do not.
    @Test func onlyAnAmpersandThatMayNameAnEntityCounts() {
        func may(_ text: String) -> Bool { DocumentValidator.mayReferToAnEntity(Array(text.utf8)) }
        #expect(!may("<p>plain</p>"))
        #expect(!may("<p>a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos; &#160; &#x2014;</p>"))
        #expect(may("<p>&eacute;</p>"))
        #expect(may("<p title=\"&lang-for-text-html;\">x</p>"))
        #expect(may("<p>&am</p>"))
        #expect(may("<p>&ampx;</p>"))
        #expect(may("<p>x&"))
        #expect(may("<!-- &note; -->"))
        // The pages' own DOCTYPE declares an entity but the page does not refer to it.
        #expect(!may("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML+ARIA 1.0//EN\" \"x.dtd\" [\n<!ENTITY lang-for-text-html \"><html lang='en'><!--\">\n]><html/>"))
    }
}
