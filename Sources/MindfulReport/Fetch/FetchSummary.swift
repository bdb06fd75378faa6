import Foundation

/// What a fetch run did, hour by hour. Hours in ``fromCache``, ``fetched`` and ``stale`` have a
/// readable file in the cache; hours in ``missing`` have none the report may use.
public struct FetchSummary: Sendable, Equatable {
    /// Hours asked for (duplicates counted once).
    public var total: Int
    /// Settled hours read from the cache, no request made (sorted).
    public var fromCache: [UTCHour]
    /// Hours fetched and written to the cache in this run (sorted).
    public var fetched: [UTCHour]
    /// Hours whose fetch failed but whose earlier, readable cache file is used (sorted by hour).
    public var stale: [UnfetchedHour]
    /// Hours with no data to report, each with the reason (sorted by hour).
    public var missing: [UnfetchedHour]
    /// Cache files that did not decode and were moved aside.
    public var quarantined: [QuarantinedFile]
    /// Retries made (every API request after an hour's first).
    public var retries: Int
    /// API requests made (token requests not included).
    public var requests: Int
    /// OAuth token requests made.
    public var tokenRequests: Int
    /// Wall time of the run, in seconds.
    public var elapsed: TimeInterval

    /// True when every hour asked for can be reported.
    public var isComplete: Bool { missing.isEmpty }

    /// What a fetch did, hour by hour.
    public init(total: Int = 0, fromCache: [UTCHour] = [], fetched: [UTCHour] = [], stale: [UnfetchedHour] = [],
                missing: [UnfetchedHour] = [], quarantined: [QuarantinedFile] = [], retries: Int = 0,
                requests: Int = 0, tokenRequests: Int = 0, elapsed: TimeInterval = 0) {
        self.total = total
        self.fromCache = fromCache
        self.fetched = fetched
        self.stale = stale
        self.missing = missing
        self.quarantined = quarantined
        self.retries = retries
        self.requests = requests
        self.tokenRequests = tokenRequests
        self.elapsed = elapsed
    }
}

/// An hour without fresh data, and why.
public struct UnfetchedHour: Sendable, Equatable, CustomStringConvertible {
    public var hour: UTCHour
    /// The API path, `/v2/data/historical/YYYYMMDD/HH`.
    public var path: String
    public var reason: MissingReason

    /// `2023-06-08T03:00Z (/v2/data/historical/20230608/04): not found (HTTP 404)`.
    public var description: String { "\(hour) (\(path)): \(reason)" }
}

/// A cache file that did not decode, moved aside.
public struct QuarantinedFile: Sendable, Equatable {
    public var hour: UTCHour
    /// Where the file now is.
    public var movedTo: String
    /// What the decoder said.
    public var reason: String
}
