import Foundation

/// The files of a report as values: pages, charts, the stylesheet and the figure CSVs.
extension ReportPipeline {
    /// A file of the report: its path inside the report and its bytes.
    typealias File = (path: String, bytes: [UInt8])

    /// Renders and validates every page, chart, stylesheet and figure CSV of the report and hands
    /// each file to `write`. The parts (the stylesheet and figure CSVs, the index with its charts,
    /// and each target's page with its charts) are made and validated `parallelism` at a time
    /// (``boundedMap(_:window:order:_:consume:)``) while `write` takes the parts already done, in
    /// that order, so writing overlaps the work on the later ones. The figure CSVs, the longest
    /// part, go first, so that no core is left with them alone at the end.
    /// - Throws: ``RenderError`` when a template fails, ``ValidationFailure`` for the first invalid
    ///   page or chart, or what `write` throws; nothing after the failing part is handed over.
    func renderFiles(_ metrics: ReportMetrics, previous: ReportMetrics?, goals: GoalEvaluation? = nil, renderer: PageRenderer,
                     generatedAt: Date, write: (File) throws -> Void) async throws {
        let page = pageFiles(metrics, previous: previous, goals: goals, renderer: renderer, generatedAt: generatedAt)
        let others = otherFiles(metrics, previous: previous, goals: goals, renderer: renderer, generatedAt: generatedAt)
        let parts: [Part] = [.others] + (0...metrics.targets.count).map(Part.page)
        let lanes = DocumentValidator.Lanes.shared
        // Every page has charts: their DTD loads here while the first page's loads with that page.
        async let chartDTD: Void = lanes.ready(publicID: SVGDocument.publicID, systemID: SVGDocument.systemID)
        try await boundedMap(parts, window: max(1, options.parallelism), { part in
            Result {
                let files: [File]
                switch part {
                case .others: files = others()
                case .page(let index): files = try page(index)
                }
                try lanes.validate(Self.documents(files))
                return files
            }
        }) { (_, rendered: Result<[File], any Error>) in
            for file in try rendered.get() { try write(file) }
            return .continue
        }
        await chartDTD
    }

    /// A part of the report's files, made as one task.
    private enum Part: Sendable {
        /// The stylesheet, the figure CSVs and the caller's extra files.
        case others
        /// The index (0) or target t's page (t + 1), with its charts.
        case page(Int)
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

    /// The stylesheet, the figure CSVs and the caller's extra files, made when called.
    private func otherFiles(_ metrics: ReportMetrics, previous: ReportMetrics?, goals: GoalEvaluation?, renderer: PageRenderer,
                            generatedAt: Date) -> @Sendable () -> [File] {
        let extraFiles = options.extraFiles
        return {
            var files: [File] = renderer.assets.map { ($0.key, $0.value) }
            files.append(("summary.csv", FigureCSVs.summary(metrics, previous: previous)))
            files.append(("outcomes.csv", FigureCSVs.outcomes(metrics, previous: previous)))
            files.append(("daily.csv", FigureCSVs.daily(metrics)))
            files.append(("hourly.csv", FigureCSVs.hourly(metrics)))
            if let goals { files.append(("goals.csv", FigureCSVs.goals(goals))) }
            if let extraFiles { files += extraFiles(metrics, generatedAt) }
            return files
        }
    }
}
