import Foundation

/// Why a fetch run stopped (or could not start). Hours that are merely missing are not errors:
/// they are listed in ``FetchSummary/missing``.
///
/// Every `description` is one human line that names the hour, the API path and the HTTP status
/// where there is one, and never contains a token or a client secret.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The network is needed (some hours are not settled in the cache) but no credentials are set.
    case noCredentials(hoursNeeded: Int, variables: CredentialVariables)
    /// The credentials configured are incomplete or malformed.
    case invalidCredentials(String)
    /// The token file could not be read.
    case tokenFileUnreadable(path: String, underlying: String)
    /// The token endpoint refused the client credentials (400, 401 or 403, as RFC 6749 §5.2
    /// answers them): `oauthError` is its `error` and `error_description`, cleaned and cut.
    case tokenRefused(url: String, status: Int, oauthError: String, variables: CredentialVariables)
    /// The token endpoint could not be reached, or answered with no usable token, after retries.
    case tokenUnavailable(url: String, tries: Int, underlying: String)
    /// The API answered 401 for a token that cannot be refreshed, or again after a refresh;
    /// `bearerError` is the RFC 6750 `error` of its `WWW-Authenticate` challenge, if any.
    case unauthorized(hour: UTCHour, path: String, afterRefresh: Bool, bearerError: String?)
    /// The API answered 403: the credentials are not allowed to read historical data.
    case forbidden(hour: UTCHour, path: String, bearerError: String?)
    /// The server's TLS certificate is not trusted (unknown CA, wrong host name, expired).
    case untrusted(host: String, reason: String)
    /// The host stayed unreachable (a name that does not resolve, refused connections) for the
    /// whole time a restarting server is waited for.
    case unreachable(host: String, cause: String, waited: TimeInterval)
    /// The proxy refused (407, a refused tunnel) or could not be reached.
    case proxyFailed(proxy: String, reason: String)
    /// A CA file to trust cannot be used.
    case caFileUnusable(path: String, reason: String)
    /// The cache could not be updated (a fetched hour stored, a bad file moved aside).
    case cacheFailed(hour: UTCHour, CacheError)
    /// The options make no sense (a concurrency of 0, labels that differ from the cache's...).
    case invalidOptions(String)
    /// The run was cancelled from outside.
    case cancelled

    public var description: String {
        switch self {
        case .noCredentials(let n, let variables):
            return "\(n) hour\(n == 1 ? "" : "s") must be fetched but no credentials are set: set "
                + "\(variables.token) (or use a token file), or \(variables.clientID) "
                + "and \(variables.clientSecret) for OAuth client credentials"
        case .invalidCredentials(let why):
            return "invalid credentials: \(why)"
        case .tokenFileUnreadable(let path, let underlying):
            return "cannot read the token file \(path): \(underlying)"
        case .tokenRefused(let url, let status, let oauthError, let variables):
            return "the token endpoint \(url) refused the client credentials (HTTP \(status)\(oauthError.isEmpty ? "" : ": \(oauthError)")); "
                + "check \(variables.clientID) and \(variables.clientSecret)"
        case .tokenUnavailable(let url, let tries, let underlying):
            return "could not get an access token from \(url) after \(tries) tr\(tries == 1 ? "y" : "ies"): \(underlying)"
        case .unauthorized(let hour, let path, let afterRefresh, let bearerError):
            let said = bearerError.map { ", error=\"\($0)\"" } ?? ""
            return afterRefresh
                ? "the API rejected a freshly issued token (HTTP 401\(said)) for hour \(hour) (GET \(path)); stopped"
                : "the API rejected the token (HTTP 401\(said)) for hour \(hour) (GET \(path)); check the token; stopped"
        case .forbidden(let hour, let path, let bearerError):
            let said = bearerError.map { ", error=\"\($0)\"" } ?? ""
            return "the API refused access (HTTP 403\(said)) for hour \(hour) (GET \(path)); the credentials may lack "
                + "permission for historical data; stopped"
        case .untrusted(let host, let reason):
            return "the TLS certificate of \(host) is not trusted: \(reason); stopped"
        case .unreachable(let host, let cause, let waited):
            return "cannot reach \(host): \(cause) (still after \(Int(waited.rounded())) s); stopped"
        case .proxyFailed(let proxy, let reason):
            return "the proxy \(proxy) \(reason); stopped"
        case .caFileUnusable(let path, let reason):
            return "cannot use the CA file \(path): \(reason)"
        case .cacheFailed(let hour, let error):
            return "cannot update the cache for hour \(hour): \(error)"
        case .invalidOptions(let why):
            return "invalid fetch options: \(why)"
        case .cancelled:
            return "the fetch was cancelled"
        }
    }

    /// The same error with every occurrence of `secrets` replaced by `<redacted>`.
    func redacting(_ secrets: [String]) -> FetchError {
        func r(_ s: String) -> String { Redaction.redact(s, secrets) }
        switch self {
        case .invalidCredentials(let why): return .invalidCredentials(r(why))
        case .tokenFileUnreadable(let path, let underlying): return .tokenFileUnreadable(path: path, underlying: r(underlying))
        case .tokenRefused(let url, let status, let said, let variables): return .tokenRefused(url: r(url), status: status, oauthError: r(said), variables: variables)
        case .tokenUnavailable(let url, let tries, let underlying): return .tokenUnavailable(url: r(url), tries: tries, underlying: r(underlying))
        case .cacheFailed(let hour, .unreadable(let path, let u)): return .cacheFailed(hour: hour, .unreadable(path: path, underlying: r(u)))
        case .cacheFailed(let hour, .unwritable(let path, let u)): return .cacheFailed(hour: hour, .unwritable(path: path, underlying: r(u)))
        case .invalidOptions(let why): return .invalidOptions(r(why))
        case .unreachable(let host, let cause, let waited): return .unreachable(host: host, cause: r(cause), waited: waited)
        case .proxyFailed(let proxy, let reason): return .proxyFailed(proxy: proxy, reason: r(reason))
        case .untrusted(let host, let reason): return .untrusted(host: host, reason: r(reason))
        default: return self
        }
    }
}

/// Keeps secrets out of text meant for people.
enum Redaction {
    static func redact(_ text: String, _ secrets: [String]) -> String {
        var text = text
        for secret in secrets where secret.count >= 4 {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return text
    }

    /// Text a server sent, made safe to quote on one line: control characters removed, cut to
    /// `limit` characters (with `…`), and without `secrets`.
    static func quote(_ text: String, limit: Int = 200, secrets: [String]) -> String {
        let clean = String(String.UnicodeScalarView(redact(text, secrets).unicodeScalars.filter {
            !($0.properties.generalCategory == .control || $0.properties.generalCategory == .format || $0 == "\u{2028}" || $0 == "\u{2029}")
        }))
        let cut = clean.count > limit ? String(clean.prefix(limit)) + "…" : clean
        // Cutting could leave the start of a secret; redact once more on what is shown.
        return redact(cut, secrets)
    }

    /// A URL for messages: scheme, host, port and path; no user info, query or fragment.
    static func display(_ url: URL) -> String {
        guard var c = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "<url>" }
        c.user = nil
        c.password = nil
        c.query = nil
        c.fragment = nil
        return c.string ?? "<url>"
    }
}
