import ArgumentParser
import Foundation
import Logging
import MindfulReport

/// The options of fetching from the API, shared by `report` and `fetch`.
struct FetchFlags: ParsableArguments {
    @Option(help: .setting(.apiBaseURL)) var baseURL: String?
    @Option(help: .setting(.apiTokenURL)) var tokenURL: String?

    @Option(help: "File holding a static bearer token (instead of MINDFUL_API_TOKEN).")
    var tokenFile: String?

    @Option(help: .setting(.apiCAFile)) var caFile: String?
    @Option(help: .setting(.apiProxy)) var proxy: String?

    @Option(help: "Requests in flight at most.")
    var concurrency: Int = FetchOptions.standard.concurrency

    @Option(help: "Requests started per second at most (the API allows 100 per IP).")
    var rate: Double = FetchOptions.standard.rate

    @Option(help: "Seconds an answer may take before the request is retried.")
    var timeout: Double = FetchOptions.standard.timeout

    @Option(help: "Seconds an API that does not resolve or refuses connections is waited for (a server restarting) before the run stops.")
    var unreachableWait: Double = FetchOptions.standard.unreachableWindow

    @Option(help: "Tries per hour before it is given up as missing.")
    var retries: Int = FetchOptions.standard.tries

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
        if !(unreachableWait >= 0) { throw ValidationError("--unreachable-wait must be 0 or more seconds") }
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

    /// Lays the settings these flags give over `flags`.
    func apply(to flags: inout ReportConfig) {
        flags.apiBaseURL = baseURL
        flags.tokenURL = tokenURL
        flags.caFile = caFile
        flags.proxy = proxy
    }

    /// The fetch options from the run's settings. Throws ``SettingFailure`` for a proxy URL that
    /// cannot be used (naming where it came from), a `ValidationError` for a bad `--settle`.
    func options(settings: Settings, labels: HourLabels, offline: Bool, environment: [String: String]) throws -> FetchOptions {
        let proxies: ProxySettings
        do { proxies = try ProxySettings.resolve(explicit: settings.proxy, environment: environment) } catch {
            throw SettingFailure(.proxy, origin: error.origin, message: error.error.description)
        }
        let network = NetworkSettings(trust: TrustSettings.resolve(extraCAFile: settings.caFile, environment: environment), proxies: proxies)
        // Warnings (hours missing, files moved aside) on stderr; not the error that stops the run,
        // which the command prints as its one error line.
        let logger = Logger(label: "mindful-report.fetch") { _ in CLILogHandler(level: .warning) }
        var options = FetchOptions.standard
        options.baseURL = settings.apiBaseURL
        options.tokenURL = settings.tokenURL
        options.concurrency = concurrency
        options.rate = rate
        options.timeout = timeout
        options.tries = retries
        options.unreachableWindow = unreachableWait
        options.settle = try settleSeconds()
        options.refresh = refresh
        options.offline = offline
        options.labels = labels
        options.logger = logger
        options.network = network
        options.credentialVariables = settings.credentialVariables
        return options
    }

    /// Credentials from `--token-file` or the environment (variable names may be renamed in the
    /// config file); `nil` when none are set.
    func credentials(settings: Settings, environment: [String: String]) throws(FetchError) -> Credentials? {
        try Credentials.resolve(environment: environment, tokenFile: tokenFile, variables: settings.credentialVariables)
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
