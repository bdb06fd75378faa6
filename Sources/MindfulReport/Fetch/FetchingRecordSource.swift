import Foundation

/// The API through the cache: ``prepare(_:)`` fetches every hour the cache lacks or holds
/// unsettled (as SPEC section 2 says), then hours are read from the cache like offline, with the
/// fetcher's reason for each hour it could not get.
public final class FetchingRecordSource: RecordSource, @unchecked Sendable {
    public let cache: HourCache
    public let options: FetchOptions
    public let credentials: Credentials?
    private let progress: (@Sendable (FetchProgress) -> Void)?
    private let lock = NSLock()
    private var reasons: [UTCHour: String] = [:]
    private var summaries: [FetchSummary] = []

    public init(cache: HourCache, options: FetchOptions, credentials: Credentials?,
                progress: (@Sendable (FetchProgress) -> Void)? = nil) {
        self.cache = cache
        self.options = options
        self.credentials = credentials
        self.progress = progress
    }

    /// What each ``prepare(_:)`` did, in order.
    public var fetchSummaries: [FetchSummary] { lock.withLock { summaries } }

    public func prepare(_ hours: [UTCHour]) async throws(FetchError) {
        let summary = try await fetch(hours: hours, cache: cache, options: options, credentials: credentials, progress: progress)
        lock.withLock {
            summaries.append(summary)
            for missing in summary.missing { reasons[missing.hour] = "\(missing.path): \(missing.reason)" }
        }
    }

    public func load(_ hour: UTCHour) async -> HourLoad {
        if let reason = lock.withLock({ reasons[hour] }) { return .missing(reason: reason) }
        return CacheRecordSource(cache: cache, decoder: options.decoder).loadNow(hour)
    }

    public func load(_ hour: UTCHour, rows appendix: AppendixRows) async -> HourRowsLoad {
        if let reason = lock.withLock({ reasons[hour] }) { return .missing(reason: reason) }
        return CacheRecordSource(cache: cache, decoder: options.decoder).loadNow(hour, rows: appendix)
    }

    public func loadIds(_ hour: UTCHour) async -> HourIdsLoad {
        if let reason = lock.withLock({ reasons[hour] }) { return .missing(reason: reason) }
        return CacheRecordSource(cache: cache, decoder: options.decoder).loadIdsNow(hour)
    }
}
