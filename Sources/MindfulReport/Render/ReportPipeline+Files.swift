import Foundation

/// The files of a report as values: pages, charts, the stylesheet and the figure CSVs.
extension ReportPipeline {
    /// A file of the report: its path inside the report and its bytes.
    typealias File = (path: String, bytes: [UInt8])

    /// Renders and validates every page, chart, stylesheet and figure CSV of the report and hands
    /// each file to `write`, in order. The index (part 0) and each target's page (part t + 1),
    /// each with its charts, are rendered and validated `parallelism` at a time
    /// (``boundedMap(_:window:order:_:consume:)``) while `write` takes the parts already done, so
    /// writing overlaps the work on the later ones.
    /// - Throws: ``RenderError`` when a template fails, ``ValidationFailure`` for the first invalid
    ///   page or chart, or what `write` throws; nothing after the failing part is handed over.
    func renderFiles(_ metrics: ReportMetrics, previous: ReportMetrics?, goals: GoalEvaluation? = nil, renderer: PageRenderer,
                     generatedAt: Date, write: (File) throws -> Void) async throws {
        let part = pageFiles(metrics, previous: previous, goals: goals, renderer: renderer, generatedAt: generatedAt)
        let lanes = DocumentValidator.Lanes.shared
        try await boundedMap(Array(0...metrics.targets.count), window: max(1, options.parallelism), { index in
            Result {
                let files = try part(index)
                try lanes.validate(Self.documents(files))
                return files
            }
        }) { (_, rendered: Result<[File], any Error>) in
            for file in try rendered.get() { try write(file) }
            return .continue
        }
        let others = otherFiles(metrics, previous: previous, goals: goals, renderer: renderer, generatedAt: generatedAt)
        try lanes.validate(Self.documents(others))
        for file in others { try write(file) }
    }

    /// The files that are XHTML pages or SVG charts, as the validator takes them.
    private static func documents(_ files: [File]) -> [(name: String, bytes: [UInt8])] {
        files.filter { $0.path.hasSuffix(".html") || $0.path.hasSuffix(".svg") }.map { (name: $0.path, bytes: $0.bytes) }
    }

    /// The files of part 0 (the index and its charts) or part t + 1 (target t's page and charts).
    private func pageFiles(_ metrics: ReportMetrics, previous: ReportMetrics?, goals: GoalEvaluation?, renderer: PageRenderer,
                           generatedAt: Date) -> @Sendable (Int) throws -> [File] {
        var model = ReportPageModel(metrics: metrics, title: options.title, generatedAt: generatedAt, piiMode: options.piiMode, previous: previous)
        model.archiveHref = options.archiveHref
        model.goals = goals
        return { [model] part in
            // The insights (trend, heat maps, histograms) are worked out once for the page and its charts.
            if part == 0 {
                let insights = GroupInsights(metrics: metrics, target: -1)
                return [("index.html", try renderer.render("index", model.index(insights: insights)))] + insights.chartFiles()
            }
            let index = part - 1
            let insights = GroupInsights(metrics: metrics, target: index)
            return [("targets/\(insights.chartStem).html", try renderer.render("target", model.target(index, insights: insights)))]
                + insights.chartFiles()
        }
    }

    /// The stylesheet, the figure CSVs and the caller's extra files.
    private func otherFiles(_ metrics: ReportMetrics, previous: ReportMetrics?, goals: GoalEvaluation?, renderer: PageRenderer,
                            generatedAt: Date) -> [File] {
        var files: [File] = renderer.assets.map { ($0.key, $0.value) }
        files.append(("summary.csv", FigureCSVs.summary(metrics, previous: previous)))
        files.append(("outcomes.csv", FigureCSVs.outcomes(metrics, previous: previous)))
        files.append(("daily.csv", FigureCSVs.daily(metrics)))
        files.append(("hourly.csv", FigureCSVs.hourly(metrics)))
        if let goals { files.append(("goals.csv", FigureCSVs.goals(goals))) }
        if let extra = options.extraFiles { files += extra(metrics, generatedAt) }
        return files
    }
}
