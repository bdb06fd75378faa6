import ArgumentParser
import Foundation
import MindfulReport

/// `mindful-report check`: every check a report run makes before work, plus one request for the
/// most recent settled hour, one line each; writes nothing.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the settings of the daily job and one API request, one line per check; write nothing.",
        discussion: """
        Give the options the daily job uses (--config, --site or --out, --sendmail...). Checks the \
        config file, the cache, the report or site folder, the templates, the mail settings, the \
        CA file and proxy, the credentials (getting an OAuth token), then asks the API for the most \
        recent settled hour through the proxy and trust settings in force. Nothing is cached or \
        written. Exit status: 0 when every check passes, 1 otherwise.
        """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var cacheOptions: CacheOptions
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var delivery: DeliveryOptions
    @OptionGroup(title: "Fetching from the API") var fetchFlags: FetchFlags

    @Option(help: .setting(.timezone)) var timezone: String?

    func run() async throws {
        var flags = ReportConfig.unset
        flags.timeZone = timezone
        output.apply(to: &flags)
        delivery.apply(to: &flags)
        let setup = try RunSetup(config: config, cacheOptions: cacheOptions, fetchFlags: fetchFlags, flags: flags, offline: output.offline)
        let plan = try ReportRun.Plan(setup: setup, range: nil, delivery: delivery, output: output, comparePrevious: false)
        var checks = [PreflightCheck.ok(.config, setup.settings.source.map { "read \($0)" } ?? "no config file; flags and defaults only")]
        if let zone = setup.settings.given.timeZone, TimeZone(identifier: zone) == nil {
            checks.append(.fail(.range, "\"\(zone)\" is not an IANA time zone"))
        }
        checks += await plan.localChecks(forReport: false)
        for check in checks { print(Self.line(check, variables: setup.variables)) }
        var failed = checks.contains { !$0.passed }

        if !output.offline, !failed || Self.canTryTheAPI(checks) {
            for check in await apiChecks(setup) {
                print(Self.line(check, variables: setup.variables))
                failed = failed || !check.passed
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// The API can be tried when nothing it depends on failed.
    static func canTryTheAPI(_ checks: [PreflightCheck]) -> Bool {
        !checks.contains { !$0.passed && [.credentials, .caFile, .proxy].contains($0.subject) }
    }

    /// The OAuth token, then one request for the most recent settled hour.
    func apiChecks(_ setup: RunSetup) async -> [PreflightCheck] {
        guard case .success(let options) = setup.fetchOptions, case .success(let credentials?) = setup.credentials else { return [] }
        let api: APIClient
        do { api = try APIClient(options: options, credentials: credentials) } catch {
            return [.fail(.caFile, error.description)]
        }
        var checks: [PreflightCheck] = []
        do {
            try await api.authenticate()
            if case .clientCredentials = credentials {
                checks.append(.ok(.token, "access token obtained from \(options.tokenURL.absoluteString)"))
            }
            // The most recent hour that a fetch now would leave settled.
            let latest = UTCHour(containing: Date().addingTimeInterval(-options.settle - 3600))
            let probe = try await api.probe(latest)
            if let status = probe.status {
                let what = "GET \(probe.path): HTTP \(status), \(probe.bytes) bytes" + (probe.records.map { ", \($0) records" } ?? "")
                checks.append(status == 200 || status == 404 ? .ok(.api, what + (status == 404 ? " (no data for that hour)" : "")) : .fail(.api, what))
            } else {
                checks.append(.fail(.api, "GET \(probe.path): \(probe.failure ?? "no answer")"))
            }
        } catch {
            let subject: PreflightCheck.Subject
            switch error {
            case .tokenRefused, .tokenUnavailable: subject = .token
            case .untrusted, .caFileUnusable: subject = .caFile
            case .proxyFailed: subject = .proxy
            case .unauthorized, .forbidden: subject = .credentials
            default: subject = .api
            }
            checks.append(.fail(subject, error.description))
        }
        await api.shutdown()
        return checks
    }

    /// `ok    cache (--cache, config cache): /var/cache/mindful-report exists and is writable`.
    static func line(_ check: PreflightCheck, variables: CredentialVariables) -> String {
        "\(check.passed ? "ok  " : "FAIL") \(SettingNames.names(check.subject, variables: variables)): \(check.message)"
    }
}
