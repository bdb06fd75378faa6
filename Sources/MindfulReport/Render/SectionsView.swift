import Mustache

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

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "summaryText": { $0.summaryText },
        "headline": { $0.headline },
        "comparing": { $0.comparing },
        "trend": { $0.trend },
        "heat": { $0.heat },
        "breakdowns": { $0.breakdowns },
        "retries": { $0.retries },
        "distributions": { $0.distributions },
        "offers": { $0.offers },
        "outcomes": { $0.outcomes },
        "hasOutcomes": { !$0.outcomes.isEmpty },
    ]
}

/// A headline figure; the comparison fields only when comparing.
public struct HeadlineView: TemplateModel {
    public var label: String, value: String, detail: String
    public var previous: String? = nil
    public var change: String? = nil
    public var tone: String? = nil
    public var verdict: String? = nil

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "label": { $0.label },
        "value": { $0.value },
        "detail": { $0.detail },
        "previous": { $0.previous },
        "change": { $0.change },
        "tone": { $0.tone },
        "verdict": { $0.verdict },
    ]
}

/// The trend chart and its table by day or ISO week.
public struct TrendView: TemplateModel {
    public var chart = "", alt = "", unit = ""
    public var rows: [FigureRowView] = []

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "chart": { $0.chart },
        "alt": { $0.alt },
        "unit": { $0.unit },
        "rows": { $0.rows },
    ]
}

/// A row of figures: a period of the trend (`label`) or a value of a breakdown (`value`).
public struct FigureRowView: TemplateModel {
    public var label: String? = nil
    public var value: String? = nil
    public var requests: String, attempts: String, successRate: String, response: String, onTime: String

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "label": { $0.label },
        "value": { $0.value },
        "requests": { $0.requests },
        "attempts": { $0.attempts },
        "successRate": { $0.successRate },
        "response": { $0.response },
        "onTime": { $0.onTime },
    ]
}

/// The two heat maps and their tables.
public struct HeatView: TemplateModel {
    public var attemptsChart = "", responseChart = ""
    public var hours: [String] = []
    public var attemptRows: [HeatRowView] = [], responseRows: [HeatRowView] = []

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "attemptsChart": { $0.attemptsChart },
        "responseChart": { $0.responseChart },
        "hours": { $0.hours },
        "attemptRows": { $0.attemptRows },
        "responseRows": { $0.responseRows },
    ]
}

/// A weekday of a heat map table.
public struct HeatRowView: TemplateModel {
    public var day: String
    public var cells: [HeatCellView]

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "day": { $0.day },
        "cells": { $0.cells },
    ]
}

/// A cell of a heat map table: the figure and, when there is one, its unit for screen readers.
public struct HeatCellView: TemplateModel {
    public var value: String
    public var unit: String? = nil

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "value": { $0.value },
        "unit": { $0.unit },
    ]
}

/// A breakdown by one dimension.
public struct BreakdownView: TemplateModel {
    public var title: String
    public var rows: [FigureRowView]

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "title": { $0.title },
        "hasRows": { !$0.rows.isEmpty },
        "rows": { $0.rows },
    ]
}

/// Retry chains: average retries, requests by chain length, success by attempt.
public struct RetriesView: TemplateModel {
    public var averageRetries = ""
    public var chains: [ChainView] = []
    public var byAttempt: [AttemptView] = []

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "averageRetries": { $0.averageRetries },
        "chains": { $0.chains },
        "byAttempt": { $0.byAttempt },
    ]
}

/// Requests with a number of attempts, and their share as a bar width.
public struct ChainView: TemplateModel {
    public var label: String, requests: String, share: String, bar: String

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "label": { $0.label },
        "requests": { $0.requests },
        "share": { $0.share },
        "bar": { $0.bar },
    ]
}

/// Success of the attempts with one attempt number.
public struct AttemptView: TemplateModel {
    public var label: String, attempts: String, successRate: String

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "label": { $0.label },
        "attempts": { $0.attempts },
        "successRate": { $0.successRate },
    ]
}

/// A histogram chart with its percentiles and bins.
public struct DistributionView: TemplateModel {
    public var title: String, chart: String, alt: String, p50: String, p90: String, p99: String
    public var rows: [BinView]

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "title": { $0.title },
        "chart": { $0.chart },
        "alt": { $0.alt },
        "p50": { $0.p50 },
        "p90": { $0.p90 },
        "p99": { $0.p99 },
        "rows": { $0.rows },
    ]
}

/// A bin of a histogram.
public struct BinView: TemplateModel {
    public var bin: String, count: String

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "bin": { $0.bin },
        "count": { $0.count },
    ]
}

/// A callback offer event: attempts and rate.
public struct OfferView: TemplateModel {
    public var label: String, count: String, rate: String

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "label": { $0.label },
        "count": { $0.count },
        "rate": { $0.rate },
    ]
}

/// An outcome: attempts, requests ending so and their share.
public struct OutcomeView: TemplateModel {
    public var outcome: String, attempts: String, finalRequests: String, share: String

    public static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "outcome": { $0.outcome },
        "attempts": { $0.attempts },
        "finalRequests": { $0.finalRequests },
        "share": { $0.share },
    ]
}
