import ArgumentParser
import Foundation
import Logging
import MindfulReport

/// The options of fetching from the API, shared by `report` and `fetch`.
struct FetchFlags: ParsableArguments {
    @Option(help: "API base URL (default https://api.getmindful.com, or api.base_url in the config file).")
    var baseURL: String?

    @Option(help: "OAuth token URL for client credentials (default https://auth.getmindful.com/oauth2/token).")
    var tokenURL: String?

    @Option(help: "File holding a static bearer token (instead of MINDFUL_API_TOKEN).")
    var tokenFile: String?

    @Option(help: "PEM file of CA certificates to trust besides the system's (a company CA); config api.ca_file.")
    var caFile: String?

    @Option(help: "Proxy for API requests (http://host:port or socks5://host:port), instead of HTTPS_PROXY/HTTP_PROXY; config api.proxy.")
    var proxy: String?

    @Option(help: "Requests in flight at most.")
    var concurrency: Int = 8

    @Option(help: "Requests started per second at most (the API allows 100 per IP).")
    var rate: Double = 50

    @Option(help: "Seconds an answer may take before the request is retried.")
    var timeout: Double = 30

    @Option(help: "Tries per hour before it is given up as missing.")
    var retries: Int = 5

    @Option(help: "An hour is settled when fetched this long after it ended (such as 2h, 90m, 3600s); settled hours are never fetched again.")
    var settle: String = "2h"

    @Flag(help: "Fetch every hour again, settled or not.")
    var refresh = false

    @Flag(help: "No live progress line; only the summary at the end.")
    var quiet = false

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if !(rate > 0) { throw ValidationError("--rate must be more than 0") }
        if !(timeout > 0) { throw ValidationError("--timeout must be more than 0 seconds") }
        if retries < 1 { throw ValidationError("--retries must be at least 1") }
        _ = try settleSeconds()
    }

    /// `2h`, `90m`, `3600s` or plain seconds.
    func settleSeconds() throws -> TimeInterval {
        var text = settle.trimmingCharacters(in: .whitespaces)
        var unit = 1.0
        if let last = text.last, let u = ["s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0][String(last)] {
            unit = u
            text.removeLast()
        }
        guard let n = Double(text), n >= 0, n.isFinite else {
            throw ValidationError("--settle \"\(settle)\" is not a duration such as 2h, 90m or 3600s")
        }
        return n * unit
    }

    /// The settings these flags set, to lay over the config file's.
    var settings: ReportConfig {
        ReportConfig(apiBaseURL: baseURL, tokenURL: tokenURL, caFile: caFile, proxy: proxy)
    }

    /// The names of the credential variables, as the config file may rename them.
    static func variables(_ config: ReportConfig) -> CredentialVariables {
        let standard = CredentialVariables.standard
        return CredentialVariables(token: config.tokenVariable ?? standard.token, clientID: config.clientIdVariable ?? standard.clientID,
                                   clientSecret: config.clientSecretVariable ?? standard.clientSecret)
    }

    /// The fetch options from the merged settings (flags already laid over the config file).
    /// Throws a one-line usage error for a URL that is not http(s), or a proxy URL that cannot be
    /// used (naming where it came from).
    func options(settings: ReportConfig, labels: HourLabels, offline: Bool, environment: [String: String]) throws -> FetchOptions {
        func url(_ text: String?, _ name: String, default fallback: URL) throws -> URL {
            guard let text else { return fallback }
            guard let u = URL(string: text), let scheme = u.scheme, ["http", "https"].contains(scheme.lowercased()), u.host != nil else {
                throw ValidationError("\(name) \"\(text)\" is not an http(s) URL")
            }
            return u
        }
        let proxies: ProxySettings
        do { proxies = try ProxySettings.resolve(explicit: settings.proxy, environment: environment) } catch {
            throw SettingFailure(.proxy, origin: error.origin, message: error.error.description)
        }
        let network = NetworkSettings(trust: TrustSettings.resolve(extraCAFile: settings.caFile, environment: environment), proxies: proxies)
        // Warnings (hours missing, files moved aside) on stderr; not the error that stops the run,
        // which the command prints as its one error line.
        let logger = Logger(label: "mindful-report.fetch") { _ in CLILogHandler(level: .warning) }
        return FetchOptions(baseURL: try url(settings.apiBaseURL, "--base-url", default: FetchOptions.defaultBaseURL),
                            tokenURL: try url(settings.tokenURL, "--token-url", default: FetchOptions.defaultTokenURL),
                            concurrency: concurrency, rate: rate, timeout: timeout, tries: retries, settle: try settleSeconds(),
                            refresh: refresh, offline: offline, labels: labels, logger: logger, network: network,
                            credentialVariables: Self.variables(settings))
    }

    /// Credentials from `--token-file` or the environment (variable names may be renamed in the
    /// config file); `nil` when none are set.
    func credentials(settings: ReportConfig, environment: [String: String]) throws(FetchError) -> Credentials? {
        try Credentials.resolve(environment: environment, tokenFile: tokenFile, variables: Self.variables(settings))
    }

    /// The live progress line on stderr: only on a terminal and without `--quiet`.
    func progressLine() -> (@Sendable (FetchProgress) -> Void)? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return { p in
            let eta = p.eta.map { " ETA \(Int($0.rounded())) s" } ?? ""
            let line = "\rhours \(p.done)/\(p.total): \(p.fromCache) from cache, \(p.fetched) fetched, \(p.retried) retried, \(p.failed) failed, \(String(format: "%.1f", p.rate)) req/s\(eta)\u{1B}[K"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// One line on what fetching did.
    static func summaryLine(_ s: FetchSummary) -> String {
        var line = "Fetch: \(s.total) hours, \(s.fromCache.count) from cache, \(s.fetched.count) fetched, \(s.retries) retries, \(s.missing.count) missing in \(String(format: "%.1f", s.elapsed)) s"
        if !s.stale.isEmpty { line += "; \(s.stale.count) kept from an earlier fetch" }
        if !s.quarantined.isEmpty { line += "; \(s.quarantined.count) unusable cache files moved aside" }
        return line + "."
    }
}
