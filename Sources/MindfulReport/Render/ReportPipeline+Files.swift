import Foundation

/// The files of a report as values: pages, charts, the stylesheet and the figure CSVs.
extension ReportPipeline {
    /// A file of the report: its path inside the report and its bytes.
    typealias File = (path: String, bytes: [UInt8])

    /// Every page, stylesheet and figure CSV of the report. The index and each target's page,
    /// each with its charts, are rendered in child tasks, as many at once as there are cores;
    /// the files keep their order.
    func renderFiles(_ metrics: ReportMetrics, previous: ReportMetrics?, goals: GoalEvaluation? = nil, renderer: PageRenderer,
                     generatedAt: Date) async throws -> [File] {
        let part = pageFiles(metrics, previous: previous, goals: goals, renderer: renderer, generatedAt: generatedAt)
        let parts = try await orderedConcurrentMap(Array(0...metrics.targets.count), width: ProcessInfo.processInfo.activeProcessorCount, part)
        return parts.flatMap { $0 } + otherFiles(metrics, previous: previous, goals: goals, renderer: renderer, generatedAt: generatedAt)
    }

    /// The same files rendered one page after another, for the one-record sample report.
    func renderFilesSerially(_ metrics: ReportMetrics, previous: ReportMetrics?, renderer: PageRenderer, generatedAt: Date) throws -> [File] {
        let part = pageFiles(metrics, previous: previous, goals: nil, renderer: renderer, generatedAt: generatedAt)
        return try (0...metrics.targets.count).flatMap(part) + otherFiles(metrics, previous: previous, goals: nil, renderer: renderer, generatedAt: generatedAt)
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
