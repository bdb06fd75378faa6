import Foundation
import Logging

/// An access token handed to a request, with where it came from.
struct IssuedToken: Sendable, Equatable {
    /// The bearer value. Never log or show it.
    let value: String
    /// Counts the tokens this provider has issued (1 for the first).
    let generation: Int
    /// True when this token was fetched because the API answered 401 to the one before.
    let afterRejection: Bool
}

/// Hands out bearer tokens: a static token, or OAuth 2.0 client-credentials tokens that it
/// fetches, renews before they expire, and renews once when the API rejects one.
///
/// Concurrent callers share one token request. The token request follows RFC 6749: `POST`
/// `grant_type=client_credentials`, the client authenticated with HTTP Basic over the
/// form-encoded id and secret (§2.3.1). A 400, 401 or 403 answer (§5.2) is final at once,
/// whatever its `WWW-Authenticate` asks; 408, 429 and 5xx answers, time-outs and cut
/// connections are retried like hour requests; an unreachable endpoint is waited for as long as
/// an unreachable API is.
actor TokenProvider {
    private enum Source {
        case fixed(String)
        case oauth(id: String, secret: String)
    }

    private let source: Source
    private let tokenURL: URL
    private let transport: any HTTPTransport
    private let limiter: RateLimiter
    private let reachability: Reachability
    private let options: FetchOptions
    private let secrets: [String]
    private var logger: Logger? { options.logger }

    private var current: (token: IssuedToken, renewAt: ContinuousClock.Instant)?
    private var pending: Task<IssuedToken, any Error>?
    private var generation = 0
    private var nextIsAfterRejection = false
    private(set) var tokenRequests = 0

    init(credentials: Credentials, options: FetchOptions, transport: any HTTPTransport, limiter: RateLimiter,
         reachability: Reachability) {
        switch credentials {
        case .bearer(let token): source = .fixed(token)
        case .clientCredentials(let id, let secret): source = .oauth(id: id, secret: secret)
        }
        secrets = credentials.secrets
        tokenURL = options.tokenURL
        self.options = options
        self.transport = transport
        self.limiter = limiter
        self.reachability = reachability
    }

    /// Abandons a token request in progress (the run is stopping).
    func cancel() { pending?.cancel() }

    /// Whether a rejected token can be replaced (OAuth) or not (a static token).
    var canRefresh: Bool {
        if case .oauth = source { return true }
        return false
    }

    /// A token valid for a while yet, fetching one if needed.
    func token() async throws(FetchError) -> IssuedToken {
        switch source {
        case .fixed(let value):
            return IssuedToken(value: value, generation: 1, afterRejection: false)
        case .oauth(let id, let secret):
            if let current, ContinuousClock.now < current.renewAt { return current.token }
            let task: Task<IssuedToken, any Error>
            if let pending {
                task = pending
            } else {
                task = Task { try await self.request(id: id, secret: secret) }
                pending = task
            }
            do {
                let token = try await task.value
                return token
            } catch let error as FetchError {
                throw error
            } catch {
                throw .cancelled
            }
        }
    }

    /// The API answered 401 to `token`. Returns true when a retry with a fresh token is allowed:
    /// an OAuth token that was not itself issued after a 401. The next ``token()`` then fetches
    /// a new one (once, however many requests saw the same 401).
    func rejected(_ token: IssuedToken) -> Bool {
        guard canRefresh, !token.afterRejection else { return false }
        if let current, current.token.generation == token.generation {
            self.current = nil
            nextIsAfterRejection = true
            logger?.info("access token rejected (401); fetching a new one")
        }
        return true
    }

    /// The token request: `Authorization: Basic base64(urlencode(id):urlencode(secret))`, as
    /// RFC 6749 §2.3.1 asks, and the form body.
    static func tokenRequest(url: URL, id: String, secret: String) -> HTTPRequest {
        let basic = Data("\(FormEncoding.encode(id)):\(FormEncoding.encode(secret))".utf8).base64EncodedString()
        return HTTPRequest(method: "POST", url: url, headers: [
            ("Authorization", "Basic \(basic)"),
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "application/json"),
        ], body: Array("grant_type=client_credentials".utf8))
    }

    private func request(id: String, secret: String) async throws -> IssuedToken {
        defer { pending = nil }
        let request = Self.tokenRequest(url: tokenURL, id: id, secret: secret)
        // The secret as sent (form-encoded, and inside the Basic value) is never shown either.
        let hidden = secrets + [FormEncoding.encode(secret), String(request.headers[0].value.dropFirst(6))]
        let shown = Redaction.display(tokenURL)
        var lastError = ""
        var failures = 0
        while failures < options.tries {
            try await limiter.acquire()
            tokenRequests += 1
            logger?.debug("requesting an access token", metadata: ["url": "\(shown)", "try": "\(failures + 1)"])
            let answer: HTTPAnswer
            do {
                answer = try await transport.send(request)
                reachability.reached()
            } catch {
                switch error {
                case .cancelled: throw CancellationError()
                case .untrusted(let host, let reason): throw FetchError.untrusted(host: host, reason: reason)
                case .proxy(let proxy, let reason): throw FetchError.proxyFailed(proxy: proxy, reason: reason)
                case .unreachable(let host, let cause):
                    guard let wait = reachability.failed() else {
                        throw FetchError.unreachable(host: host, cause: cause, waited: reachability.window)
                    }
                    try await Task.sleep(for: wait)
                    continue
                default:
                    lastError = error.description
                    failures += 1
                    if failures < options.tries { try await Task.sleep(for: .seconds(options.backoff.delay(afterFailures: failures))) }
                    continue
                }
            }
            switch answer.status {
            case 200:
                guard let parsed = Self.parse(answer.body) else {
                    lastError = "HTTP 200 without a usable access_token and expires_in"
                    failures += 1
                    continue
                }
                generation += 1
                let token = IssuedToken(value: parsed.token, generation: generation, afterRejection: nextIsAfterRejection)
                nextIsAfterRejection = false
                let lifetime = max(parsed.expiresIn, 0)
                let renewIn = max(lifetime - min(options.tokenRefreshMargin, lifetime / 2), 0)
                current = (token, ContinuousClock.now + .milliseconds(Int64(renewIn * 1000)))
                logger?.debug("got an access token", metadata: ["expires_in": "\(parsed.expiresIn)"])
                return token
            case 400, 401, 403:
                throw FetchError.tokenRefused(url: shown, status: answer.status, oauthError: Self.oauthError(answer.body, secrets: hidden),
                                              variables: options.credentialVariables)
            case 408, 429, 500...599:
                lastError = "HTTP \(answer.status)"
                failures += 1
                if failures < options.tries {
                    let wait = RetryAfter.seconds(answer.header("Retry-After")).map { min($0, options.maxRetryAfter) }
                        ?? options.backoff.delay(afterFailures: failures)
                    try await Task.sleep(for: .seconds(wait))
                }
            default:
                // A 404 or a redirect: the token URL is wrong, and asking again will not help.
                throw FetchError.tokenUnavailable(url: shown, tries: failures + 1, underlying: "HTTP \(answer.status)")
            }
        }
        throw FetchError.tokenUnavailable(url: shown, tries: failures, underlying: Redaction.redact(lastError, hidden))
    }

    private static func parse(_ body: [UInt8]) -> (token: String, expiresIn: TimeInterval)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let token = object["access_token"] as? String, !token.isEmpty,
              !token.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else { return nil }
        let expires: TimeInterval
        switch object["expires_in"] {
        case let n as NSNumber: expires = n.doubleValue
        case let s as String: guard let n = Double(s) else { return nil }; expires = n
        default: expires = 3600
        }
        return (token, expires)
    }

    /// `invalid_client: Client authentication failed` from an RFC 6749 §5.2 error answer: its
    /// `error` and `error_description`, control characters removed, cut to 200 characters,
    /// without the secrets; empty when the body is not such an answer.
    static func oauthError(_ body: [UInt8], secrets: [String]) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return "" }
        let parts = [object["error"], object["error_description"]].compactMap { $0 as? String }.filter { !$0.isEmpty }
        return Redaction.quote(parts.joined(separator: ": "), limit: 200, secrets: secrets)
    }
}

/// `application/x-www-form-urlencoded` (the WHATWG URL standard's): what RFC 6749 §2.3.1 applies
/// to the client id and secret before HTTP Basic.
enum FormEncoding {
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + NumberText.hex(Int(byte), width: 2, uppercase: true)
            }
        }
        return out
    }
}
