import Foundation

/// How the program reaches the API: whom it trusts, which proxy it goes through, and how it
/// names itself. Shared by the hour requests and the OAuth token requests.
public struct NetworkSettings: Sendable, Equatable {
    /// Certificates trusted for HTTPS.
    public var trust: TrustSettings
    /// Proxies, by URL scheme, and the hosts reached without one.
    public var proxies: ProxySettings
    /// The `User-Agent` header: the program and its version.
    public var userAgent: String

    /// Trust store and proxies for API requests.
    public init(trust: TrustSettings = TrustSettings(), proxies: ProxySettings = ProxySettings(),
                userAgent: String = MindfulReportVersion.userAgent) {
        self.trust = trust
        self.proxies = proxies
        self.userAgent = userAgent
    }
}

/// Where HTTPS trust comes from: the system's certificate bundle (or the one `SSL_CERT_FILE`
/// names, as OpenSSL and curl read it), plus a company CA. Verification is never turned off.
public struct TrustSettings: Sendable, Equatable {
    /// A PEM bundle used instead of the system's (`SSL_CERT_FILE`), if set.
    public var systemBundle: String?
    /// A PEM file of CA certificates trusted besides the system's, if set.
    public var extraCAFile: String?

    /// The system's CA bundle (or `systemBundle`), plus `extraCAFile`.
    public init(systemBundle: String? = nil, extraCAFile: String? = nil) {
        self.systemBundle = systemBundle
        self.extraCAFile = extraCAFile
    }

    /// The settings of a run: `extraCAFile` from the options, `SSL_CERT_FILE` from the
    /// environment (ignored when empty).
    public static func resolve(extraCAFile: String?, environment: [String: String]) -> TrustSettings {
        let bundle = environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        return TrustSettings(systemBundle: bundle, extraCAFile: extraCAFile)
    }
}

/// A proxy server: `http://[user:password@]host[:port]` (a `CONNECT` tunnel for HTTPS) or
/// `socks5://host[:port]`. Its description never shows the user or the password.
public struct ProxyURL: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of proxy the program can use.
    public enum Kind: String, Sendable, Hashable {
        case http
        case socks5
    }
    public let kind: Kind
    public let host: String
    public let port: Int
    /// Proxy credentials (HTTP Basic to the proxy). Never shown.
    let user: String?
    let password: String?

    /// `http://proxy.example.com:3128`: no user, no password.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(kind.rawValue)://\(shownHost):\(port)"
    }

    /// True when the URL carried a user name (and perhaps a password).
    public var hasCredentials: Bool { user != nil }

    /// Reads a proxy URL as curl does: a missing scheme means `http://`, a missing port 1080.
    /// `socks5h://` is taken as `socks5://` (names are always resolved by the proxy's peer here).
    public static func parse(_ text: String) throws(ProxyURLError) -> ProxyURL {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalid("it is empty") }
        let withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed
        guard let components = URLComponents(string: withScheme), let scheme = components.scheme?.lowercased() else {
            throw .invalid("it is not a URL")
        }
        let kind: Kind
        switch scheme {
        case "http": kind = .http
        case "socks5", "socks5h": kind = .socks5
        case "https": throw .invalid("proxies reached over TLS (https://) are not supported; give the proxy as http://")
        default: throw .invalid("the scheme \(scheme):// is not a proxy this program can use (http:// or socks5://)")
        }
        guard var host = components.host, !host.isEmpty else { throw .invalid("it has no host") }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = components.port ?? 1080
        guard (1...65535).contains(port) else { throw .invalid("its port is out of range") }
        guard components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil else {
            throw .invalid("a proxy URL has no path, query or fragment")
        }
        let user = components.percentEncodedUser.flatMap { $0.removingPercentEncoding }
        let password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        if kind == .socks5 && user != nil { throw .invalid("a user and password for a SOCKS proxy are not supported") }
        return ProxyURL(kind: kind, host: host, port: port, user: user, password: password)
    }
}

/// Why a proxy URL cannot be used. The message never repeats the URL (it may hold a password).
public enum ProxyURLError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let why): return "not a usable proxy URL: \(why)"
        }
    }
}

/// Which proxy, if any, each request goes through: `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and
/// `NO_PROXY` read as curl reads them (lower case first, then upper case), and an explicit proxy
/// (an option or the config file) that replaces the environment's for every scheme. `NO_PROXY`
/// applies to both.
public struct ProxySettings: Sendable, Equatable {
    /// The proxy for `https://` URLs.
    public var https: ProxyURL?
    /// The proxy for `http://` URLs.
    public var http: ProxyURL?
    /// `NO_PROXY` entries: `*`, host names and domains (`example.com` and `.example.com` both
    /// match the domain and its sub-domains), IP addresses and CIDR ranges.
    public var noProxy: [String]

