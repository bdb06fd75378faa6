import Foundation

/// A snapshot of a fetch run for a live progress line, sent after every hour is settled and
/// after every retry.
public struct FetchProgress: Sendable, Equatable {
    /// Hours settled (from cache, fetched, stale or missing).
    public var done: Int
    /// Hours in the run.
    public var total: Int
    public var fromCache: Int
    public var fetched: Int
    /// Retries so far.
    public var retried: Int
    /// Hours missing so far.
    public var failed: Int
    /// API requests so far.
    public var requests: Int
    /// Seconds since the run started.
    public var elapsed: TimeInterval
    /// API requests per second since the first one.
    public var rate: Double
    /// Estimated seconds left, once there is enough to go on.
    public var eta: TimeInterval?

    /// Progress counts so far.
    public init(done: Int = 0, total: Int = 0, fromCache: Int = 0, fetched: Int = 0, retried: Int = 0, failed: Int = 0,
                requests: Int = 0, elapsed: TimeInterval = 0, rate: Double = 0, eta: TimeInterval? = nil) {
        self.done = done
        self.total = total
        self.fromCache = fromCache
        self.fetched = fetched
        self.retried = retried
        self.failed = failed
        self.requests = requests
        self.elapsed = elapsed
        self.rate = rate
        self.eta = eta
    }

    /// Fraction done, 0...1.
    public var fraction: Double { total == 0 ? 1 : Double(done) / Double(total) }
}
