/// Everything the pages show for one group beyond the headline: trend, heat maps, breakdowns,
/// retry chains, distributions and offer health, with the chart files that go with them.
public struct GroupInsights: Sendable {
    public let figures: TargetFigures
    public let series: TrendSeries
    public let response: Histogram
    public let punctuality: Histogram
    /// File-name stem of this group's charts: the target's slug, or `_all`.
    public let chartStem: String

    /// The figures, trend and histograms of one call target (or the whole, for the ALL row).
    public init(metrics: ReportMetrics, target: Int) {
        figures = target < 0 ? metrics.all : metrics.targets[target]
        series = TrendSeries(metrics: metrics, target: target)
        response = Histogram(figures.stats.response, title: "Response time of first attempts", axisLabel: "Seconds from request to callback (actualCallbackTime)")
        punctuality = Histogram(figures.stats.punctuality, title: "Punctuality", axisLabel: "Seconds late (negative = early)")
        chartStem = target < 0 ? "_all" : TargetSlug.slug(forTargetId: figures.id)
    }

    /// The charts drawn for each call target.
    public enum Chart: String, CaseIterable, Sendable {
        case trend, heatAttempts = "heat-attempts", heatResponse = "heat-response", response, punctuality
    }

    /// `charts/<stem>-<chart>.svg`, relative to the report root.
    public func chartPath(_ chart: Chart) -> String { "charts/\(chartStem)-\(chart.rawValue).svg" }

    /// Every chart of this group as (path, bytes).
    public func chartFiles() -> [(path: String, bytes: [UInt8])] {
        let subject = figures.isAll ? "all call targets" : XHTMLText.clean(figures.name.isEmpty ? figures.id : figures.name)
        var files: [(String, [UInt8])] = [
            (chartPath(.trend), ChartRenderer.trend(series, subject: subject)),
            (chartPath(.heatAttempts), ChartRenderer.heatMap(series, subject: subject, measure: .attempts)),
            (chartPath(.heatResponse), ChartRenderer.heatMap(series, subject: subject, measure: .response)),
        ]
        if !response.counts.isEmpty { files.append((chartPath(.response), ChartRenderer.histogram(response, subject: subject))) }
        if !punctuality.counts.isEmpty { files.append((chartPath(.punctuality), ChartRenderer.histogram(punctuality, subject: subject))) }
        return files
    }
}
