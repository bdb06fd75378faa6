import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import MindfulReport

/// The DTDs built into the binary: every kind of page validates with no catalog, and anything
/// else fails with "unknown DTD" without a file or network being tried.
@Suite struct BuiltInDTDTests {
    static let ariaPage = """
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML+ARIA 1.0//EN" "http://www.w3.org/WAI/ARIA/schemata/xhtml-aria-1.dtd">
    <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en">
    <head><title>t</title></head>
    <body><div role="main" aria-labelledby="h"><h1 id="h">Callbacks &eacute;&euro;&alpha;</h1>
    <table aria-describedby="h"><tr><th scope="col">a</th></tr><tr><td>1</td></tr></table></div></body>
    </html>
    """

    @Test func everyKindValidatesAndSaysWhichDTDItUsed() throws {
        let validator = DocumentValidator()
        let strict = try validator.validate(Array(ValidationAndPublishTests.validPage.replacingOccurrences(of: "<p>ok</p>", with: "<p>&nbsp;&hellip;&Omega;</p>").utf8),
                                            name: "s.html", expecting: .xhtml10Strict)
        #expect(strict.description == "XHTML 1.0 Strict, built in")
        let aria = try validator.validate(Array(Self.ariaPage.utf8), name: "a.html", expecting: .xhtmlARIA10)
        #expect(aria.description == "XHTML+ARIA 1.0, built in")
        let svg = try validator.validate(ValidateAllTests.svg("<rect width=\"1\" height=\"1\"/>"), name: "c.svg", expecting: .svg11)
        #expect(svg == .init(kind: .svg11, identifier: "-//W3C//DTD SVG 1.1//EN", builtIn: true))
        // A DOCTYPE with only a system identifier is found by it.
        let systemOnly = Array(String(decoding: ValidateAllTests.svg("<circle r=\"1\"/>"), as: UTF8.self)
            .replacingOccurrences(of: "PUBLIC \"-//W3C//DTD SVG 1.1//EN\"", with: "SYSTEM").utf8)
        #expect(try validator.validate(systemOnly, name: "s.svg").kind == .svg11)
        // The ARIA page is not XHTML 1.0 Strict.
        let wrongKind = try #require(throws: ValidationFailure.self) {
            try validator.validate(Array(Self.ariaPage.utf8), name: "a.html", expecting: .xhtml10Strict)
        }
        #expect(wrongKind.problems.first?.message == "the DOCTYPE does not declare -//W3C//DTD XHTML 1.0 Strict//EN")
    }

    @Test func theARIADTDStillRejectsWhatItDoesNotAllow() throws {
        let bad = Self.ariaPage.replacingOccurrences(of: "aria-labelledby", with: "aria-colour")
        let failure = try #require(throws: ValidationFailure.self) { try DocumentValidator().validate(Array(bad.utf8), name: "a.html") }
        #expect(failure.problems.contains { $0.line == 5 && $0.message.contains("aria-colour") }, "\(failure.allLines)")
    }

    @Test(arguments: [false, true]) func aDTDThatIsNotBuiltInFailsWithItsName(many: Bool) async throws {
        let transitional = ValidationAndPublishTests.validPage
            .replacingOccurrences(of: "XHTML 1.0 Strict", with: "XHTML 1.0 Transitional")
            .replacingOccurrences(of: "xhtml1-strict.dtd", with: "xhtml1-transitional.dtd")
        let failure = try await #require(throws: ValidationFailure.self) {
            if many {
                try await DocumentValidator().validateAll([(name: "ok.html", bytes: Array(ValidationAndPublishTests.validPage.utf8)),
                                                     (name: "t.html", bytes: Array(transitional.utf8))])
            } else {
                try DocumentValidator().validate(Array(transitional.utf8), name: "t.html")
            }
        }
        #expect(failure.file == "t.html")
        let first = try #require(failure.problems.first)
        #expect(first.line == 1)
        #expect(first.message.hasPrefix("unknown DTD PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" SYSTEM \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\": not one of the built-in DTDs"),
                "\(failure.allLines)")
    }

    /// An entity on a server that is listening on 127.0.0.1 is not fetched: the loader refuses it
    /// by name and no connection reaches the server.
    @Test func anEntityOnAServerIsNeverFetched() throws {
        let listener = try LoopbackListener()
        let url = "http://127.0.0.1:\(listener.port)/extra.ent"
        let page = ValidationAndPublishTests.validPage.replacingOccurrences(
            of: "xhtml1-strict.dtd\">", with: "xhtml1-strict.dtd\" [\n<!ENTITY % extra SYSTEM \"\(url)\"> %extra;\n]>")
        let failure = try #require(throws: ValidationFailure.self) { try DocumentValidator().validate(Array(page.utf8), name: "e.html") }
        #expect(failure.problems.first?.message.hasPrefix("unknown DTD SYSTEM \"\(url)\"") == true, "\(failure.allLines)")
        #expect(listener.pendingConnection() == false)
    }

    @Test func theTableNamesEveryFileOnceWithItsIdentifiers() {
        let entries = BuiltInDTDs.entries
        #expect(entries.count == 79)
        #expect(Set(entries.map(\.file)).count == entries.count)
        #expect(Set(entries.map(\.publicID)).count == entries.count)
        for entry in entries {
            #expect(!entry.text.isEmpty && !entry.systemIDs.isEmpty, "\(entry.file)")
            #expect(BuiltInDTDs.entry(publicID: entry.publicID, systemID: nil)?.file == entry.file)
            for system in entry.systemIDs { #expect(BuiltInDTDs.entry(publicID: nil, systemID: system)?.file == entry.file) }
        }
        // The files as w3c-sgml-lib 1.3 has them, to the byte.
        #expect(entries.reduce(0) { $0 + $1.text.count } == 374_754)
        for kind in DocumentValidator.Kind.allCases { #expect(BuiltInDTDs.entry(publicID: kind.rawValue, systemID: nil) != nil) }
        // An unknown public identifier is not rescued by a known system identifier.
        #expect(BuiltInDTDs.entry(publicID: "-//X//DTD Y//EN", systemID: "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd") == nil)
    }
}

/// A TCP socket listening on 127.0.0.1 (any free port) that is never accepted from; closed on deinit.
final class LoopbackListener {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 4) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { close(fd); throw POSIXError(.EADDRNOTAVAIL) }
        descriptor = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    /// True when a client has connected (a connection is waiting to be accepted).
    func pendingConnection() -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) > 0
    }

    deinit { close(descriptor) }
}

