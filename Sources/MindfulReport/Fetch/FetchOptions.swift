import Foundation
import Logging

/// How ``fetch(hours:cache:options:credentials:progress:)`` talks to the API.
public struct FetchOptions: Sendable {
    /// The API's base URL; hours are `GET {baseURL}/v2/data/historical/{YYYYMMDD}/{HH}`.
    public var baseURL: URL = FetchOptions.defaultBaseURL
    /// The OAuth 2.0 token endpoint (client credentials only).
    public var tokenURL: URL = FetchOptions.defaultTokenURL
    /// At most this many API requests in flight at once.
    public var concurrency: Int = 8
    /// At most this many requests (retries and token requests included) start per second.
    public var rate: Double = 50
    /// Seconds from sending a request to its whole answer before it counts as timed out.
    public var timeout: TimeInterval = 30
    /// Attempts per hour (the first one included) before the hour is given up as missing.
    public var tries: Int = 5
    /// An hour is settled when it was fetched more than this many seconds after it ended.
    public var settle: TimeInterval = 2 * 3600
    /// Fetch every hour again, settled or not (`--refresh`).
    public var refresh: Bool = false
    /// Never use the network (`--offline`): hours not in the cache are missing.
    public var offline: Bool = false
    /// How the API names hours; must be the cache's ``HourCache/labels``.
    public var labels: HourLabels = .end
    /// Waits between tries.
    public var backoff: Backoff = Backoff()
    /// The longest `Retry-After` honoured, in seconds; longer ones are cut to this.
    public var maxRetryAfter: TimeInterval = 120
    /// An OAuth token is renewed this many seconds before it expires (at most half its lifetime).
    public var tokenRefreshMargin: TimeInterval = 60
    /// Checks 200 bodies and cached files; an hour whose bytes it rejects is not kept.
    public var decoder: any HourDecoder = HourDecoders.standard
    /// Where to log requests, retries and failures (never tokens or secrets); `nil` for silence.
    public var logger: Logger? = nil
    /// Trust store, proxies and `User-Agent`.
    public var network: NetworkSettings = NetworkSettings()
    /// The environment variables the credentials come from, named in messages.
    public var credentialVariables: CredentialVariables = .standard
    /// How long, in seconds, a host that does not resolve or refuses connections is waited for
    /// (a server restarting) before the run stops.
    public var unreachableWindow: TimeInterval = 30

    /// The options with every default (written once, on the properties).
    public static let standard = FetchOptions()

    /// The Mindful production API.
    public static let defaultBaseURL = URL(string: "https://api.getmindful.com")!
    /// The Mindful OAuth 2.0 token endpoint.
    public static let defaultTokenURL = URL(string: "https://auth.getmindful.com/oauth2/token")!

    /// The API path of an hour: `/v2/data/historical/YYYYMMDD/HH`.
    public func apiPath(for hour: UTCHour) -> String {
        let p = hour.path(labels: labels)
        return "/v2/data/historical/\(p.date)/\(p.label)"
    }

    /// The full URL of an hour.
    public func url(for hour: UTCHour) -> URL {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + apiPath(for: hour))!
    }

    func validate(cache: HourCache) throws(FetchError) {
        guard concurrency >= 1 else { throw .invalidOptions("concurrency must be at least 1 (got \(concurrency))") }
        guard rate > 0, !rate.isNaN else { throw .invalidOptions("rate must be more than 0 requests/s (got \(rate))") }
        guard timeout > 0 else { throw .invalidOptions("timeout must be more than 0 s (got \(timeout))") }
        guard tries >= 1 else { throw .invalidOptions("tries must be at least 1 (got \(tries))") }
        guard settle >= 0 else { throw .invalidOptions("settle must not be negative (got \(settle))") }
        guard labels == cache.labels else {
            throw .invalidOptions("hour labels \(labels.rawValue) differ from the cache's \(cache.labels.rawValue)")
        }
        for (name, url) in [("base URL", baseURL), ("token URL", tokenURL)] {
            guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http", url.host != nil else {
                throw .invalidOptions("the \(name) \(Redaction.display(url)) is not an http(s) URL")
            }
        }
    }
}

/// Exponential backoff with full jitter: before try `n + 1` (after `n` failures) wait a random
/// time in `[0, min(cap, base × 2^(n-1))]`, unless the server said how long (`Retry-After`).
public struct Backoff: Sendable, Equatable {
    /// The first ceiling, in seconds.
    public var base: TimeInterval
    /// The largest ceiling, in seconds.
    public var cap: TimeInterval

    public init(base: TimeInterval = 0.25, cap: TimeInterval = 10) {
        self.base = base
        self.cap = cap
    }

    /// The wait after `failures` (≥ 1) failed tries.
    public func delay(afterFailures failures: Int) -> TimeInterval {
        let ceiling = min(cap, base * pow(2, Double(max(failures - 1, 0))))
        return ceiling > 0 ? Double.random(in: 0...ceiling) : 0
    }
}

extension FetchOptions {
    /// The hours of `hours` that a fetch would ask the API for, judged from the cache's files
    /// and fetch times alone (no file is read): none offline; otherwise those not in the cache,
    /// not settled, or all of them with ``refresh``. A settled file that turns out not to decode
    /// is fetched too, so this may count a few hours short, never long.
    public func hoursToFetch(_ hours: [UTCHour], in cache: HourCache) -> [UTCHour] {
        guard !offline else { return [] }
        if refresh { return hours }
        return hours.filter { hour in
            !FileManager.default.fileExists(atPath: cache.fileURL(for: hour).path) || !cache.isSettled(hour, settle: settle)
        }
    }
}
