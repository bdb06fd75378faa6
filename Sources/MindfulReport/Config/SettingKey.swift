/// One key of the config file, described once: its name, the value it takes and what it sets.
/// The parser reads the file by these keys, the command line's help and its list of keys are made
/// from them, and the README's key table is checked against that list by a test.
public enum SettingKey: String, CaseIterable, Sendable {
    case timezone
    case cache
    case pii
    case templates
    case targets
    case apiBaseURL = "api.base_url"
    case apiTokenURL = "api.token_url"
    case apiCAFile = "api.ca_file"
    case apiProxy = "api.proxy"
    case apiTokenVariable = "api.token_variable"
    case apiClientIDVariable = "api.client_id_variable"
    case apiClientSecretVariable = "api.client_secret_variable"
    case siteFolder = "site.folder"
    case siteURL = "site.url"
    case siteKeep = "site.keep"
    case mailFrom = "mail.from"
    case mailTo = "mail.to"
    case mailCc = "mail.cc"
    case mailSubjectPrefix = "mail.subject_prefix"
    case mailSendmail = "mail.sendmail"
    case mailAttachAppendices = "mail.attach_appendices"
    case goals

    /// The section the key stands in (`""` for the top level, else `api`, `site` or `mail`).
    public var section: String {
        guard let dot = rawValue.firstIndex(of: ".") else { return "" }
        return String(rawValue[..<dot])
    }

    /// The key's name inside its section (`ca_file` for `api.ca_file`).
    public var name: String {
        guard let dot = rawValue.firstIndex(of: ".") else { return rawValue }
        return String(rawValue[rawValue.index(after: dot)...])
    }

    /// The kinds of value a key takes.
    public enum Kind: Sendable, Equatable {
        /// Text; numbers are taken as written.
        case text
        /// A mail address (`user@example.com` or `Name <user@example.com>`).
        case address
        /// A path: `~/` is the home folder, a relative path is taken from the file's folder.
        case path
        /// The path of a PEM file.
        case pemFile
        /// An http(s) URL without a user or password.
        case url
        /// A list of text, or one text of comma-separated items.
        case list
        /// A whole number, 1 or more.
        case positiveCount
        /// `true` or `false`.
        case flag
        /// `masked` or `full`.
        case piiMode
        /// A proxy URL without a user or password.
        case proxyURL
        /// The name of an environment variable, never a secret.
        case variableName
        /// The goals section, read by ``Goals``.
        case goals
    }

    /// What is wrong with `value` for a key of kind ``Kind/positiveCount``, or nil when it is
    /// valid: the one rule for the config file and for the option that sets the same value.
    public static func positiveCountProblem(_ value: Int) -> String? {
        value >= 1 ? nil : "must be 1 or more"
    }

    /// The kind of value the key takes.
    public var kind: Kind {
        switch self {
        case .timezone, .mailSubjectPrefix: return .text
        case .mailFrom: return .address
        case .cache, .templates, .siteFolder, .mailSendmail: return .path
        case .apiCAFile: return .pemFile
        case .apiBaseURL, .apiTokenURL, .siteURL: return .url
        case .targets, .mailTo, .mailCc: return .list
        case .siteKeep: return .positiveCount
        case .mailAttachAppendices: return .flag
        case .pii: return .piiMode
        case .apiProxy: return .proxyURL
        case .apiTokenVariable, .apiClientIDVariable, .apiClientSecretVariable: return .variableName
        case .goals: return .goals
        }
    }

    /// What the key sets, in one sentence.
    public var summary: String {
        switch self {
        case .timezone: return "IANA time zone of the dates (Europe/London, America/New_York); UTC when unset"
        case .cache: return "cache folder, YYYYMMDD/HH.json per hour; $XDG_CACHE_HOME/mindful-report when unset"
        case .pii: return "phone numbers masked (last 4 digits, the default) or full"
        case .templates: return "folder of Mustache templates replacing the built-in ones of the same name"
        case .targets: return "only these call targets are counted; the ALL row is then their total"
        case .apiBaseURL: return "API base URL; https://api.getmindful.com when unset"
        case .apiTokenURL: return "OAuth token URL for client credentials; https://auth.getmindful.com/oauth2/token when unset"
        case .apiCAFile: return "PEM file of CA certificates trusted besides the system's (a company CA)"
        case .apiProxy: return "proxy for API requests, replacing HTTPS_PROXY and HTTP_PROXY"
        case .apiTokenVariable: return "environment variable holding a static bearer token; MINDFUL_API_TOKEN when unset"
        case .apiClientIDVariable: return "environment variable holding the OAuth client id; MINDFUL_CLIENT_ID when unset"
        case .apiClientSecretVariable: return "environment variable holding the OAuth client secret; MINDFUL_CLIENT_SECRET when unset"
        case .siteFolder: return "site folder: one folder per report, the archive index.html and latest/"
        case .siteURL: return "public URL of the site folder, linked from the email"
        case .siteKeep: return "only the newest N daily reports are kept on the site"
        case .mailFrom: return "From: of the email"
        case .mailTo: return "To: of the email"
        case .mailCc: return "Cc: of the email"
        case .mailSubjectPrefix: return "text put before the email's subject, such as [Ops]"
        case .mailSendmail: return "the sendmail program; /usr/sbin/sendmail when unset"
        case .mailAttachAppendices: return "each call target's appendix CSV attached to the email"
        case .goals: return "service goals (see Goals)"
        }
    }

    /// The value the key takes, in words (the README's "type" column).
    public var valueDescription: String {
        switch kind {
        case .text: return "text"
        case .address: return "address"
        case .path: return "path"
        case .pemFile: return "path of a PEM file"
        case .url: return "http(s) URL, without user or password"
        case .list: return "list or comma-separated text"
        case .positiveCount: return "whole number, 1 or more"
        case .flag: return "true or false"
        case .piiMode: return "`masked` or `full`"
        case .proxyURL: return "proxy URL (`http://host:port`, `socks5://host:port`), without user or password"
        case .variableName: return "an environment variable's name"
        case .goals: return "`\">= 0.80\"` per column and per target: `>=`, `<=`, `>` or `<` then a number"
        }
    }

    /// The sections of the file and the keys each allows (`""`: the top level, which also names
    /// the sections).
    public static let keysBySection: [String: [String]] = {
        var keys: [String: [String]] = [:]
        for key in allCases {
            if !key.section.isEmpty, keys[""]?.contains(key.section) != true { keys["", default: []].append(key.section) }
            keys[key.section, default: []].append(key.name)
        }
        return keys
    }()
}
