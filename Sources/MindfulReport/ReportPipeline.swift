import Foundation
import Synchronization

/// What a report run needs to know.
public struct ReportOptions: Sendable {
    public var range: ReportRange
    public var output: URL
    public var title: String
    public var piiMode: PIIMode
    /// A folder whose templates replace the bundled ones, if any.
    public var templatesDirectory: URL?
    /// Hours decoded ahead of the aggregator, in parallel.
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

    public init(range: ReportRange, output: URL, title: String = "Callback report", piiMode: PIIMode = .masked,
                templatesDirectory: URL? = nil, parallelism: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)) {
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

    public init(options: ReportOptions, source: any RecordSource) {
        self.options = options
        self.source = source
    }

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
            let files = try await renderFiles(metrics, previous: previous, goals: goals, renderer: renderer, generatedAt: now)
            let documents = files.filter { $0.path.hasSuffix(".html") || $0.path.hasSuffix(".svg") }.map { (name: $0.path, bytes: $0.bytes) }
            do { try DocumentValidator().validateAll(documents) } catch { throw PublishError.invalidPage(error) }
            for file in files { try writer.write(file.bytes, to: file.path) }
            let written = files.map(\.path) + writer.streamedFiles
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

    /// Reads every hour of a range twice, `parallelism` hours at a time: first only the record
    /// ids, to find the duplicates (``DuplicateFinder``); then everything, each hour counted on
    /// its own (``HourAggregate``) and merged newest first, its counted records' rows streamed
    /// into the appendices when a writer is given.
    func aggregate(_ range: ReportRange, into writer: ReportWriter?) async throws(ReportError) -> ReportMetrics {
        let hours = range.hours
        let source = self.source
        let window = max(1, options.parallelism)
        let scratch = options.scratch
        let filter = options.targetFilter

        // 1. Ids: which records are older copies of a later one, and which hours are missing.
        let finder = DuplicateFinder(count: DuplicateFinder.partitionCount(hours: hours.count), scratch: scratch,
                                     bufferBytes: options.scratchBufferBytes)
        var missing: [Int: MissingReason] = [:]
        do {
            try await withThrowingTaskGroup(of: (Int, HourIdsLoad).self) { group in
                var next = 0
                func schedule() {
                    let i = next
                    next += 1
                    group.addTask { (i, await source.loadIds(hours[i])) }
                }
                while next < min(window, hours.count) { schedule() }
                while let (i, load) = try await group.next() {
                    if next < hours.count { schedule() }
                    switch load {
                    case .missing(let reason): missing[i] = reason
                    case .ids(let ids): try finder.add(ids: ids, hour: i)
                    }
                }
            }
        } catch let error as SpillError {
            throw .scratch(error)
        } catch {
            throw .scratch(.cannotWrite(path: scratch.path, underlying: "\(error)"))
        }
        let duplicates: DuplicateIndex
        do { duplicates = try finder.finish() } catch { throw .scratch(error) }

        // 2. Figures, newest hour first.
        var aggregator = MetricsAggregator(range: range, scratch: scratch, bufferBytes: options.scratchBufferBytes)
        let appendix: AppendixRows? = writer == nil ? nil : AppendixRows(piiMode: options.piiMode)
        let header = AppendixRows(piiMode: options.piiMode).headerBytes
        var slugs: [String: String] = [:]
        let order = Array(hours.indices.reversed())
        do {
            try await withThrowingTaskGroup(of: (Int, HourOutcome).self) { group in
                var next = 0
                func schedule() {
                    guard next < order.count else { return }
                    let i = next
                    next += 1
                    let ordinal = order[i]
                    if let reason = missing[ordinal] {
                        group.addTask { (i, .missing(reason)) }
                        return
                    }
                    let dropped = duplicates.dropped(inHour: ordinal)
                    group.addTask {
                        let hour = hours[ordinal]
                        let local = range.localStart(of: hour)
                        if let appendix {
                            switch await source.load(hour, rows: appendix) {
                            case .missing(let reason): return (i, .missing(reason))
                            case .records(let records, let rows):
                                return (i, .counted(HourAggregate(hour: hour, ordinal: ordinal, local: local, records: records, dropped: dropped, rows: rows, filter: filter)))
                            }
                        }
                        switch await source.load(hour) {
                        case .missing(let reason): return (i, .missing(reason))
                        case .records(let records):
                            return (i, .counted(HourAggregate(hour: hour, ordinal: ordinal, local: local, records: records, dropped: dropped, rows: nil, filter: filter)))
                        }
                    }
                }
                // As many hours in flight as there are cores: enough to keep them busy, few
                // enough to keep memory flat with large hours.
                while next < min(window, order.count) { schedule() }
                var ready: [Int: HourOutcome] = [:]
                var position = 0
                while position < order.count {
                    while ready[position] == nil {
                        guard let (i, outcome) = try await group.next() else { break }
                        ready[i] = outcome
                        schedule()
                    }
                    guard let outcome = ready.removeValue(forKey: position) else { break }
                    switch outcome {
                    case .missing(let reason):
                        aggregator.markMissing(hour: hours[order[position]], reason: reason)
                    case .counted(let hour):
                        let targetMap = try aggregator.merge(hour)
                        if let writer {
                            for (local, bytes) in hour.rows.enumerated() where !bytes.isEmpty {
                                let id = aggregator.targetId(at: targetMap[local])
                                let slug = slugs[id] ?? TargetSlug.slug(forTargetId: id)
                                slugs[id] = slug
                                try writer.append(bytes, to: "targets/\(slug).csv", header: header)
                            }
                        }
                    }
                    position += 1
                }
            }
        } catch let error as PublishError {
            throw .publish(error)
        } catch let error as SpillError {
            throw .scratch(error)
        } catch {
            throw .publish(.cannotWrite(path: writer?.staging.path ?? options.output.path, underlying: "\(error)"))
        }
        do { return try aggregator.finish() } catch { throw .scratch(error) }
    }
}

/// An hour as the parallel stage hands it to the aggregator.
enum HourOutcome: Sendable {
    case counted(HourAggregate)
    case missing(MissingReason)
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
