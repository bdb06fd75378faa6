import Foundation

/// The files of a report as values: pages, charts, the stylesheet and the figure CSVs.
extension ReportPipeline {
    /// A file of the report: its path inside the report and its bytes.
    typealias File = (path: String, bytes: [UInt8])

    /// Every page, stylesheet and figure CSV of the report. The index (part 0) and each target's
    /// page (part t + 1), each with its charts, are rendered `parallelism` at a time
    /// (``boundedMap(_:window:order:_:consume:)``); the files keep this order.
    func renderFiles(_ metrics: ReportMetrics, previous: ReportMetrics?, goals: GoalEvaluation? = nil, renderer: PageRenderer,
                     generatedAt: Date) async throws -> [File] {
        let part = pageFiles(metrics, previous: previous, goals: goals, renderer: renderer, generatedAt: generatedAt)
        var files: [File] = []
        try await boundedMap(Array(0...metrics.targets.count), window: max(1, options.parallelism), { index in
            Result { try part(index) }
        }) { (_, rendered: Result<[File], any Error>) in
            files += try rendered.get()
            return .continue
        }
        return files + otherFiles(metrics, previous: previous, goals: goals, renderer: renderer, generatedAt: generatedAt)
    }

    /// The files of part 0 (the index and its charts) or part t + 1 (target t's page and charts).
    private func pageFiles(_ metrics: ReportMetrics, previous: ReportMetrics?, goals: GoalEvaluation?, renderer: PageRenderer,
                           generatedAt: Date) -> @Sendable (Int) throws -> [File] {
        var model = ReportPageModel(metrics: metrics, title: options.title, generatedAt: generatedAt, piiMode: options.piiMode, previous: previous)
        model.archiveHref = options.archiveHref
        model.goals = goals
        return { [model] part in
            if part == 0 {
                return [("index.html", try renderer.render("index", model.index()))] + GroupInsights(metrics: metrics, target: -1).chartFiles()
            }
            let index = part - 1
            let slug = TargetSlug.slug(forTargetId: metrics.targets[index].id)
            return [("targets/\(slug).html", try renderer.render("target", model.target(index)))]
                + GroupInsights(metrics: metrics, target: index).chartFiles()
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
