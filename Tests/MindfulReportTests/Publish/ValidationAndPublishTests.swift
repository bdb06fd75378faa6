import Foundation
import Testing
@testable import MindfulReport

@Suite struct ValidationAndPublishTests {
    static let validPage = """
    <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
    <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
    <head><title>t</title></head>
    <body><p>ok</p></body>
    </html>
    """

    /// The built-in copy of the W3C's XHTML 1.0 Strict DTD (no file, no network).
    @Test func aValidPagePassesAgainstTheBuiltInDTD() throws {
        try DocumentValidator().validate(Array(Self.validPage.utf8), name: "ok.html", expecting: .xhtml10Strict)
    }

    @Test func anInvalidPageFailsWithItsLineAndMessage() throws {
        // <blink> exists in no DTD; it is on line 5 of the page.
        let bad = Self.validPage.replacingOccurrences(of: "<body><p>ok</p></body>", with: "<body>\n<blink>no</blink></body>")
        let failure = try #require(throws: ValidationFailure.self) {
            try DocumentValidator().validate(Array(bad.utf8), name: "bad.html")
        }
        #expect(failure.problems.contains { $0.line == 5 && $0.message.contains("blink") })
        #expect(failure.description.hasPrefix("bad.html:5: "))
    }

    @Test func malformedXMLAndMissingDoctypeFail() throws {
        #expect(throws: ValidationFailure.self) { try DocumentValidator().validate(Array("<html><p></html>".utf8), name: "x.html") }
        let noDoctype = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title></head><body></body></html>"
        let failure = try #require(throws: ValidationFailure.self) { try DocumentValidator().validate(Array(noDoctype.utf8), name: "y.html") }
        #expect(failure.allLines.joined().contains("no DTD found") && failure.allLines.joined().contains("no DOCTYPE"))
    }

    /// The index (rendered first) or a target's page (after the index and its charts are
    /// already in the staging folder) breaks the run the same way.
    @Test(arguments: [("index", "<h1>{{title}}</h1>", "index.html:"), ("target", "<h1 class=\"name\">{{targetName}}</h1>", "targets/")])
    func aBrokenUserTemplateFailsTheRunAndLeavesThePreviousReport(template: String, anchor: String, file: String) async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try c.write("2023-06-08T05", records: [record([:])])
        let out = tmp.path("out")
        try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: out)
        let before = try Data(contentsOf: out.appendingPathComponent("index.html"))
        // A user template that renders markup the pages' DTD forbids: XHTML+ARIA 1.0 has no <center>.
        let templates = tmp.path("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let source = try #require(TemplateSet.bundled.templates[template])
        #expect(source.contains(anchor))
        let broken = source.replacingOccurrences(of: anchor, with: anchor + "\n<center>new</center>")
        try Data(broken.utf8).write(to: templates.appendingPathComponent("\(template).mustache"))
        let error = try await #require(throws: ReportError.self) {
            try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: out, templates: templates)
        }
        let message = error.description
        #expect(message.contains(file))
        #expect(message.contains("center"))
        let line = try #require(Int(message.split(separator: ":")[2]))
        let rendered = String(message.split(separator: "\n")[0])
        #expect(line > 1, "\(rendered)")
        #expect(try Data(contentsOf: out.appendingPathComponent("index.html")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty)
    }

    @Test func aTemplateThatDoesNotParseIsNamed() throws {
        let tmp = try TemporaryFolder()
        try Data("{{#open}} never closed".utf8).write(to: tmp.path("target.mustache"))
        let set = try TemplateSet.overriding(with: tmp.url)
        let error = try #require(throws: RenderError.self) { try PageRenderer(templates: set) }
        #expect(error.description.contains("target.mustache"))
    }

    @Test func aFolderWithOtherFilesIsNeverReplaced() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try c.write("2023-06-08T05", records: [record([:])])
        let out = tmp.path("precious")
        try makeFolder(out, holding: "thesis.txt", "thesis")
        let error = try await #require(throws: ReportError.self) {
            try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: out)
        }
        #expect(error.description.contains("not a mindful-report report"))
        #expect(try String(contentsOf: out.appendingPathComponent("thesis.txt"), encoding: .utf8) == "thesis")
    }

    @Test func aSecondRunReplacesTheReportWhole() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try c.write("2023-06-08T05", records: [record(["callTargetId": q("old")])])
        let out = tmp.path("out")
        try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: out)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("targets/old.html").path))
        try c.write("2023-06-08T05", records: [record(["callTargetId": q("new")])])
        try await runReport(cache: c.root, from: "2023-06-08", to: "2023-06-08", out: out)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("targets/old.html").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("targets/new.html").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).sorted() == ["cache", "out"])
    }

    @Test func everyTemplateFileIsBundled() throws {
        let templates = TestPaths.package.appendingPathComponent("Templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: templates.path)
        for file in files where file.hasSuffix(".mustache") {
            let name = String(file.dropLast(".mustache".count))
            let onDisk = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            #expect(TemplateSet.bundled.templates[name] == onDisk, "Templates/\(file) is not in TemplateSet.bundled")
        }
        #expect(TemplateSet.bundled.templates.count == files.filter { $0.hasSuffix(".mustache") }.count)
    }
}