/// The executable needs no XML catalog: with `XML_CATALOG_FILES` naming an empty catalog, the
/// sample report is made and every page and chart validates; a template naming a DTD that
/// is not built in fails the run with the DTD's name.
@Suite(.tags(.cli)) struct SelfContainedValidationTests {
    static func emptyCatalog(in folder: URL) throws -> [String: String] {
        let url = folder.appendingPathComponent("empty-catalog.xml")
        try Data("<?xml version=\"1.0\"?>\n<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\"/>\n".utf8).write(to: url)
        return ["XML_CATALOG_FILES": url.path]
    }

    @Test func theSampleReportValidatesWithAnEmptyCatalog() async throws {
        let box = try EndToEndSandbox()
        let environment = try Self.emptyCatalog(in: box.work)
        let out = box.out("report")
        let run = try await runCLI(["report", "--offline", "--cache", EndToEndSandbox.samples.path, "--from", "2023-06-05",
                                    "--to", "2023-06-11", "--timezone", "America/New_York", "--out", out.path],
                                   environment: environment, work: box.work)
        #expect(run.status == 0 && !run.signalled, "\(run.summary)")
        let files = try EndToEndSandbox.files(out).keys.filter { $0.hasSuffix(".html") || $0.hasSuffix(".svg") }.sorted()
        #expect(files.contains("index.html") && files.contains { $0.hasPrefix("targets/") } && files.contains { $0.hasSuffix(".svg") })
        let check = try await runCLI(["validate"] + files.map { out.appendingPathComponent($0).path }, environment: environment, work: box.work)
        #expect(check.status == 0 && !check.signalled, "\(check.summary)")
        let lines = check.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == files.count)
        for line in lines {
            #expect(line.hasSuffix(": valid (XHTML+ARIA 1.0, built in)") || line.hasSuffix(": valid (SVG 1.1, built in)"), "\(line)")
        }
    }

    @Test func versionNamesTheReleaseLibxml2AndTheW3CNotice() async throws {
        let box = try EndToEndSandbox()
        let run = try await runCLI(["--version"], work: box.work)
        #expect(run.status == 0 && !run.signalled, "\(run.summary)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("mindful-report \(MindfulReportVersion.string)") == true, "\(run.stdout)")
        #expect(lines.contains("libxml2 \(MindfulReportVersion.libxml2) (built with \(MindfulReportVersion.libxml2Headers) headers)"), "\(run.stdout)")
        #expect(MindfulReportVersion.libxml2.hasPrefix("2."))
        #expect(run.stdout.contains("World Wide Web Consortium"))
        #expect(MindfulReportVersion.userAgent == "mindful-report/\(MindfulReportVersion.string)")
    }

    @Test func aTemplateNamingAnUnknownDTDFailsTheRunWithItsName() async throws {
        let box = try EndToEndSandbox()
        let environment = try Self.emptyCatalog(in: box.work)
        let templates = box.out("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let head = try #require(TemplateSet.bundled.templates["head"])
            .replacingOccurrences(of: "-//W3C//DTD XHTML+ARIA 1.0//EN", with: "-//W3C//DTD XHTML 1.0 Transitional//EN")
            .replacingOccurrences(of: "http://www.w3.org/WAI/ARIA/schemata/xhtml-aria-1.dtd",
                                  with: "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd")
        try Data(head.utf8).write(to: templates.appendingPathComponent("head.mustache"))
        let out = box.out("report")
        let run = try await runCLI(["report", "--offline", "--cache", EndToEndSandbox.samples.path, "--from", "2023-06-05",
                                    "--to", "2023-06-05", "--timezone", "UTC", "--out", out.path, "--templates", templates.path],
                                   environment: environment, work: box.work)
        #expect(run.status == 1, "\(run.summary)")
        #expect(run.stderr.contains("unknown DTD PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\""), "\(run.summary)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
