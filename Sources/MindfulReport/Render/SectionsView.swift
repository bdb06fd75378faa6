/// The sections every page shows for its group (see ``PageView``): summary, headline, trend,
/// heat maps, breakdowns, retry chains, distributions, offer health and outcomes.
public struct SectionsView: TemplateModel {
    public var summaryText = ""
    public var headline: [HeadlineView] = []
    public var comparing = false
    public var trend = TrendView()
    public var heat = HeatView()
    public var breakdowns: [BreakdownView] = []
    public var retries = RetriesView()
    public var distributions: [DistributionView] = []
    public var offers: [OfferView] = []
    public var outcomes: [OutcomeView] = []
}

/// A headline figure; the comparison fields only when comparing.
public struct HeadlineView: TemplateModel {
    public var label: String, value: String, detail: String
    public var previous: String? = nil
    public var change: String? = nil
    public var tone: String? = nil
    public var verdict: String? = nil
}

/// The trend chart and its table by day or ISO week.
public struct TrendView: TemplateModel {
    public var chart = "", alt = "", unit = ""
    public var rows: [FigureRowView] = []
}

/// A row of figures: a period of the trend (`label`) or a value of a breakdown (`value`).
public struct FigureRowView: TemplateModel {
    public var label: String? = nil
    public var value: String? = nil
    public var requests: String, attempts: String, successRate: String, response: String, onTime: String
}

/// The two heat maps and their tables.
public struct HeatView: TemplateModel {
    public var attemptsChart = "", responseChart = ""
    public var hours: [String] = []
    public var attemptRows: [HeatRowView] = [], responseRows: [HeatRowView] = []
}

/// A weekday of a heat map table.
public struct HeatRowView: TemplateModel {
    public var day: String
    public var cells: [HeatCellView]
}

/// A cell of a heat map table: the figure and, when there is one, its unit for screen readers.
public struct HeatCellView: TemplateModel {
    public var value: String
    public var unit: String? = nil
}

extension HeatRowView: DirectTemplateValue {
    var templateValue: TemplateValue {
        var object = TemplateObject(capacity: 2)
        object.append("day", .text(day))
        object.append("cells", .list(cells.map(\.templateValue)))
        return .object(object)
    }
}

extension HeatCellView: DirectTemplateValue {
    /// An empty cell, made once: most cells of a short range's heat maps are empty.
    private static let empty: TemplateValue = {
        var object = TemplateObject()
        object.append("value", .text(""))
        return .object(object)
    }()

    var templateValue: TemplateValue {
        if value.isEmpty && unit == nil { return Self.empty }
        var object = TemplateObject(capacity: unit == nil ? 1 : 2)
        object.append("value", .text(value))
        if let unit { object.append("unit", .text(unit)) }
        return .object(object)
    }
}

/// A breakdown by one dimension.
public struct BreakdownView: TemplateModel {
    public var title: String
    public var rows: [FigureRowView]
}

/// Retry chains: average retries, requests by chain length, success by attempt.
public struct RetriesView: TemplateModel {
    public var averageRetries = ""
    public var chains: [ChainView] = []
    public var byAttempt: [AttemptView] = []
}

/// Requests with a number of attempts, and their share as a bar width.
public struct ChainView: TemplateModel {
    public var label: String, requests: String, share: String, bar: String
}

/// Success of the attempts with one attempt number.
public struct AttemptView: TemplateModel {
    public var label: String, attempts: String, successRate: String
}

/// A histogram chart with its percentiles and bins.
public struct DistributionView: TemplateModel {
    public var title: String, chart: String, alt: String, p50: String, p90: String, p99: String
    public var rows: [BinView]
}

/// A bin of a histogram.
public struct BinView: TemplateModel {
    public var bin: String, count: String
}

/// A callback offer event: attempts and rate.
public struct OfferView: TemplateModel {
    public var label: String, count: String, rate: String
}

/// An outcome: attempts, requests ending so and their share.
public struct OutcomeView: TemplateModel {
    public var outcome: String, attempts: String, finalRequests: String, share: String
}

extension SectionsView: DerivedTemplateKeys {
    /// `hasOutcomes`: some outcome has attempts.
    public func addDerivedKeys(to object: inout TemplateObject) {
        object.append("hasOutcomes", .bool(!outcomes.isEmpty))
    }
}

extension BreakdownView: DerivedTemplateKeys {
    /// `hasRows`: the breakdown has a row.
    public func addDerivedKeys(to object: inout TemplateObject) {
        object.append("hasRows", .bool(!rows.isEmpty))
    }
}