@Suite struct ValidateAllTests {
    static func page(_ body: String) -> [UInt8] {
        Array(ValidationAndPublishTests.validPage.replacingOccurrences(of: "<body><p>ok</p></body>", with: "<body>\(body)</body>").utf8)
    }
    static func svg(_ body: String) -> [UInt8] {
        Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
        <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="10" height="10"><title>t</title>\(body)</svg>
        """.utf8)
    }

    /// The many-document path (DTDs loaded once a core) agrees with validating each document on
    /// its own, valid or not, on every kind of problem.
    @Test func validatingManyAgreesWithValidatingEach() async throws {
        let documents: [(String, [UInt8])] = [
            ("ok.html", Self.page("<p>ok</p>")),
            ("nbsp.html", Self.page("<p>a&nbsp;b</p>")),
            ("blink.html", Self.page("<blink>x</blink>")),
            ("ids.html", Self.page("<p id=\"a\">1</p><p id=\"a\">2</p>")),
            ("attr.html", Self.page("<p align=\"center\">x</p>")),
            ("inline.html", Self.page("<p><div>x</div></p>")),
            ("empty-ul.html", Self.page("<ul></ul>")),
            ("ok.svg", Self.svg("<rect x=\"1\" y=\"1\" width=\"2\" height=\"2\"/>")),
            ("bad.svg", Self.svg("<rect foo=\"1\"/>")),
            ("unknown.svg", Self.svg("<blob/>")),
        ]
        let validator = DocumentValidator()
        let each = documents.map { doc -> Bool in (try? validator.validate(doc.1, name: doc.0)) != nil }
        #expect(each == [true, true, false, false, false, false, false, true, false, false])
        for (i, doc) in documents.enumerated() {
            // Every valid document with every other valid one passes together; each invalid one
            // makes the whole set fail, naming it.
            let set = documents.enumerated().filter { each[$0.offset] || $0.offset == i }.map { (name: $0.element.0, bytes: $0.element.1) }
            if each[i] {
                await #expect(throws: Never.self) { try await validator.validateAll(set) }
            } else {
                let failure = try await #require(throws: ValidationFailure.self) { try await validator.validateAll(set) }
                #expect(failure.file == doc.0)
            }
        }
    }

    /// A page with the report pages' DOCTYPE (XHTML+ARIA 1.0 and an internal subset of internal
    /// entities), with `entities` added to that subset.
    static func ariaPage(_ body: String, entities: String = "") -> String {
        """
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML+ARIA 1.0//EN" "http://www.w3.org/WAI/ARIA/schemata/xhtml-aria-1.dtd" [
        <!ENTITY lang-for-text-html "><html lang='en'><!--">\(entities)
        ]>
        <!-- -->
        <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en">
        <head><title>t</title></head>
        <body>\(body)</body>
        </html>
        """
    }

    /// Pages whose DOCTYPE has an internal subset of entities are held to the whole DTD on the
    /// many-document path too: each invalid one is rejected, also when what is invalid comes
    /// from one of the subset's entities, or is an entity that no subset declares.
    @Test(arguments: [
        ("ok", ariaPage("<p>ok</p>"), true),
        ("word", ariaPage("<p title=\"&word;\">&word;</p>", entities: "<!ENTITY word \"hello\">"), true),
        ("blink", ariaPage("<blink>x</blink>"), false),
        ("ids", ariaPage("<p id=\"a\">1</p><p id=\"a\">2</p>"), false),
        ("attr", ariaPage("<p align=\"center\">x</p>"), false),
        ("aria", ariaPage("<p aria-colour=\"red\">x</p>"), false),
        ("inline", ariaPage("<p><div>x</div></p>"), false),
        ("undeclared", ariaPage("<p>&nosuch;</p>"), false),
        ("entity-element", ariaPage("<p>&bad;</p>", entities: "<!ENTITY bad \"<blink>x</blink>\">"), false),
        ("entity-attribute", ariaPage("<p>&bad;</p>", entities: "<!ENTITY bad \"<span foo='1'>x</span>\">"), false),
        ("entity-in-attribute", ariaPage("<p id=\"&bad;\">x</p>", entities: "<!ENTITY bad \"1 2\">"), false),
    ])
    func pagesWithAnInternalSubsetAreValidatedWhole(name: String, text: String, valid: Bool) async throws {
        let page = Array(text.utf8)
        let validator = DocumentValidator()
        let alone = (try? validator.validate(page, name: "\(name).html")) != nil
        #expect(alone == valid)
        let set = [(name: "ok.html", bytes: Array(Self.ariaPage("<p>ok</p>").utf8)), (name: "\(name).html", bytes: page)]
        do {
            try await validator.validateAll(set)
            #expect(valid, "\(name) passed the many-document path")
        } catch let failure as ValidationFailure {
            #expect(!valid, "\(name): \(failure)")
            #expect(failure.file == "\(name).html")
        }
    }
}

/// Appendices stay whole however many call targets there are: more than the writer keeps open
/// at once, with buffers flushed by the shared budget.
@Suite struct ManyTargetsTests {
    @Test func everyTargetGetsEveryRowWithMoreTargetsThanOpenFiles() async throws {
        let tmp = try TemporaryFolder()
        let range = try ReportRange(from: LocalDate("2023-06-05")!, to: LocalDate("2023-06-05")!, timeZone: .named("UTC"))
        let targets = ReportWriter.openFileLimit + 7
        _ = try SampleGenerator(range: range, perDay: 3000, targets: targets, seed: 4).write(to: HourCache(root: tmp.path("cache")))
        let result = try await runReport(cache: tmp.path("cache"), from: "2023-06-05", to: "2023-06-05", out: tmp.path("out"))
        #expect(result.metrics.targets.count > ReportWriter.openFileLimit)
        var rows = 0
        for target in result.metrics.targets {
            let csv = try ParsedCSV(file: tmp.path("out/targets/\(TargetSlug.slug(forTargetId: target.id)).csv"))
            #expect(csv.rows.count == target.stats.attempts, "\(target.id)")
            #expect(Set(csv.rows.map { $0[csv.header.firstIndex(of: "callTargetId")!] }) == [target.id])
            rows += csv.rows.count
        }
        #expect(rows == result.metrics.all.stats.attempts)
    }
}

@Suite struct StreamedFileTests {
    /// Small blocks are buffered and large ones written as they are: the file holds the header
    /// and every block in the order given, whichever way each went.
    @Test func smallAndLargeBlocksKeepTheirOrder() throws {
        let tmp = try TemporaryFolder()
        let writer = try ReportWriter(output: tmp.path("out"))
        let header = Array("h\r\n".utf8)
        let blocks: [[UInt8]] = [
            Array(repeating: UInt8(ascii: "a"), count: 10),
            Array(repeating: UInt8(ascii: "b"), count: ReportWriter.directWriteBytes),
            Array(repeating: UInt8(ascii: "c"), count: 7),
            Array(repeating: UInt8(ascii: "d"), count: ReportWriter.directWriteBytes * 3 + 1),
            Array(repeating: UInt8(ascii: "e"), count: 5),
        ]
        for block in blocks { try writer.append(block, to: "targets/t.csv", header: header) }
        try writer.append(Array("x".utf8), to: "targets/u.csv", header: header)
        try writer.publish()
        #expect(try FileBytes.read(tmp.path("out/targets/t.csv").path) == header + blocks.flatMap { $0 })
        #expect(try FileBytes.read(tmp.path("out/targets/u.csv").path) == header + Array("x".utf8))
    }
}
