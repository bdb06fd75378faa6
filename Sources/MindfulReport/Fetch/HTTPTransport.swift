import Foundation

/// One HTTP request as the fetch layer makes it.
struct HTTPRequest: Sendable {
    var method: String
    var url: URL
    /// Header fields in order (names as written).
    var headers: [(name: String, value: String)]
    var body: [UInt8]?

    init(method: String = "GET", url: URL, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Sets a header, replacing any of the same name (compared without case).
    mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.lowercased() == name.lowercased() }
        headers.append((name, value))
    }
}

/// One HTTP answer, body complete (and decompressed) as far as the transport could tell.
struct HTTPAnswer: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// A header by case-insensitive name (the first, when repeated).
    func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}

/// Why no HTTP answer came back, in terms that decide what happens next: try again, wait for
/// the server to come back, or stop the run.
enum TransportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// No whole answer within the time allowed.
    case timedOut
    /// The connection broke, or the body was cut short.
    case connectionLost(String)
    /// The host could not be reached: its name does not resolve, or it refuses connections.
    /// Retried while the server may be restarting, then final (``FetchError/unreachable``).
    case unreachable(host: String, cause: String)
    /// The server's certificate is not trusted (unknown CA, wrong host name, expired...). Final.
    case untrusted(host: String, reason: String)
    /// The proxy refused the tunnel or could not be reached. Final.
    case proxy(proxy: String, reason: String)
    /// The request was cancelled (the run is stopping).
    case cancelled
    /// Anything else (a malformed answer, a body past the size limit...). Retried.
    case other(String)

    /// Worth another try of the same hour, counting against its tries.
    var isTransient: Bool {
        switch self {
        case .timedOut, .connectionLost, .other: return true
        case .unreachable, .untrusted, .proxy, .cancelled: return false
        }
    }

    var description: String {
        switch self {
        case .timedOut: return "timed out"
        case .connectionLost(let why): return "connection lost or body cut short (\(why))"
        case .unreachable(let host, let cause): return "cannot reach \(host): \(cause)"
        case .untrusted(let host, let reason): return "the TLS certificate of \(host) is not trusted: \(reason)"
        case .proxy(let proxy, let reason): return "the proxy \(proxy) \(reason)"
        case .cancelled: return "cancelled"
        case .other(let why): return why
        }
    }
}

/// What the fetch layer needs of an HTTP client: one request, its whole answer. The API's hours
/// and the OAuth token endpoint both go through it, with the same trust store and proxy.
protocol HTTPTransport: Sendable {
    /// Sends `request`; task cancellation cancels it. Gives up with
    /// ``TransportFailure/timedOut`` when the whole answer has not come within the transport's
    /// time limit.
    func send(_ request: HTTPRequest) async throws(TransportFailure) -> HTTPAnswer
    /// Closes every connection; the transport is not used again.
    func shutdown() async
}
