import Foundation
import Testing
@testable import MindfulReport

@Suite struct SiteTests {
    /// The cache of ``cache(_:)`` and a site folder (not made yet) in `tmp`.
    func siteSandbox(_ tmp: TemporaryFolder) throws -> (CacheBuilder, URL) { (try cache(tmp), tmp.path("site")) }

    func cache(_ tmp: TemporaryFolder) throws -> CacheBuilder {
        let c = CacheBuilder(root: tmp.path("cache"))
        for day in ["2023-06-05", "2023-06-06", "2023-06-07", "2023-06-08"] {
            for hour in 0..<24 {
                try c.write("\(day)T\(hour < 10 ? "0" : "")\(hour)", records: [
                    record(["callTargetId": q("5298"), "callTargetName": q("Billing"), "actualCallbackTime": "60"]),
                    record(["callTargetId": q("5301"), "callTargetName": q("Rückrufe <Support>"), "outcome": q("Canceled")]),
                ])
            }
        }
        return c
    }

    /// Every page validates and every link and image on it is relative and resolves.
    func checkEveryPage(_ site: URL) throws {
        let pages = htmlFiles(under: site)
        #expect(!pages.isEmpty)
        for page in pages {
            let url = site.appendingPathComponent(page)
            try DocumentValidator().validateFile(at: url.path)
            let problems = try LinkChecker().check(fileAt: url)
            #expect(problems.isEmpty, "\(problems.map(\.description))")
        }
    }

