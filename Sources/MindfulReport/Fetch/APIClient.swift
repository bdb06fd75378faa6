import Foundation
import Synchronization

/// The connection to the Mindful API of one run: its HTTP client (trust store, proxies), the
/// rate limit every request shares, the access tokens, and the wait for a host that cannot be
/// reached. Made once, used by the checks before work (``authenticate()``), by ``fetch`` and by
/// `check` (``probe(_:)``), then shut down (``shutdown()``; ``with(options:credentials:_:)``
/// does both).
public final class APIClient: Sendable {
    public let options: FetchOptions
    let credentials: Credentials
    let transport: any HTTPTransport
    let limiter: RateLimiter
    let tokens: TokenProvider
    let reachability: Reachability

    /// - Throws: ``FetchError/caFileUnusable(path:reason:)`` when a trust file cannot be used.
    public convenience init(options: FetchOptions, credentials: Credentials) throws(FetchError) {
        let transport = try NIOHTTPTransport(settings: options.network, maxConnections: options.concurrency, timeout: options.timeout)
        self.init(options: options, credentials: credentials, transport: transport)
    }

    init(options: FetchOptions, credentials: Credentials, transport: any HTTPTransport) {
        self.options = options
        self.credentials = credentials
        self.transport = transport
        limiter = RateLimiter(rate: options.rate)
        reachability = Reachability(window: options.unreachableWindow)
        tokens = TokenProvider(credentials: credentials, options: options, transport: transport, limiter: limiter,
                               reachability: reachability)
    }

    /// Runs `body` with a client made for it, and shuts the client down after, however `body` ends.
    public static func with<T: Sendable>(options: FetchOptions, credentials: Credentials,
                                         _ body: (APIClient) async throws -> T) async throws -> T {
        let client = try APIClient(options: options, credentials: credentials)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// Gets an access token now (OAuth client credentials), so that refused credentials, an
    /// untrusted certificate or an unreachable token endpoint stop a run before any work. The
    /// token is kept for the run. Nothing to do for a static token.
    public func authenticate() async throws(FetchError) {
        do {
            _ = try await tokens.token()
        } catch {
            throw error.redacting(credentials.secrets)
        }
    }

    /// What one request for an hour answered, for `check`.
    public struct Probe: Sendable, Equatable {
        /// The API path asked for.
        public let path: String
        /// The HTTP status, or `nil` when no answer came (``failure`` says why).
        public let status: Int?
        /// Bytes of the (decompressed) body.
        public let bytes: Int
        /// Records in the body, when it decodes.
        public let records: Int?
        /// Why no answer came (a time-out, a cut connection).
        public let failure: String?
    }

    /// One `GET` of `hour`, through the proxy and trust settings in force; nothing is cached.
    /// 401 and 403 throw as they would stop a fetch; other answers come back as they are.
    public func probe(_ hour: UTCHour) async throws(FetchError) -> Probe {
        do {
            return try await probeOnce(hour)
        } catch {
            throw error.redacting(credentials.secrets)
        }
    }

    private func probeOnce(_ hour: UTCHour) async throws(FetchError) -> Probe {
        let path = options.apiPath(for: hour)
        let token = try await tokens.token()
        do { try await limiter.acquire() } catch { throw .cancelled }
        var request = HTTPRequest(url: options.url(for: hour))
        request.setHeader("Accept", "application/json")
        request.setHeader("Authorization", "Bearer \(token.value)")
        let answer: HTTPAnswer
        do { answer = try await transport.send(request) } catch {
            switch error {
            case .untrusted(let host, let reason): throw .untrusted(host: host, reason: reason)
            case .proxy(let proxy, let reason): throw .proxyFailed(proxy: proxy, reason: reason)
            case .unreachable(let host, let cause): throw .unreachable(host: host, cause: cause, waited: 0)
            case .cancelled: throw .cancelled
            default: return Probe(path: path, status: nil, bytes: 0, records: nil, failure: error.description)
            }
        }
        switch answer.status {
        case 401: throw .unauthorized(hour: hour, path: path, afterRefresh: false, bearerError: BearerChallenge.error(answer))
        case 403: throw .forbidden(hour: hour, path: path, bearerError: BearerChallenge.error(answer))
        default:
            let records = answer.status == 200 ? (try? options.decoder.decode(answer.body))?.records.count : nil
            return Probe(path: path, status: answer.status, bytes: answer.body.count, records: records, failure: nil)
        }
    }

    /// Closes the connections. The client is not used again.
    public func shutdown() async {
        await tokens.cancel()
        await transport.shutdown()
    }
}

/// How long a host that cannot be reached (a name that does not resolve, refused connections)
/// has been so, over every request of the run: a server restarting is waited for, up to
/// `window` seconds since the first failure with no success in between; then the run stops.
final class Reachability: Sendable {
    /// Seconds an unreachable host is waited for.
    let window: TimeInterval
    private let since = Mutex<ContinuousClock.Instant?>(nil)

    init(window: TimeInterval) {
        self.window = window
    }

    /// Notes a failure to reach the host: the wait before trying again, or `nil` when the host
    /// has been unreachable for the whole window.
    func failed() -> Duration? {
        let now = ContinuousClock.now
        let elapsed: Double = since.withLock { since in
            if since == nil { since = now }
            return (now - since!).seconds
        }
        guard elapsed < window else { return nil }
        // About a second between tries (jittered so hours in flight do not knock together), never
        // past the end of the window.
        return .seconds(min(Double.random(in: 0.5...1.5), max(window - elapsed, 0.05)))
    }

    /// Notes an answer from the host: it is reachable again.
    func reached() {
        since.withLock { $0 = nil }
    }
}

/// The RFC 6750 §3 challenge of a 401 or 403 answer: `WWW-Authenticate: Bearer
/// realm="...", error="invalid_token", error_description="..."`.
enum BearerChallenge {
    /// The `error` attribute (`invalid_token`, `insufficient_scope`), cleaned for a message;
    /// `nil` when there is none.
    static func error(_ answer: HTTPAnswer) -> String? {
        guard let header = answer.header("WWW-Authenticate") else { return nil }
        return attribute("error", in: header).map { Redaction.quote($0, limit: 100, secrets: []) }
    }

    /// An auth-param of a challenge, quoted or not (RFC 9110 §11.2).
    static func attribute(_ name: String, in header: String) -> String? {
        let scalars = Array(header.unicodeScalars)
        var i = 0
        func skipSpaces() { while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" || scalars[i] == "," { i += 1 } }
        // Skip the scheme.
        while i < scalars.count, scalars[i] != " " { i += 1 }
        while i < scalars.count {
            skipSpaces()
            var key = ""
            while i < scalars.count, scalars[i] != "=", scalars[i] != ",", scalars[i] != " " { key.unicodeScalars.append(scalars[i]); i += 1 }
            while i < scalars.count, scalars[i] == " " { i += 1 }
            guard i < scalars.count, scalars[i] == "=" else { continue }
            i += 1
            while i < scalars.count, scalars[i] == " " { i += 1 }
            var value = ""
            if i < scalars.count, scalars[i] == "\"" {
                i += 1
                while i < scalars.count, scalars[i] != "\"" {
                    if scalars[i] == "\\", i + 1 < scalars.count { i += 1 }
                    value.unicodeScalars.append(scalars[i])
                    i += 1
                }
                i += 1
            } else {
                while i < scalars.count, scalars[i] != ",", scalars[i] != " " { value.unicodeScalars.append(scalars[i]); i += 1 }
            }
            if key.lowercased() == name.lowercased() { return value }
        }
        return nil
    }
}
