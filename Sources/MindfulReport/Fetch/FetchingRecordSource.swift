import Foundation
import Synchronization

/// The API through the cache: ``prepare(_:)`` fetches every hour the cache lacks or holds
/// unsettled (see the README's "Fetching from the API"), then hours are read from the cache
/// like offline, with the fetcher's reason for each hour it could not get.
public final class FetchingRecordSource: RecordSource {
    public let cache: HourCache
    public let options: FetchOptions
    private let client: HourFetcher.ClientSource
    private let progress: (@Sendable (FetchProgress) -> Void)?
    private let state = Mutex<(reasons: [UTCHour: MissingReason], summaries: [FetchSummary])>(([:], []))

    /// A source that makes its own API client when some hour must be fetched.
    public init(cache: HourCache, options: FetchOptions, credentials: Credentials?,
                progress: (@Sendable (FetchProgress) -> Void)? = nil) {
        self.cache = cache
        self.options = options
        client = .make(credentials)
        self.progress = progress
    }

    /// A source that fetches through `api` (made, and shut down, by the caller).
    public init(cache: HourCache, api: APIClient, progress: (@Sendable (FetchProgress) -> Void)? = nil) {
        self.cache = cache
        options = api.options
        client = .given(api)
        self.progress = progress
    }

    /// What each ``prepare(_:)`` did, in order.
    public var fetchSummaries: [FetchSummary] { state.withLock { $0.summaries } }

    /// Fetches every hour the cache lacks or holds unsettled.
    public func prepare(_ hours: [UTCHour]) async throws(FetchError) {
        let summary: FetchSummary
        switch client {
        case .make(let credentials):
            summary = try await fetch(hours: hours, cache: cache, options: options, credentials: credentials, progress: progress)
        case .given(let api):
            summary = try await fetch(hours: hours, cache: cache, api: api, progress: progress)
        }
        state.withLock { state in
            state.summaries.append(summary)
            for missing in summary.missing { state.reasons[missing.hour] = missing.reason }
        }
    }

    private func reason(_ hour: UTCHour) -> MissingReason? { state.withLock { $0.reasons[hour] } }

    private var reader: CacheRecordSource { CacheRecordSource(cache: cache, decoder: options.decoder) }

    /// The hour's records, fetched first when the cache lacks it or holds it unsettled.
    public func load(_ hour: UTCHour) async -> HourLoad {
        if let reason = reason(hour) { return .missing(reason) }
        return reader.loadNow(hour)
    }

    /// The hour's records and appendix rows, fetched first when needed.
    public func load(_ hour: UTCHour, rows appendix: AppendixRows) async -> HourRowsLoad {
        if let reason = reason(hour) { return .missing(reason) }
        return reader.loadNow(hour, rows: appendix)
    }

    /// The hour's record ids, fetched first when needed.
    public func loadIds(_ hour: UTCHour) async -> HourIdsLoad {
        if let reason = reason(hour) { return .missing(reason) }
        return reader.loadIdsNow(hour)
    }
}
