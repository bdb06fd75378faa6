import Mustache

/// The sections every page shows for its group (see ``PageView``): summary, headline, trend,
/// heat maps, breakdowns, retry chains, distributions, offer health and outcomes.
public struct SectionsView: MustacheParent, Sendable {
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

    public func child(named name: String) -> Any? {
        switch name {
        case "summaryText": summaryText
        case "headline": headline
        case "comparing": comparing
        case "trend": trend
        case "heat": heat
        case "breakdowns": breakdowns
        case "retries": retries
        case "distributions": distributions
        case "offers": offers
        case "outcomes": outcomes
        case "hasOutcomes": !outcomes.isEmpty
        default: nil
        }
    }
}

/// A headline figure; the comparison fields only when comparing.
public struct HeadlineView: MustacheParent, Sendable {
    public var label: String, value: String, detail: String
    public var previous: String? = nil
    public var change: String? = nil
    public var tone: String? = nil
    public var verdict: String? = nil

    public func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        case "detail": detail
        case "previous": previous
        case "change": change
        case "tone": tone
        case "verdict": verdict
        default: nil
        }
    }
}

/// The trend chart and its table by day or ISO week.
public struct TrendView: MustacheParent, Sendable {
    public var chart = "", alt = "", unit = ""
    public var rows: [FigureRowView] = []

    public func child(named name: String) -> Any? {
        switch name {
        case "chart": chart
        case "alt": alt
        case "unit": unit
        case "rows": rows
        default: nil
        }
    }
}

/// A row of figures: a period of the trend (`label`) or a value of a breakdown (`value`).
public struct FigureRowView: MustacheParent, Sendable {
    public var label: String? = nil
    public var value: String? = nil
    public var requests: String, attempts: String, successRate: String, response: String, onTime: String

    public func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        case "requests": requests
        case "attempts": attempts
        case "successRate": successRate
        case "response": response
        case "onTime": onTime
        default: nil
        }
    }
}

/// The two heat maps and their tables.
public struct HeatView: MustacheParent, Sendable {
    public var attemptsChart = "", responseChart = ""
    public var hours: [String] = []
    public var attemptRows: [HeatRowView] = [], responseRows: [HeatRowView] = []

    public func child(named name: String) -> Any? {
        switch name {
        case "attemptsChart": attemptsChart
        case "responseChart": responseChart
        case "hours": hours
        case "attemptRows": attemptRows
        case "responseRows": responseRows
        default: nil
        }
    }
}

/// A weekday of a heat map table.
public struct HeatRowView: MustacheParent, Sendable {
    public var day: String
    public var cells: [HeatCellView]

    public func child(named name: String) -> Any? {
        switch name {
        case "day": day
        case "cells": cells
        default: nil
        }
    }
}

/// A cell of a heat map table: the figure and, when there is one, its unit for screen readers.
public struct HeatCellView: MustacheParent, Sendable {
    public var value: String
    public var unit: String? = nil

    public func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "unit": unit
        default: nil
        }
    }
}

/// A breakdown by one dimension.
public struct BreakdownView: MustacheParent, Sendable {
    public var title: String
    public var rows: [FigureRowView]

    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "hasRows": !rows.isEmpty
        case "rows": rows
        default: nil
        }
    }
}

/// Retry chains: average retries, requests by chain length, success by attempt.
public struct RetriesView: MustacheParent, Sendable {
    public var averageRetries = ""
    public var chains: [ChainView] = []
    public var byAttempt: [AttemptView] = []

    public func child(named name: String) -> Any? {
        switch name {
        case "averageRetries": averageRetries
        case "chains": chains
        case "byAttempt": byAttempt
        default: nil
        }
    }
}

/// Requests with a number of attempts, and their share as a bar width.
public struct ChainView: MustacheParent, Sendable {
    public var label: String, requests: String, share: String, bar: String

    public func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "requests": requests
        case "share": share
        case "bar": bar
        default: nil
        }
    }
}

/// Success of the attempts with one attempt number.
public struct AttemptView: MustacheParent, Sendable {
    public var label: String, attempts: String, successRate: String

    public func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "attempts": attempts
        case "successRate": successRate
        default: nil
        }
    }
}

/// A histogram chart with its percentiles and bins.
public struct DistributionView: MustacheParent, Sendable {
    public var title: String, chart: String, alt: String, p50: String, p90: String, p99: String
    public var rows: [BinView]

    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "chart": chart
        case "alt": alt
        case "p50": p50
        case "p90": p90
        case "p99": p99
        case "rows": rows
        default: nil
        }
    }
}

/// A bin of a histogram.
public struct BinView: MustacheParent, Sendable {
    public var bin: String, count: String

    public func child(named name: String) -> Any? {
        switch name {
        case "bin": bin
        case "count": count
        default: nil
        }
    }
}

/// A callback offer event: attempts and rate.
public struct OfferView: MustacheParent, Sendable {
    public var label: String, count: String, rate: String

    public func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "count": count
        case "rate": rate
        default: nil
        }
    }
}

/// An outcome: attempts, requests ending so and their share.
public struct OutcomeView: MustacheParent, Sendable {
    public var outcome: String, attempts: String, finalRequests: String, share: String

    public func child(named name: String) -> Any? {
        switch name {
        case "outcome": outcome
        case "attempts": attempts
        case "finalRequests": finalRequests
        case "share": share
        default: nil
        }
    }
}
