import Foundation
import Testing
@testable import MindfulReport

@Suite struct MailTests {
    struct Parsed {
        let json: [String: Any]
        var headers: [String: String] { json["headers"] as! [String: String] }
        var tree: [String: Any] { json["tree"] as! [String: Any] }
    }

    /// Parses an .eml with Python's `email` package.
    func parse(_ file: URL) async throws -> Parsed {
        let run = try await Python.run([TestPaths.fixture("parse_eml.py").path, file.path])
        try #require(run.status == 0, "\(run.output)")
        return Parsed(json: try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as! [String: Any])
    }

    func payload(_ node: [String: Any]) -> [UInt8] { Array(Data(base64Encoded: node["payload"] as! String)!) }

    func cache(_ tmp: TemporaryFolder, targets: Int) throws -> CacheBuilder {
        let c = CacheBuilder(root: tmp.path("cache"))
        var records: [String] = []
        for t in 0..<targets {
            records.append(record(["callTargetId": q("T\(t)"), "callTargetName": q("Queue \(t) – Zoë's <desk>"), "actualCallbackTime": "\(60 + t)",
                                   "outcome": q(t % 3 == 0 ? "Canceled" : "Success")]))
        }
        try c.write("2023-06-08T10", records: records)
        return c
    }

    @Test func theEmailParsesAsMIMEWithEveryPartRight() async throws {
        let tmp = try TemporaryFolder()
        let c = try cache(tmp, targets: 3)
        let eml = tmp.path("daily.eml")
        let email = ReportEmail(from: "Rapports d’appels <reports@example.com>", to: ["ops@example.com", "Zoë Manager <zoe@example.com>"],
                                cc: ["lead@example.com"], subjectPrefix: "[Équipe]")
        let outcome = try await deliver(cache: c.root, from: "2023-06-08", to: "2023-06-08", site: tmp.path("site"),
                                        siteURL: "https://intra.example.com/cb", email: email, emailFile: eml)
        let parsed = try await parse(eml)
        let h = parsed.headers
        #expect(h["Subject"] == "[Équipe] Callbacks 2023-06-08: 3 requests, 66.7% success (incomplete)")
        #expect((parsed.json["raw_subject"] as! String).contains("=?UTF-8?B?"))
        #expect(parsed.json["from_display"] as? String == "Rapports d’appels")
        #expect(parsed.json["to_addresses"] as? [String] == ["ops@example.com", "zoe@example.com"])
        #expect(h["To"]?.contains("Zoë Manager") == true)
        #expect(h["Cc"] == "lead@example.com")
        #expect(h["MIME-Version"] == "1.0")
        #expect(h["Message-ID"]?.hasSuffix("@example.com>") == true)
        #expect(parsed.json["date_parsed"] as? String == "2023-06-09T08:40:00+00:00")
        #expect(parsed.json["non_ascii"] as? Bool == false, "8-bit bytes in the message")
        #expect(parsed.json["bare_lf"] as? Bool == false, "every line ends in CRLF")
        #expect((parsed.json["max_line"] as! Int) <= 76)

        let root = parsed.tree
        #expect(root["content_type"] as? String == "multipart/mixed")
        #expect((root["defects"] as! [String]).isEmpty)
        let parts = root["parts"] as! [[String: Any]]
        #expect(parts.count == 2)
        let alt = parts[0]
        #expect(alt["content_type"] as? String == "multipart/alternative")
        #expect(alt["boundary"] as? String != root["boundary"] as? String)
        let bodies = alt["parts"] as! [[String: Any]]
        #expect(bodies.map { $0["content_type"] as! String } == ["text/plain", "text/html"])
        #expect(bodies.allSatisfy { $0["charset"] as? String == "utf-8" && $0["cte"] as? String == "quoted-printable" })
        let text = String(decoding: payload(bodies[0]), as: UTF8.self)
        #expect(text.contains("Success rate:     66.7%"))
        #expect(text.contains("Queue 1 – Zoë's <desk>: 1 requests"))
        #expect(text.contains("Full report: https://intra.example.com/cb/2023-06-08/index.html"))
        let html = payload(bodies[1])
        try DocumentValidator().validate(html, name: "email.html", expecting: .xhtmlARIA10)
        #expect(html.count < ReportEmail.htmlLimit)
        let htmlText = String(decoding: html, as: UTF8.self)
        #expect(!htmlText.contains("<style") && !htmlText.contains("class=") && !htmlText.contains("<svg") && !htmlText.contains("<script"))
        #expect(htmlText.contains("href=\"https://intra.example.com/cb/2023-06-08/index.html\""))
        #expect(htmlText.contains("width:67%"))  // the ALL row's bar
        #expect(htmlText.contains("Zoë&#39;s &lt;desk&gt;"))

        let csv = parts[1]
        #expect(csv["content_type"] as? String == "text/csv")
        #expect(csv["disposition"] as? String == "attachment")
        #expect(csv["filename"] as? String == "summary.csv")
        #expect(csv["cte"] as? String == "base64")
        let onDisk = try Data(contentsOf: outcome.result.output.appendingPathComponent("summary.csv"))
        #expect(payload(csv) == Array(onDisk))
    }

