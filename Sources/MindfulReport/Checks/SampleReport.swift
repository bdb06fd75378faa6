import Foundation

/// A report of one made-up record, rendered and validated with a set of templates: the check
/// that a template folder makes valid pages, before any hour is read.
enum SampleReport {
    /// One record of a made-up call target, on 2023-06-08 (UTC).
    static let body = Array(#"{"data": [{"id": "check-1", "callTargetId": "check", "callTargetName": "Template check", "outcome": "Success", "retryAttempt": 0, "type": "asap", "actualCallbackTime": 60, "wasPunctual": true, "talkDuration": 120}]}"#.utf8)

    /// Renders every page and chart of the sample report with the templates of `templatesDirectory`
    /// (the built-in ones where it has none) and validates them.
    /// - Throws: ``RenderError`` when a template does not parse or render, ``ValidationFailure``
    ///   when a page is not valid.
    static func renderAndValidate(templatesDirectory: URL?, title: String, piiMode: PIIMode) async throws {
        let day = LocalDate("2023-06-08")!
        let range = try ReportRange(from: day, to: day, timeZone: TimeZone(identifier: "UTC")!)
        let hour = range.hours[12]
        let records = try FastHourDecoder().decode(body)
        let metrics = try await MetricsAggregator.metrics(range: range, hours: [(hour, records)])
        let templates = try templatesDirectory.map(TemplateSet.overriding(with:)) ?? TemplateSet.bundled
        let renderer = try PageRenderer(templates: templates)
        var options = ReportOptions(range: range, output: URL(fileURLWithPath: "/nonexistent"), title: title, piiMode: piiMode,
                                    templatesDirectory: templatesDirectory)
        options.archiveHref = "../index.html"
        let pipeline = ReportPipeline(options: options, source: CacheRecordSource(cache: HourCache(root: URL(fileURLWithPath: "/nonexistent"))))
        // Rendered and validated, and written nowhere.
        try await pipeline.renderFiles(metrics, previous: nil, renderer: renderer, generatedAt: Date(timeIntervalSince1970: 1_686_240_000)) { _ in }
    }
}
