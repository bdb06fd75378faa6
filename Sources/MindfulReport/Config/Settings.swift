import Foundation

/// The settings of one run, each taken from the command line, else from the config file, else
/// its default: the one place where that order is applied and where the defaults are written.
public struct Settings: Sendable {
    /// The values given, flags laid over the config file's, before any default.
    public let given: ReportConfig
    /// IANA time zone of the dates; `UTC` by default.
    public let timeZone: String
    /// The cache folder; `$XDG_CACHE_HOME/mindful-report` by default.
    public let cacheFolder: String
    /// Phone numbers masked (the default) or full.
    public let pii: PIIMode
    /// Folder of templates replacing the built-in ones.
    public let templatesFolder: String?
    /// Only these call targets are counted (`nil`: all).
    public let targets: [String]?
    /// The API's base URL.
    public let apiBaseURL: URL
    /// The OAuth token endpoint.
    public let tokenURL: URL
    /// A PEM file of CA certificates trusted besides the system's.
    public let caFile: String?
    /// The proxy for API requests, replacing the environment's.
    public let proxy: String?
    /// The environment variables the credentials come from.
    public let credentialVariables: CredentialVariables
    /// The site folder.
    public let siteFolder: String?
    /// The public URL of the site folder.
    public let siteURL: String?
    /// Daily reports kept on the site (`nil`: all).
    public let keep: Int?
    /// The email's sender; `nil` when unset.
    public let mailFrom: String?
    /// The email's `To:` addresses.
    public let mailTo: [String]
    /// The email's `Cc:` addresses.
    public let mailCc: [String]
    /// Put before the email's subject.
    public let subjectPrefix: String?
    /// The sendmail program; `/usr/sbin/sendmail` by default.
    public let sendmailPath: String
    /// Attach each call target's appendix CSV to the email.
    public let attachAppendices: Bool
    /// Service goals.
    public let goals: Goals?
    /// The config file the settings came from, if any.
    public let source: String?

    /// The sendmail program used when none is set.
    public static let defaultSendmailPath = "/usr/sbin/sendmail"

    /// Each value from `flags`, else from `config`, else its default (some defaults, such as the
    /// cache folder, come from `environment`).
    /// - Throws: ``SettingsError/notHTTPURL(_:_:)`` for a URL given by a flag that is not http(s)
    ///   (the config file's URLs are checked when it is read).
    public static func resolve(flags: ReportConfig, config: ReportConfig, environment: [String: String]) throws(SettingsError) -> Settings {
        try Settings(given: config.overridden(by: flags), environment: environment)
    }

    private init(given g: ReportConfig, environment: [String: String]) throws(SettingsError) {
        given = g
        timeZone = g.timeZone ?? "UTC"
        cacheFolder = g.cacheFolder ?? ReportConfig.defaultCacheFolder(environment: environment)
        pii = g.pii ?? .masked
        templatesFolder = g.templatesFolder
        targets = g.targets
        apiBaseURL = try Self.url(g.apiBaseURL, .apiBaseURL, default: FetchOptions.defaultBaseURL)
        tokenURL = try Self.url(g.tokenURL, .apiTokenURL, default: FetchOptions.defaultTokenURL)
        caFile = g.caFile
        proxy = g.proxy
        let standard = CredentialVariables.standard
        credentialVariables = CredentialVariables(token: g.tokenVariable ?? standard.token, clientID: g.clientIdVariable ?? standard.clientID,
                                                  clientSecret: g.clientSecretVariable ?? standard.clientSecret)
        siteFolder = g.siteFolder
        siteURL = g.siteURL
        keep = g.keep
        mailFrom = g.mail.from
        mailTo = g.mail.to ?? []
        mailCc = g.mail.cc ?? []
        subjectPrefix = g.mail.subjectPrefix
        sendmailPath = g.mail.sendmailPath ?? Self.defaultSendmailPath
        attachAppendices = g.mail.attachAppendices ?? false
        goals = g.goals
        source = g.source
    }

    private static func url(_ text: String?, _ key: SettingKey, default fallback: URL) throws(SettingsError) -> URL {
        guard let text else { return fallback }
        guard let u = URL(string: text), let scheme = u.scheme, ["http", "https"].contains(scheme.lowercased()), u.host != nil else {
            throw .notHTTPURL(key, text)
        }
        return u
    }
}

/// Why the settings cannot be used.
public enum SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value of a URL setting is not an http(s) URL.
    case notHTTPURL(SettingKey, String)

    public var description: String {
        switch self {
        case .notHTTPURL(let key, let text): return "\(key.rawValue) \"\(text)\" is not an http(s) URL"
        }
    }
}
