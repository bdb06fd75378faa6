import Foundation
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
/// Concurrent callers share one token request. A refused token request (4xx) is final.
actor TokenProvider {
    private enum Source {
        case fixed(String)
        case oauth(id: String, secret: String)
    }

    private let source: Source
    private let tokenURL: URL
    private let transport: HTTPTransport
    private let limiter: RateLimiter
    private let tries: Int
    private let backoff: Backoff
    private let timeout: TimeInterval
    private let margin: TimeInterval
    private let logger: Logger?

    private var current: (token: IssuedToken, renewAt: ContinuousClock.Instant)?
    private var pending: Task<IssuedToken, any Error>?
    private var generation = 0
    private var nextIsAfterRejection = false
    private(set) var tokenRequests = 0

    init(credentials: Credentials, tokenURL: URL, transport: HTTPTransport, limiter: RateLimiter,
         tries: Int, backoff: Backoff, timeout: TimeInterval, margin: TimeInterval, logger: Logger?) {
        switch credentials {
        case .bearer(let token): source = .fixed(token)
        case .clientCredentials(let id, let secret): source = .oauth(id: id, secret: secret)
        }
        self.tokenURL = tokenURL
        self.transport = transport
        self.limiter = limiter
        self.tries = tries
        self.backoff = backoff
        self.timeout = timeout
        self.margin = margin
        self.logger = logger
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

    private func request(id: String, secret: String) async throws -> IssuedToken {
        defer { pending = nil }
        var request = URLRequest(url: tokenURL, timeoutInterval: timeout)
        request.httpMethod = "POST"
        let basic = Data("\(id):\(secret)".utf8).base64EncodedString()
        request.setValue("Basic \(basic)", forHTTPHeaderField: "Authorization")
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.httpBody = Data("grant_type=client_credentials".utf8)
        let shown = Redaction.display(tokenURL)
        var lastError = ""
        for attempt in 1...tries {
            if attempt > 1 { try await Task.sleep(for: .milliseconds(Int64(backoff.delay(afterFailures: attempt - 1) * 1000))) }
            try await limiter.acquire()
            tokenRequests += 1
            logger?.debug("requesting an access token", metadata: ["url": "\(shown)", "try": "\(attempt)"])
            let answer: HTTPAnswer
            do {
                answer = try await transport.send(request)
            } catch {
                if error == .cancelled { throw CancellationError() }
                lastError = error.description
                if !error.isTransient { break }
                continue
            }
            switch answer.status {
            case 200:
                guard let parsed = Self.parse(answer.body) else {
                    lastError = "HTTP 200 without a usable access_token and expires_in"
                    continue
                }
                generation += 1
                let token = IssuedToken(value: parsed.token, generation: generation, afterRejection: nextIsAfterRejection)
                nextIsAfterRejection = false
                let lifetime = max(parsed.expiresIn, 0)
                let renewIn = max(lifetime - min(margin, lifetime / 2), 0)
                current = (token, ContinuousClock.now + .milliseconds(Int64(renewIn * 1000)))
                logger?.debug("got an access token", metadata: ["expires_in": "\(parsed.expiresIn)"])
                return token
            case 408, 429, 500...599:
                lastError = "HTTP \(answer.status)"
                if let wait = RetryAfter.seconds(answer.header("Retry-After")) {
                    try await Task.sleep(for: .milliseconds(Int64(min(wait, 60) * 1000)))
                }
            default:
                throw FetchError.tokenRefused(url: shown, status: answer.status, detail: Self.oauthError(answer.body, secret: secret))
            }
        }
        throw FetchError.tokenUnavailable(url: shown, tries: tries, underlying: Redaction.redact(lastError, [secret]))
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

    /// `error: error_description` of an OAuth error answer, short and without the secret.
    private static func oauthError(_ body: [UInt8], secret: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return "" }
        let parts = [object["error"], object["error_description"]].compactMap { $0 as? String }
        return Redaction.redact(String(parts.joined(separator: ": ").prefix(200)), [secret])
    }
}
