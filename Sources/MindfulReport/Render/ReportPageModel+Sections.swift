/// The sections every page shows for its group: summary, headline, trend, heat maps,
/// breakdowns, retry chains, distributions, offer health and outcomes.
extension ReportPageModel {
    func sections(_ g: GroupInsights, previous: TargetFigures?, root: String) -> SectionsView {
        let f = g.figures
        let s = f.stats
        var page = SectionsView()
        let comparing = previous != nil || self.previous != nil
        page.summaryText = PlainSummary.text(f, previous: previous, completeness: metrics.completeness, comparing: comparing)
        page.headline = HeadlineFigure.figures(f, previous: previous, comparing: comparing).map { h in
            var item = HeadlineView(label: h.label, value: h.display, detail: h.detail)
            if comparing {
                item.previous = HeadlineFigure.format(h.previous, h.kind)
                item.change = h.change ?? "no comparison"
                item.tone = h.changeTone
                item.verdict = h.verdict
            }
            return item
        }
        page.comparing = comparing
        let unit = g.series.weekly ? "ISO week" : "Local date"
        page.trend = TrendView(
            chart: root + g.chartPath(.trend),
            alt: "Chart of requests and success rate by \(unit.lowercased()); the figures are in the table that follows.",
            unit: unit,
            rows: g.series.periods.map { p in
                FigureRowView(label: p.label, requests: DisplayFormat.count(p.requests), attempts: DisplayFormat.count(p.attempts),
                              successRate: DisplayFormat.percent(p.successRate), response: DisplayFormat.duration(p.response.mean),
                              onTime: DisplayFormat.percent(p.onTime.rate))
            })
        page.heat = HeatView(
            attemptsChart: root + g.chartPath(.heatAttempts),
            responseChart: root + g.chartPath(.heatResponse),
            hours: Self.hours,
            // Row headers in full, column headers "14" read as "14:00" and each figure with its
            // unit for screen readers: "Monday, 14:00: 312 attempts".
            attemptRows: g.series.heat.enumerated().map { d, row in
                HeatRowView(day: Self.weekdays[d], cells: row.map { c in
                    c.attempts == 0 ? HeatCellView(value: "") : HeatCellView(value: String(c.attempts), unit: c.attempts == 1 ? " attempt" : " attempts")
                })
            },
            responseRows: g.series.heat.enumerated().map { d, row in
                HeatRowView(day: Self.weekdays[d], cells: row.map { c in
                    guard let mean = c.response.mean else { return HeatCellView(value: "") }
                    return HeatCellView(value: FigureFormat.decimal(mean, places: 0), unit: " s average response")
                })
            })
        page.breakdowns = Dimension.allCases.map { d in
            BreakdownView(title: d.title, rows: (f.breakdowns[d] ?? []).map { r in
                FigureRowView(value: XHTMLText.isolated(r.value), requests: DisplayFormat.count(r.requests), attempts: DisplayFormat.count(r.attempts),
                              successRate: DisplayFormat.percent(r.successRate), response: DisplayFormat.duration(r.responseMean),
                              onTime: DisplayFormat.percent(r.onTimeRate))
            })
        }
        let perRequest = f.attemptsPerRequest
        let labels = ["1 attempt", "2 attempts", "3 attempts", "4 or more"]
        let attemptLabels = ["First attempt", "First retry", "Second retry", "Third retry or later"]
        page.retries = RetriesView(
            averageRetries: f.requests == 0 ? DisplayFormat.none : FigureFormat.decimal(Double(s.retries) / Double(f.requests), places: 2),
            chains: perRequest.enumerated().map { i, n in
                ChainView(label: labels[i], requests: DisplayFormat.count(n), share: DisplayFormat.percent(f.requests == 0 ? nil : Double(n) / Double(f.requests)),
                          bar: f.requests == 0 ? "0" : FigureFormat.decimal(Double(n) / Double(f.requests) * 100, places: 1))
            },
            byAttempt: s.successByAttempt.enumerated().map { i, r in
                AttemptView(label: attemptLabels[i], attempts: DisplayFormat.count(r.total), successRate: DisplayFormat.percent(r.rate))
            })
        page.distributions = [(g.response, GroupInsights.Chart.response), (g.punctuality, .punctuality)].compactMap { h, chart in
            guard !h.counts.isEmpty else { return nil }
            return DistributionView(
                title: h.title,
                chart: root + g.chartPath(chart),
                alt: "Histogram of \(h.axisLabel.lowercased()) with p50 \(DisplayFormat.duration(h.p50)), p90 \(DisplayFormat.duration(h.p90)) and p99 \(DisplayFormat.duration(h.p99)); the figures are in the table that follows.",
                p50: DisplayFormat.duration(h.p50), p90: DisplayFormat.duration(h.p90), p99: DisplayFormat.duration(h.p99),
                rows: h.counts.indices.map { BinView(bin: h.binLabel($0), count: DisplayFormat.count(h.counts[$0])) })
        }
        func offer(_ label: String, _ n: Int) -> OfferView {
            OfferView(label: label, count: DisplayFormat.count(n), rate: DisplayFormat.percent(s.attempts == 0 ? nil : Double(n) / Double(s.attempts)))
        }
        page.offers = [
            offer("Outside business hours", s.outsideHours), offer("End of business day", s.endOfBusinessDay),
            offer("Next-day callback offered", s.nextDayOffered),
            OfferView(label: "Next-day callback accepted", count: DisplayFormat.count(s.nextDayScheduled),
                      rate: DisplayFormat.percent(s.nextDayOffered == 0 ? nil : Double(s.nextDayScheduled) / Double(s.nextDayOffered)) + (s.nextDayOffered == 0 ? "" : " of offers")),
            offer("ECBT threshold exceeded", s.maxEcbtExceeded), offer("Scheduled slot full", s.maxScheduledCallsExceeded),
            offer("Toll rate too high", s.maxTollRateExceeded), offer("Duplicate callback requests", s.duplicates),
            offer("Early hangups", s.earlyHangups), offer("Chose to hold", s.choseToHold),
            offer("Customer rescheduled", s.customerRescheduled),
        ]
        page.outcomes = outcomeRows(f)
        return page
    }

    /// The column headers of the heat map tables, `00` to `23`.
    static let hours = (0..<24).map { NumberText.padded($0, width: 2) }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}
