import ArgumentParser
import Foundation
import MindfulReport

/// What `report`, `fetch` and `check` share: the settings (flags laid over the config file),
/// the cache, the fetch options and credentials, and the checks made before any hour is read.
struct RunSetup {
    let environment: [String: String]
    /// Each setting from its flag, else the config file, else its default.
    let settings: Settings
    let cache: HourCache
    let offline: Bool
    /// The fetch options, or the proxy setting that made them impossible.
    let fetchOptions: Result<FetchOptions, SettingFailure>
    /// The credentials (`nil`: none set), or why those set cannot be used.
    let credentials: Result<Credentials?, FetchError>

    /// - Throws: a one-line error for a config file that cannot be read; a `ValidationError` for
    ///   a malformed URL option.
    init(config: ConfigOptions, cacheOptions: CacheOptions, fetchFlags: FetchFlags, flags: ReportConfig, offline: Bool) throws {
        environment = ProcessInfo.processInfo.environment
        let file = try config.load(environment: environment)
        var flags = flags
        flags.cacheFolder = cacheOptions.cache
        fetchFlags.apply(to: &flags)
        do { settings = try Settings.resolve(flags: flags, config: file, environment: environment) } catch {
            throw ValidationError(error.message)
        }
        cache = HourCache(root: URL(fileURLWithPath: settings.cacheFolder, isDirectory: true), labels: cacheOptions.hourLabels)
        self.offline = offline
        do {
            fetchOptions = .success(try fetchFlags.options(settings: settings, labels: cacheOptions.hourLabels, offline: offline,
                                                           environment: environment))
        } catch let failure as SettingFailure {
            fetchOptions = .failure(failure)
        }
        let environment = environment
        let settings = settings
        credentials = Result { () throws(FetchError) -> Credentials? in try fetchFlags.credentials(settings: settings, environment: environment) }
    }

    var variables: CredentialVariables { settings.credentialVariables }

    /// The hours a run of `hours` would ask the API for (none offline).
    func hoursToFetch(_ hours: [UTCHour]) -> [UTCHour] {
        guard case .success(let options) = fetchOptions else { return [] }
        return options.hoursToFetch(hours, in: cache)
    }

    /// The checks of the cache, the trust and proxy settings and the credentials, for a run that
    /// reads `hours` (`nil`: whatever a run may need, as `check` asks).
    func accessChecks(hours: [UTCHour]?) -> [PreflightCheck] {
        var checks = [Preflight.cache(cache.root, mustExist: offline)]
        if offline { return checks }
        if let file = settings.caFile { checks.append(Preflight.caFile(file)) }
        switch fetchOptions {
        case .failure(let failure): checks.append(.fail(.proxy, failure.description))
        case .success(let options):
            let proxies = options.network.proxies
            if let proxy = proxies.proxy(for: options.baseURL) {
                checks.append(.ok(.proxy, "API requests go through \(proxy)"))
            } else if settings.proxy != nil || proxies.https != nil || proxies.http != nil {
                checks.append(.ok(.proxy, "API requests go directly (NO_PROXY)"))
            }
        }
        let needed = hours.map { hoursToFetch($0).count }
        switch credentials {
        case .failure(let error):
            checks.append(.fail(.credentials, error.description))
        case .success(nil):
            if let needed, needed == 0 { break }
            let what = needed.map { "\($0) hour\($0 == 1 ? "" : "s") must be fetched but no credentials are set" } ?? "no credentials are set"
            checks.append(.fail(.credentials, what))
        case .success(let credentials?):
            if needed != 0 { checks.append(.ok(.credentials, "\(credentials)")) }
        }
        return checks
    }

    /// The API client of the run when some hour must be fetched (`nil` offline or when the cache
    /// holds every hour settled), its OAuth token already obtained. The caller shuts it down.
    /// - Throws: ``SettingFailure`` for an unusable CA file; a one-line error for refused
    ///   credentials, an untrusted certificate, a failing proxy or an unreachable token endpoint.
    func connect(hours: [UTCHour]) async throws -> APIClient? {
        guard !offline, !hoursToFetch(hours).isEmpty, case .success(let options) = fetchOptions,
              case .success(let credentials?) = credentials else { return nil }
        let api: APIClient
        do { api = try APIClient(options: options, credentials: credentials) } catch {
            throw SettingFailure(.caFile, message: error.description)
        }
        do {
            try await api.authenticate()
        } catch {
            await api.shutdown()
            throw fail(error.description)
        }
        return api
    }

    /// Stops the command at the first failed check, naming its setting.
    static func stopAtFirstFailure(_ checks: [PreflightCheck], variables: CredentialVariables) throws {
        if let failed = checks.first(where: { !$0.passed }) {
            throw fail("\(SettingNames.names(failed.subject, variables: variables)): \(failed.message)")
        }
    }
}