    @Test func appendicesAreAttachedWhenAsked() async throws {
        let tmp = try TemporaryFolder()
        let c = try cache(tmp, targets: 2)
        let eml = tmp.path("daily.eml")
        let outcome = try await deliver(cache: c.root, from: "2023-06-08", to: "2023-06-08", email: ReportEmail(from: "r@example.com", to: ["a@example.com"], attachAppendices: true),
                                        emailFile: eml)
        let parts = try await parse(eml).tree["parts"] as! [[String: Any]]
        #expect(parts.dropFirst().map { $0["filename"] as! String } == ["summary.csv", "target-_t0-\(TargetSlug.slug(forTargetId: "T0").split(separator: "-").last!).csv", "target-\(TargetSlug.slug(forTargetId: "T1")).csv"])
        #expect(parts[2]["content_type"] as? String == "text/csv")
        // Mail only: no --out, no --site; the scratch report is gone afterwards.
        #expect(!FileManager.default.fileExists(atPath: outcome.result.output.path))
    }

    /// 400 call targets: the body fits about 150 of them, so it is cut; each target costs a page
    /// of the report the email is made from, so no more than that.
    @Test func manyTargetsStayUnder100KBWithAnAndMoreLine() async throws {
        let tmp = try TemporaryFolder()
        let targets = 400
        let c = try cache(tmp, targets: targets)
        let eml = tmp.path("big.eml")
        try await deliver(cache: c.root, from: "2023-06-08", to: "2023-06-08", email: ReportEmail(from: "r@example.com", to: ["a@example.com"]), emailFile: eml)
        let parsed = try await parse(eml)
        let alt = (parsed.tree["parts"] as! [[String: Any]])[0]["parts"] as! [[String: Any]]
        let html = payload(alt[1])
        #expect(html.count < 100_000)
        #expect(html.count > 80_000)  // cut to fit, not to nothing
        try DocumentValidator().validate(html, name: "email.html", expecting: .xhtmlARIA10)
        let text = String(decoding: html, as: UTF8.self)
        let more = try #require(text.range(of: #"and [0-9,]+ more call targets"#, options: .regularExpression))
        let shown = text.components(separatedBy: "Queue ").count - 1
        #expect(shown > 0 && shown < targets)
        #expect(text[more].contains(DisplayFormat.count(targets - shown)))
        #expect((parsed.json["max_line"] as! Int) <= 76)
    }

    @Test func headersAreEncodedFoldedAndSafe() throws {
        let long = String(repeating: "Rückrufe und Übersicht ", count: 6)
        let m = MailMessage(from: "a@example.com", to: ["b@example.com"], subject: long + "\r\nBcc: evil@example.com",
                            date: Date(timeIntervalSince1970: 0), messageID: "x@example.com", text: "hi", html: Array("<p/>".utf8))
        let text = String(decoding: try m.bytes(), as: UTF8.self)
        let headerBlock = text.components(separatedBy: "\r\n\r\n")[0]
        #expect(!headerBlock.contains("\r\nBcc:"))
        for line in headerBlock.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 76, "\(line)") }
        #expect(headerBlock.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"))
        #expect(throws: MailError.badAddress("not an address")) { try MailMessage.parseAddress("not an address") }
        #expect(MailError.noRecipients.description == "the email has no recipients (To: or Cc:)")
        #expect(!MailError.noSender.description.contains("--"), "the library names no option")
        #expect(MailMessage.quotedPrintable(Array("a=b \n".utf8)) == "a=3Db=20\r\n")
        #expect(MailMessage.quotedPrintable(Array(String(repeating: "x", count: 100).utf8)).components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
    }

    @Test func sendmailGetsTheMessageAndItsStatusIsReported() async throws {
        let tmp = try TemporaryFolder()
        let c = try cache(tmp, targets: 2)
        let got = tmp.path("got.eml")
        let ok = tmp.path("sendmail-ok")
        try Data("#!/bin/sh\n[ \"$1 $2\" = \"-t -i\" ] || exit 64\ncat > '\(got.path)'\n".utf8).write(to: ok)
        let bad = tmp.path("sendmail-bad")
        try Data("#!/bin/sh\ncat >/dev/null\necho 'queue is full' >&2\nexit 75\n".utf8).write(to: bad)
        for f in [ok, bad] { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: f.path) }
        let email = ReportEmail(from: "r@example.com", to: ["a@example.com"])
        let outcome = try await deliver(cache: c.root, from: "2023-06-08", to: "2023-06-08", output: tmp.path("out"), email: email, sendmail: ok.path)
        #expect(outcome.sent)
        #expect(try Array(Data(contentsOf: got)) == outcome.email)
        let e = try await #require(throws: DeliveryError.self) {
            try await deliver(cache: c.root, from: "2023-06-08", to: "2023-06-08", output: tmp.path("out"), email: email, sendmail: bad.path)
        }
        #expect(e.description.contains("exited with status 75: queue is full"))
        #expect(e.description.contains("the report itself was published"))
    }
}
