import Foundation
import Testing
@testable import MindfulReport

/// A delivery run on a cache, offline.
@discardableResult
func deliver(cache: URL, from: String, to: String, timeZone: String = "UTC", output: URL? = nil, site: URL? = nil, keep: Int? = nil,
             targets: [String]? = nil, title: String? = nil, siteURL: String? = nil, email: ReportEmail? = nil, emailFile: URL? = nil,
             sendmail: String? = nil, now: Date = Date(timeIntervalSince1970: 1_686_300_000)) async throws -> DeliveryOutcome {
    let range = try ReportRange(from: LocalDate(from)!, to: LocalDate(to)!, timeZone: TimeZone.named(timeZone))
    let options = ReportOptions(range: range, output: output ?? URL(fileURLWithPath: "/nonexistent"), title: title ?? "Callback report")
    let job = ReportJob(report: options, targets: targets, oneOffTitle: title)
    let delivery = Delivery(output: output, site: site, keep: keep, siteURL: siteURL, email: email, emailFile: emailFile, sendmailPath: sendmail)
    return try await DeliveryJob(job: job, delivery: delivery, source: CacheRecordSource(cache: HourCache(root: cache))).run(now: now)
}

/// Every `.html` file under a folder, relative paths sorted.
func htmlFiles(under root: URL) -> [String] {
    let e = FileManager.default.enumerator(atPath: root.path)
    var out: [String] = []
    while let p = e?.nextObject() as? String { if p.hasSuffix(".html") { out.append(p) } }
    return out.sorted()
}
