import Foundation

/// What a report run needs to know.
public struct ReportOptions: Sendable {
    public var range: ReportRange
    public var output: URL
    public var title: String
    public var piiMode: PIIMode
    /// A folder whose templates replace the bundled ones, if any.
    public var templatesDirectory: URL?
    /// Tasks at once in every parallel stage: hours read, partitions worked out, pages rendered
    /// and validated.
    public var parallelism: Int
    /// Where scratch files go when a long range's ids and requests outgrow memory buffers.
    public var scratch: URL = FileManager.default.temporaryDirectory
    /// Bytes buffered per scratch partition before a write (tests make it tiny to force writes).
    var scratchBufferBytes: Int? = nil
    /// Also read the period of the same length just before the range, and show the change.
    public var comparePrevious: Bool = false
    /// Service goals to hold the figures against (SPEC §7); `nil` or empty: none.
    public var goals: Goals? = nil
    /// A link from the report's root to a site archive page (`../index.html`), shown on every
    /// page when set.
    public var archiveHref: String? = nil
    /// Only these call targets are counted (`nil`: all of them).
    public var targetFilter: TargetFilter? = nil
    /// More files for the report folder (a site's `report.json`), made from the finished figures
    /// and published with the rest.
    public var extraFiles: (@Sendable (ReportMetrics, Date) -> [(path: String, bytes: [UInt8])])? = nil

    /// The options of a report over `range`, written to `output`.
    public init(range: ReportRange, output: URL, title: String = "Callback report", piiMode: PIIMode = .masked,
                templatesDirectory: URL? = nil, parallelism: Int = Parallelism.cores) {
        self.range = range
        self.output = output
        self.title = title
        self.piiMode = piiMode
        self.templatesDirectory = templatesDirectory
        self.parallelism = parallelism
    }
}

/// What a report run did.
public struct ReportResult: Sendable {
    public let metrics: ReportMetrics
    /// The period before, when comparing.
    public let previous: ReportMetrics?
    public let output: URL
    /// Files written, relative to the output folder.
    public let files: [String]
    /// The goals held against the figures, when any are set.
    public var goals: GoalEvaluation? = nil
    public var isComplete: Bool { metrics.completeness.isComplete }
    /// Goals missed (0 without goals).
    public var missedGoals: Int { goals?.missedCount ?? 0 }
}

/// The report, step by step: range → hours → records (cache, or fetch through the cache) →
/// metrics → pages and CSVs → validation → publication.
public struct ReportPipeline: Sendable {
    public let options: ReportOptions
    public let source: any RecordSource

    /// A pipeline that reads the range's hours from `source` and writes the report `options` describe.
    public init(options: ReportOptions, source: any RecordSource) {
        self.options = options
        self.source = source
    }

    /// Reads every hour, computes the metrics, renders, validates and writes the report; `now` is its generation time.
    public func run(now: Date = Date()) async throws(ReportError) -> ReportResult {
        // 1. Templates first: a broken template should fail before any reading.
        let renderer: PageRenderer
        do {
            let templates = try options.templatesDirectory.map(TemplateSet.overriding(with:)) ?? TemplateSet.bundled
            renderer = try PageRenderer(templates: templates)
        } catch { throw .render(error) }

        // 2. Staging folder beside the output.
        let writer: ReportWriter
        do { writer = try ReportWriter(output: options.output) } catch { throw .publish(error) }

        // 3. Records: the source gets every hour ready (fetching what the cache lacks), then
        //    hours are read newest first into metrics and appendices.
        let metrics: ReportMetrics
        var previous: ReportMetrics? = nil
        do throws(ReportError) {
            var hours = options.range.hours
            if options.comparePrevious { hours = options.range.previousPeriod.hours + hours }
            do { try await source.prepare(hours) } catch { throw ReportError.fetch(error) }
            metrics = try await aggregate(options.range, into: writer)
            // A report of nothing would read as a quiet day: it is not published (nor mailed).
            let completeness = metrics.completeness
            if completeness.hoursRead == 0 && !completeness.missing.isEmpty {
                throw ReportError.nothingRead(completeness.missing.map(\.reason))
            }
            if options.comparePrevious { previous = try await aggregate(options.range.previousPeriod, into: nil) }
        } catch {
            writer.discard()
            throw error
        }

        // 4. Pages and figure CSVs, validated before anything is published.
        do {
            let goals = options.goals.flatMap { $0.isEmpty ? nil : GoalEvaluation(goals: $0, metrics: metrics) }
            // Into the staging folder as each part is valid; published only once all are.
            var written: [String] = []
            do {
                try await renderFiles(metrics, previous: previous, goals: goals, renderer: renderer, generatedAt: now) { file in
                    try writer.write(file.bytes, to: file.path)
                    written.append(file.path)
                }
            } catch let failure as ValidationFailure { throw PublishError.invalidPage(failure) }
            written += writer.streamedFiles
            try writer.publish()
            var result = ReportResult(metrics: metrics, previous: previous, output: writer.output, files: written.sorted())
            result.goals = goals
            return result
        } catch let error as PublishError {
            writer.discard()
            throw .publish(error)
        } catch let error as RenderError {
            writer.discard()
            throw .render(error)
        } catch {
            writer.discard()
            throw .publish(.cannotWrite(path: options.output.path, underlying: "\(error)"))
        }
    }

    /// The figures of a range (``RangeAggregation``), its counted records' rows streamed into
    /// the appendices when a writer is given.
    func aggregate(_ range: ReportRange, into writer: ReportWriter?) async throws(ReportError) -> ReportMetrics {
        let aggregation = RangeAggregation(range: range, source: source, window: max(1, options.parallelism), scratch: options.scratch,
                                           scratchBufferBytes: options.scratchBufferBytes, filter: options.targetFilter)
        return try await aggregation.metrics(appendices: writer.map { AppendixStream(writer: $0, piiMode: options.piiMode) })
    }
}

/// Why a report run failed; nothing was published.
public enum ReportError: Error, Sendable, CustomStringConvertible {
    case fetch(FetchError)
    case render(RenderError)
    case publish(PublishError)
    /// Scratch files for duplicate ids and requests could not be written or read.
    case scratch(SpillError)
    /// Not one hour of the range could be read (each hour's reason given): nothing is published.
    case nothingRead([MissingReason])

    public var description: String {
        switch self {
        case .fetch(let e): return e.description
        case .render(let e): return e.description
        case .publish(let e): return e.description
        case .scratch(let e): return e.description
        case .nothingRead(let reasons):
            return "not one hour of the range could be read (\(MissingReason.tally(reasons))); nothing was written"
        }
    }
}