    func entries(_ site: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: site.appendingPathComponent("2023-06-08/report.json"))) as! [String: Any]
    }

    @Test func theSiteAfterThreeRunsLinksListsAndPointsRight() async throws {
        let tmp = try TemporaryFolder()
        let (c, site) = try siteSandbox(tmp)
        try await deliver(cache: c.root, from: "2023-06-07", to: "2023-06-07", site: site)
        try await deliver(cache: c.root, from: "2023-06-08", to: "2023-06-08", site: site)
        let filtered = try await deliver(cache: c.root, from: "2023-06-08", to: "2023-06-08", site: site, targets: ["5298"])
        #expect(filtered.siteID == "2023-06-08_targets-5298")
        #expect(filtered.result.metrics.all.requests == 24)  // ALL is the filtered set
        #expect(filtered.result.metrics.targets.map(\.id) == ["5298"])

        let names = try FileManager.default.contentsOfDirectory(atPath: site.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names == ["2023-06-07", "2023-06-08", "2023-06-08_targets-5298", "index.html", "latest", "report.css"])
        try checkEveryPage(site)

        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        let p7 = try #require(index.range(of: "href=\"2023-06-07/index.html\""))
        let p8 = try #require(index.range(of: "href=\"2023-06-08/index.html\""))
        let pf = try #require(index.range(of: "href=\"2023-06-08_targets-5298/index.html\""))
        #expect(p8.lowerBound < pf.lowerBound && pf.lowerBound < p7.lowerBound, "newest first, full before one-off")
        #expect(index.contains("<h2 id=\"daily\">Daily</h2>"))
        #expect(index.contains("call targets 5298"))
        #expect(index.contains(">48<") && index.contains(">50.0%<"))  // headline figures of the full day

        let latest = try String(contentsOf: site.appendingPathComponent("latest/index.html"), encoding: .utf8)
        #expect(latest.contains("<meta http-equiv=\"refresh\" content=\"0; url=../2023-06-08/index.html\" />"))
        #expect(latest.contains("<a href=\"../2023-06-08/index.html\">"))

        // Report pages link back to the archive.
        let report = try String(contentsOf: site.appendingPathComponent("2023-06-08/index.html"), encoding: .utf8)
        #expect(report.contains("href=\"../index.html\""))
        let target = try String(contentsOf: site.appendingPathComponent("2023-06-08/targets/5298.html"), encoding: .utf8)
        #expect(target.contains("href=\"../../index.html\""))

        let meta = try entries(site)
        #expect(meta["kind"] as? String == "daily" && meta["requests"] as? Int == 48 && meta["oneOff"] as? Bool == false)
        #expect(meta["hoursExpected"] as? Int == 24 && meta["hoursMissing"] as? Int == 0)
    }

    @Test func theArchiveGroupsKindsAndIsRebuiltFromTheFolder() async throws {
        let tmp = try TemporaryFolder()
        let (c, site) = try siteSandbox(tmp)
        try await deliver(cache: c.root, from: "2023-06-05", to: "2023-06-11", site: site)
        try await deliver(cache: c.root, from: "2023-06-01", to: "2023-06-30", site: site)
        try await deliver(cache: c.root, from: "2023-06-06", to: "2023-06-07", site: site, title: "Two days")
        try await deliver(cache: c.root, from: "2023-06-08", to: "2023-06-08", site: site)
        let names = try FileManager.default.contentsOfDirectory(atPath: site.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names.contains("2023-W23") && names.contains("2023-06") && names.contains("2023-06-06_2023-06-07_two-days"))
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        let order = ["id=\"daily\"", "id=\"weekly\"", "id=\"monthly\"", "id=\"other\""].map { index.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
        #expect(index.contains("Incomplete: 624 of 720 hours missing"))  // the month has 4 days of data
        try checkEveryPage(site)
        // The archive comes from report.json alone: delete the index, rebuild, same page.
        let before = try Data(contentsOf: site.appendingPathComponent("index.html"))
        try FileManager.default.removeItem(at: site.appendingPathComponent("index.html"))
        try SitePublisher(folder: site).rewriteIndex(renderer: PageRenderer(templates: .bundled), now: Date(timeIntervalSince1970: 1_686_300_000))
        #expect(try Data(contentsOf: site.appendingPathComponent("index.html")) == before)
    }

    @Test func keepPrunesOldDailyReportsOnly() async throws {
        let tmp = try TemporaryFolder()
        let (c, site) = try siteSandbox(tmp)
        try await deliver(cache: c.root, from: "2023-06-05", to: "2023-06-11", site: site)
        for day in ["2023-06-05", "2023-06-06", "2023-06-07"] {
            try await deliver(cache: c.root, from: day, to: day, site: site, keep: 2)
        }
        let last = try await deliver(cache: c.root, from: "2023-06-08", to: "2023-06-08", site: site, keep: 2)
        #expect(last.pruned == ["2023-06-06"])
        let names = try FileManager.default.contentsOfDirectory(atPath: site.path).sorted()
        #expect(names.filter { $0.hasPrefix("2023") } == ["2023-06-07", "2023-06-08", "2023-W23"])
        #expect(!names.contains { $0.contains("pruned") || $0.contains("staging") })
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!index.contains("2023-06-05/") && !index.contains("2023-06-06/"))
        try checkEveryPage(site)
    }

    @Test func twoRunsAtOnceLeaveAConsistentSite() async throws {
        let tmp = try TemporaryFolder()
        let (c, site) = try siteSandbox(tmp)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for day in ["2023-06-05", "2023-06-06", "2023-06-07", "2023-06-08"] {
                group.addTask { try await deliver(cache: c.root, from: day, to: day, site: site) }
            }
            try await group.waitForAll()
        }
        let entries = SitePublisher(folder: site).entries()
        #expect(entries.map(\.id) == ["2023-06-08", "2023-06-07", "2023-06-06", "2023-06-05"])
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        for e in entries { #expect(index.contains("href=\"\(e.id)/index.html\"")) }
        try checkEveryPage(site)
    }

    @Test func aFolderOfOtherFilesIsNotTakenForASite() async throws {
        let tmp = try TemporaryFolder()
        let c = try cache(tmp)
        let site = tmp.path("docs")
        try makeFolder(site, holding: "notes.txt", "mine")
        let e = try await #require(throws: DeliveryError.self) {
            try await deliver(cache: c.root, from: "2023-06-08", to: "2023-06-08", site: site)
        }
        #expect(e.description.contains("not a mindful-report site"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path) == ["notes.txt"])
    }

    /// What a run that started a moment earlier leaves before its marker is in place (its lock
    /// file and the marker's temporary file) is a site being made, not a folder of other files.
    @Test func aSiteBeingMadeByAnotherRunIsNotRefused() async throws {
        let tmp = try TemporaryFolder()
        let c = try cache(tmp)
        let site = tmp.path("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data().write(to: site.appendingPathComponent(".lock"))
        try Data("x".utf8).write(to: site.appendingPathComponent("..mindful-report-site.tmp-1-2"))
        try await deliver(cache: c.root, from: "2023-06-08", to: "2023-06-08", site: site)
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(".mindful-report-site").path))
        #expect(SitePublisher(folder: site).entries().map(\.id) == ["2023-06-08"])

        let other = tmp.path("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data().write(to: other.appendingPathComponent(".lock"))
        try Data("mine".utf8).write(to: other.appendingPathComponent("notes.txt"))
        await #expect(throws: DeliveryError.self) {
            try await deliver(cache: c.root, from: "2023-06-08", to: "2023-06-08", site: other)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: other.path).sorted() == [".lock", "notes.txt"])
    }

    @Test func theLinkCheckerFindsBrokenAndAbsoluteLinks() throws {
        let tmp = try TemporaryFolder()
        let page = """
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
        <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
        <head><title>t</title><link rel="stylesheet" type="text/css" href="here.css" /></head>
        <body id="top"><p><a href="missing.html">x</a> <a href="https://example.com/">y</a> <a href="#top">z</a> <a href="#nowhere">w</a>
        <img src="chart.svg" alt="c" /></p></body>
        </html>
        """
        try Data(page.utf8).write(to: tmp.path("p.html"))
        try Data().write(to: tmp.path("here.css"))
        let problems = try LinkChecker().check(fileAt: tmp.path("p.html"))
        #expect(problems.map(\.link.value).sorted() == ["#nowhere", "chart.svg", "https://example.com/", "missing.html"])
        #expect(problems.first { $0.link.value == "missing.html" }?.link.line == 4)
        #expect(problems.first { $0.link.value == "https://example.com/" }?.reason == "not a relative link")
    }
}
