import Foundation

/// Why a fetch run stopped (or could not start). Hours that are merely missing are not errors:
/// they are listed in ``FetchSummary/missing``.
///
/// Every `description` is one human line that names the hour, the API path and the HTTP status
/// where there is one, and never contains a token or a client secret.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The network is needed (some hours are not settled in the cache) but no credentials are set.
    case noCredentials(hoursNeeded: Int)
    /// The credentials configured are incomplete or malformed.
    case invalidCredentials(String)
    /// `--token-file` could not be read.
    case tokenFileUnreadable(path: String, underlying: String)
    /// The token endpoint refused the client credentials (a 4xx answer).
    case tokenRefused(url: String, status: Int, detail: String)
    /// The token endpoint could not be reached, or answered with no usable token, after retries.
    case tokenUnavailable(url: String, tries: Int, underlying: String)
    /// The API answered 401 for a token that cannot be refreshed, or again after a refresh.
    case unauthorized(hour: UTCHour, path: String, afterRefresh: Bool)
    /// The API answered 403: the credentials are not allowed to read historical data.
    case forbidden(hour: UTCHour, path: String)
    /// The cache could not be updated (a fetched hour stored, a bad file moved aside).
    case cacheFailed(hour: UTCHour, CacheError)
    /// The options make no sense (a concurrency of 0, labels that differ from the cache's...).
    case invalidOptions(String)
    /// The run was cancelled from outside.
    case cancelled

    public var description: String {
        switch self {
        case .noCredentials(let n):
            return "\(n) hour\(n == 1 ? "" : "s") must be fetched but no credentials are set: set "
                + "\(Credentials.tokenVariable) (or pass --token-file FILE), or \(Credentials.clientIDVariable) "
                + "and \(Credentials.clientSecretVariable) for OAuth client credentials"
        case .invalidCredentials(let why):
            return "invalid credentials: \(why)"
        case .tokenFileUnreadable(let path, let underlying):
            return "cannot read the token file \(path): \(underlying)"
        case .tokenRefused(let url, let status, let detail):
            return "the token endpoint \(url) refused the client credentials (HTTP \(status)\(detail.isEmpty ? "" : ": \(detail)")); "
                + "check \(Credentials.clientIDVariable) and \(Credentials.clientSecretVariable)"
        case .tokenUnavailable(let url, let tries, let underlying):
            return "could not get an access token from \(url) after \(tries) tr\(tries == 1 ? "y" : "ies"): \(underlying)"
        case .unauthorized(let hour, let path, let afterRefresh):
            return afterRefresh
                ? "the API rejected a freshly issued token (HTTP 401) for hour \(hour) (GET \(path)); stopped"
                : "the API rejected the token (HTTP 401) for hour \(hour) (GET \(path)); check the token; stopped"
        case .forbidden(let hour, let path):
            return "the API refused access (HTTP 403) for hour \(hour) (GET \(path)); the credentials may lack "
                + "permission for historical data; stopped"
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
        case .tokenRefused(let url, let status, let detail): return .tokenRefused(url: r(url), status: status, detail: r(detail))
        case .tokenUnavailable(let url, let tries, let underlying): return .tokenUnavailable(url: r(url), tries: tries, underlying: r(underlying))
        case .cacheFailed(let hour, .unreadable(let path, let u)): return .cacheFailed(hour: hour, .unreadable(path: path, underlying: r(u)))
        case .cacheFailed(let hour, .unwritable(let path, let u)): return .cacheFailed(hour: hour, .unwritable(path: path, underlying: r(u)))
        case .invalidOptions(let why): return .invalidOptions(r(why))
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
