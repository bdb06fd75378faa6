/// Why an hour of the range has no data the report may use. An hour is missing, never empty:
/// each reason has its own words (``description``) and a short kind (``kind``) under which
/// hours are counted and grouped on the pages.
public enum MissingReason: Sendable, Hashable, CustomStringConvertible {
    /// HTTP 404: past the organisation's retention, or no such hour.
    case notFound
    /// HTTP 400: the API rejected the date or hour.
    case badRequest
    /// Another final HTTP status (a redirect, 405...).
    case unexpectedStatus(Int)
    /// Every try failed; `lastError` is the last one's reason.
    case gaveUp(tries: Int, lastError: String)
    /// Not in the cache, and not fetched (offline).
    case notCached
    /// The cache file could not be read, or does not decode (not JSON, no `data` array); the
    /// reader's words.
    case unreadableCache(String)

    /// The kind of reason, without the details of one hour: what runs of hours on the pages and
    /// the counts of a run that read nothing are grouped by (`404 not found`).
    public var kind: String {
        switch self {
        case .notFound: return "404 not found"
        case .badRequest: return "400 bad request"
        case .unexpectedStatus(let status): return "HTTP \(status)"
        case .gaveUp: return "gave up after retries"
        case .notCached: return "not in the cache"
        case .unreadableCache: return "cache file unusable"
        }
    }

    public var description: String {
        switch self {
        case .notFound: return "not found (HTTP 404)"
        case .badRequest: return "bad request (HTTP 400)"
        case .unexpectedStatus(let status): return "unexpected answer (HTTP \(status))"
        case .gaveUp(let tries, let lastError): return "gave up after \(tries) tr\(tries == 1 ? "y" : "ies"): \(lastError)"
        case .notCached: return "not in the cache"
        case .unreadableCache(let why): return "cache file unusable: \(why)"
        }
    }

    /// `24 hours missing: 404 not found ×20, not in the cache ×4`: how many hours had each kind
    /// of reason, the most common first.
    public static func tally(_ reasons: [MissingReason]) -> String {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for reason in reasons {
            if counts[reason.kind] == nil { order.append(reason.kind) }
            counts[reason.kind, default: 0] += 1
        }
        let kinds = order.enumerated().sorted { (a, b) in
            counts[a.element]! != counts[b.element]! ? counts[a.element]! > counts[b.element]! : a.offset < b.offset
        }.map { "\($0.element) ×\(counts[$0.element]!)" }
        let n = reasons.count
        return "\(n) hour\(n == 1 ? "" : "s") missing: " + kinds.joined(separator: ", ")
    }
}
