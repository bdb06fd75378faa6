import Foundation

/// A range's figures from a ``RecordSource``, its hours read twice, `window` hours at a time:
/// first only the record ids, to find the duplicates (``DuplicateFinder``) and the missing
/// hours; then everything, each hour counted on its own (``HourAggregate``) and merged newest
/// first into a ``MetricsAggregator``, its counted records' rows streamed into the appendices
/// when there are any.
struct RangeAggregation: Sendable {
    let range: ReportRange
    let source: any RecordSource
    /// Hours read at once.
    let window: Int
    /// Where scratch files go when ids and requests outgrow memory buffers.
    let scratch: URL
    /// Bytes buffered per scratch partition before a write (`nil`: the default).
    let scratchBufferBytes: Int?
    /// Only these call targets are counted (`nil`: all of them).
    let filter: TargetFilter?

    /// What the first pass finds.
    struct Scan: Sendable {
        let duplicates: DuplicateIndex
        /// Why an hour (by ordinal) could not be read.
        let missing: [Int: MissingReason]
    }

    /// Both passes.
    func metrics(appendices: AppendixStream?) async throws(ReportError) -> ReportMetrics {
        let scan = try await scanIds()
        return try await count(scan, appendices: appendices)
    }

    /// Pass 1: which records are older copies of a later one, and which hours are missing.
    func scanIds() async throws(ReportError) -> Scan {
        let hours = range.hours
        let source = self.source
        let finder = DuplicateFinder(count: DuplicateFinder.partitionCount(hours: hours.count), scratch: scratch,
                                     bufferBytes: scratchBufferBytes)
        var missing: [Int: MissingReason] = [:]
        do throws(SpillError) {
            try await boundedMap(hours, window: window, order: .completion, { await source.loadIds($0) }) { (i, load) throws(SpillError) in
                switch load {
                case .missing(let reason): missing[i] = reason
                case .ids(let ids): try finder.add(ids: ids, hour: i)
                }
                return .continue
            }
            return Scan(duplicates: try await finder.finish(workers: window), missing: missing)
        } catch {
            throw .scratch(error)
        }
    }

    /// Pass 2: every hour counted, newest first.
    func count(_ scan: Scan, appendices: AppendixStream?) async throws(ReportError) -> ReportMetrics {
        let hours = range.hours
        var aggregator = MetricsAggregator(range: range, scratch: scratch, bufferBytes: scratchBufferBytes)
        let jobs = hours.indices.reversed().map { ordinal in
            HourJob(hour: hours[ordinal], ordinal: ordinal, missing: scan.missing[ordinal],
                    dropped: scan.duplicates.dropped(inHour: ordinal))
        }
        let load = HourJob.Load(source: source, range: range, filter: filter, rows: appendices?.rows)
        do throws(MergeError) {
            try await boundedMap(jobs, window: window, { await load($0) }) { (i, outcome) throws(MergeError) in
                switch outcome {
                case .missing(let reason):
                    aggregator.markMissing(hour: jobs[i].hour, reason: reason)
                case .counted(let hour):
                    let targetMap: [Int]
                    do throws(SpillError) { targetMap = try aggregator.merge(hour) } catch { throw .scratch(error) }
                    do throws(PublishError) {
                        try appendices?.append(hour.rows) { aggregator.targetId(at: targetMap[$0]) }
                    } catch {
                        throw .publish(error)
                    }
                }
                return .continue
            }
        } catch {
            switch error {
            case .scratch(let error): throw .scratch(error)
            case .publish(let error): throw .publish(error)
            }
        }
        do { return try await aggregator.finish(workers: window) } catch { throw .scratch(error) }
    }

    /// What can stop the merge.
    private enum MergeError: Error {
        case scratch(SpillError)
        case publish(PublishError)
    }
}

/// One hour of pass 2 as it is handed to a task.
struct HourJob: Sendable {
    let hour: UTCHour
    let ordinal: Int
    /// Set when pass 1 found the hour missing: it is not read again.
    let missing: MissingReason?
    /// Positions of the records that are older copies.
    let dropped: [Int32]

    /// Reads and counts an hour (with its appendix rows when `rows` is set).
    struct Load: Sendable {
        let source: any RecordSource
        let range: ReportRange
        let filter: TargetFilter?
        let rows: AppendixRows?

        func callAsFunction(_ job: HourJob) async -> HourOutcome {
            if let reason = job.missing { return .missing(reason) }
            let local = range.localStart(of: job.hour)
            if let rows {
                switch await source.load(job.hour, rows: rows) {
                case .missing(let reason): return .missing(reason)
                case .records(let records, let rows):
                    return .counted(HourAggregate(hour: job.hour, ordinal: job.ordinal, local: local, records: records,
                                                  dropped: job.dropped, rows: rows, filter: filter))
                }
            }
            switch await source.load(job.hour) {
            case .missing(let reason): return .missing(reason)
            case .records(let records):
                return .counted(HourAggregate(hour: job.hour, ordinal: job.ordinal, local: local, records: records,
                                              dropped: job.dropped, rows: nil, filter: filter))
            }
        }
    }
}

/// An hour as the parallel stage hands it to the aggregator.
enum HourOutcome: Sendable {
    case counted(HourAggregate)
    case missing(MissingReason)
}