    /// Proxies by scheme, and the hosts that bypass them.
    public init(https: ProxyURL? = nil, http: ProxyURL? = nil, noProxy: [String] = []) {
        self.https = https
        self.http = http
        self.noProxy = noProxy
    }

    /// Where a proxy setting came from, for messages.
    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        case explicit
        case environment(String)

        public var description: String {
            switch self {
            case .explicit: return "the proxy setting"
            case .environment(let name): return name
            }
        }
    }

    /// The settings of a run. Throws, naming where the bad URL came from, when a proxy URL
    /// cannot be used.
    public static func resolve(explicit: String?, environment: [String: String]) throws(ProxySettingsError) -> ProxySettings {
        func variable(_ name: String) -> (String, String)? {
            for candidate in [name.lowercased(), name.uppercased()] {
                if let value = environment[candidate], !value.trimmingCharacters(in: .whitespaces).isEmpty { return (candidate, value) }
            }
            return nil
        }
        func parse(_ found: (String, String)?, _ origin: (String) -> Origin) throws(ProxySettingsError) -> ProxyURL? {
            guard let (name, value) = found else { return nil }
            do { return try ProxyURL.parse(value) } catch { throw ProxySettingsError(origin: origin(name), error: error) }
        }
        let noProxy = (variable("no_proxy")?.1 ?? "")
            .split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init).filter { !$0.isEmpty }
        if let explicit {
            let proxy = try parse(("", explicit)) { _ in .explicit }
            return ProxySettings(https: proxy, http: proxy, noProxy: noProxy)
        }
        let all = try parse(variable("all_proxy"), Origin.environment)
        return ProxySettings(https: try parse(variable("https_proxy"), Origin.environment) ?? all,
                             http: try parse(variable("http_proxy"), Origin.environment) ?? all,
                             noProxy: noProxy)
    }

    /// The proxy for `url`, or `nil` to connect directly.
    public func proxy(for url: URL) -> ProxyURL? {
        let proxy = url.scheme?.lowercased() == "https" ? https : http
        guard let proxy, let host = url.host?.lowercased() else { return nil }
        return Self.bypasses(host: host, noProxy) ? nil : proxy
    }

    /// Whether `host` matches a `NO_PROXY` entry.
    static func bypasses(host rawHost: String, _ entries: [String]) -> Bool {
        var host = rawHost.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        while host.hasSuffix(".") { host.removeLast() }
        for raw in entries {
            var entry = raw.lowercased()
            if entry == "*" { return true }
            if entry.hasPrefix("[") , let close = entry.firstIndex(of: "]") {
                entry = String(entry[entry.index(after: entry.startIndex)..<close])
            } else if entry.filter({ $0 == ":" }).count == 1, let colon = entry.firstIndex(of: ":") {
                entry = String(entry[..<colon])  // host:port, the port ignored
            }
            if let slash = entry.firstIndex(of: "/") {
                if let bits = Int(entry[entry.index(after: slash)...]), IPAddress.matches(host, network: String(entry[..<slash]), bits: bits) {
                    return true
                }
                continue
            }
            while entry.hasPrefix(".") { entry.removeFirst() }
            while entry.hasSuffix(".") { entry.removeLast() }
            if entry.isEmpty { continue }
            if host == entry || host.hasSuffix("." + entry) { return true }
            if let a = IPAddress.bytes(host), let b = IPAddress.bytes(entry), a == b { return true }
        }
        return false
    }
}

/// A proxy URL that cannot be used, and where it came from.
public struct ProxySettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    public let origin: ProxySettings.Origin
    public let error: ProxyURLError

    public var description: String { "\(origin): \(error)" }
}

/// IPv4 and IPv6 addresses as bytes, for `NO_PROXY` ranges.
enum IPAddress {
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// Whether `host` is an address inside `network/bits`.
    static func matches(_ host: String, network: String, bits: Int) -> Bool {
        guard let a = bytes(host), let b = bytes(network), a.count == b.count, bits >= 0, bits <= a.count * 8 else { return false }
        var left = bits
        for i in a.indices where left > 0 {
            let take = min(8, left)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - take))
            if a[i] & mask != b[i] & mask { return false }
            left -= take
        }
        return true
    }
}
