import Foundation
import Testing
@testable import MindfulReport

/// What axe-core checks in `scripts/a11y` (with Chromium), checked here on the markup itself:
/// XHTML+ARIA 1.0 pages with landmarks, a language that text/html readers see, no empty table
/// header, heat-map headers a screen reader can read, layout tables in the email marked as such.
@Suite(.tags(.accessibility)) struct AccessibilityTests {
    static let ariaDoctype = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML+ARIA 1.0//EN\" \"http://www.w3.org/WAI/ARIA/schemata/xhtml-aria-1.dtd\" ["

    /// A site with one report (goals and a comparison) and its email, published once for the
    /// tests that read it.
    static let published = Once { try await AccessibilityTests.publish(SharedFixtures.root.appendingPathComponent("accessibility")) }

    static func publish(_ folder: URL) async throws -> (site: URL, report: URL, email: String) {
        let c = CacheBuilder(root: folder.appendingPathComponent("cache"))
        try ComparedChangeTests.makeCache(c)
        let range = try ReportRange(from: LocalDate("2023-06-08")!, to: LocalDate("2023-06-09")!, timeZone: .named("UTC"))
        var options = ReportOptions(range: range, output: folder.appendingPathComponent("unused"))
        options.comparePrevious = true
        options.goals = Goals(global: [Goals.Goal(metric: "success_rate", comparison: .atLeast, threshold: 0.5)])
        let site = folder.appendingPathComponent("site")
        let delivery = Delivery(site: site, email: ReportEmail(from: "r@example.com", to: ["ops@example.com"]),
                                emailFile: folder.appendingPathComponent("mail.eml"))
        let outcome = try await DeliveryJob(job: ReportJob(report: options), delivery: delivery, source: CacheRecordSource(cache: c.cache)).run()
        let eml = String(decoding: try #require(outcome.email), as: UTF8.self)
        return (site, site.appendingPathComponent(try #require(outcome.siteID)), eml)
    }

    static func text(_ url: URL) throws -> String { String(decoding: try Data(contentsOf: url), as: UTF8.self) }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func pagesAreXHTMLAriaWithLandmarksAndALanguage() async throws {
        let (site, report, _) = try await Self.published.value
        let target = report.appendingPathComponent("targets/\(TargetSlug.slug(forTargetId: "T1")).html")
        for url in [report.appendingPathComponent("index.html"), target, site.appendingPathComponent("index.html")] {
            let page = try Self.text(url)
            #expect(page.hasPrefix(Self.ariaDoctype), "\(url.lastPathComponent)")
            // Text/html parsers end the DOCTYPE inside the entity and read <html lang='en'>.
            #expect(page.contains("<!ENTITY lang-for-text-html \"><html lang='en'><!--\">\n]>\n<!-- -->\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\">"))
            #expect(Self.count("role=\"main\"", in: page) == 1, "\(url.path)")
            #expect(Self.count("role=\"banner\"", in: page) == 1 && Self.count("role=\"contentinfo\"", in: page) == 1, "\(url.path)")
            try DocumentValidator().validatePage(Array(page.utf8), name: url.lastPathComponent)
        }
        let latest = try Self.text(site.appendingPathComponent("latest/index.html"))
        #expect(latest.hasPrefix(Self.ariaDoctype) && latest.contains("<div role=\"main\">"))
    }

    /// The body of a page between its banner and its footer is all inside the main landmark.
    @Test func everythingButTheBannerAndFooterIsInsideMain() async throws {
        let (_, report, _) = try await Self.published.value
        let page = try Self.text(report.appendingPathComponent("index.html"))
        let body = try #require(page.range(of: "<div class=\"page\">\n")).upperBound
        let rest = page[body...]
        #expect(rest.hasPrefix("<div class=\"masthead\" role=\"banner\">"))
        let main = try #require(rest.range(of: "</div>\n<div role=\"main\">\n"))
        let footer = try #require(rest.range(of: "</div>\n<div class=\"footer\" role=\"contentinfo\">"))
        #expect(main.upperBound < footer.lowerBound)
        #expect(rest[footer.upperBound...].hasSuffix("</div>\n</div>\n</body>\n</html>\n"))
    }

    @Test func noTableHeaderIsEmptyAndHeatMapCellsReadWithTheirHeaders() async throws {
        let (_, report, _) = try await Self.published.value
        let page = try Self.text(report.appendingPathComponent("index.html"))
        let headers = try Regex(#"<th[^>]*>(.*?)</th>"#)
        var checked = 0
        for match in page.matches(of: headers) {
            let inner = String(page[match.range]).replacing(try Regex(#"<[^>]+>"#), with: "")
                .replacingOccurrences(of: "&#160;", with: "").trimmingCharacters(in: .whitespaces)
            #expect(!inner.isEmpty, "empty header: \(page[match.range])")
            checked += 1
        }
        #expect(checked > 100)
        // "Thursday, 10:00: 40 attempts": row header, column header with its ":00", the unit.
        #expect(page.contains("<th scope=\"col\">10<span class=\"sr-only\">:00</span></th>"))
        #expect(page.contains("<tr><th scope=\"row\">Thursday</th>"))
        #expect(page.contains("<td>45<span class=\"sr-only\"> attempts</span></td>"))
        #expect(page.contains("<span class=\"sr-only\"> s average response</span></td>"))
        // The heat tables' cells and hour headings carry no class: the stylesheet aligns them
        // as figures (.num), all but the corner heading.
        let css = try Self.text(report.appendingPathComponent("report.css"))
        #expect(css.contains("table.heat td, table.heat thead th + th { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }"))
        #expect(css.contains(".num { text-align: right !important; white-space: nowrap; font-variant-numeric: tabular-nums; }"))
    }

    @Test func theEmailMarksItsLayoutTablesAndHasAMainLandmark() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try ComparedChangeTests.makeCache(c)
        let range = try ReportRange(from: LocalDate("2023-06-08")!, to: LocalDate("2023-06-08")!, timeZone: .named("UTC"))
        let result = try await ReportPipeline(options: ReportOptions(range: range, output: tmp.path("out")), source: CacheRecordSource(cache: c.cache)).run()
        let email = ReportEmail(from: "r@example.com", to: ["ops@example.com"])
        let html = String(decoding: try email.htmlBody(result.metrics, subject: "s", templates: .bundled, piiMode: .masked, generatedAt: Date()), as: UTF8.self)
        #expect(html.hasPrefix(Self.ariaDoctype))
        #expect(Self.count("role=\"main\"", in: html) == 1)
        #expect(!html.contains("summary=\"\""))
        // Every table is a layout table but the one of call targets, which has column headers.
        let tables = html.components(separatedBy: "<table ").dropFirst()
        let data = tables.filter { !$0.hasPrefix("width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" role=\"presentation\"") && !$0.contains("role=\"presentation\"") }
        #expect(data.count == 1)
        #expect(data.first?.contains("<th scope=\"col\"") == true)
        try DocumentValidator().validatePage(Array(html.utf8), name: "email.html")
    }

    @Test func aUserTemplateMayKeepXHTML10Strict() throws {
        let strict = """
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
        <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en"><head><title>t</title></head><body><p>x</p></body></html>
        """
        try DocumentValidator().validatePage(Array(strict.utf8), name: "strict.html")
        let svg = "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"1\" height=\"1\"></svg>"
        #expect(throws: ValidationFailure.self) { try DocumentValidator().validatePage(Array(svg.utf8), name: "chart.svg") }
    }
}
