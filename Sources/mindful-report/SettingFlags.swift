import ArgumentParser
import MindfulReport

extension SettingKey {
    /// The command-line option that sets the same value as this config key, if there is one:
    /// the one place that ties a key to its flag.
    var flag: String? {
        switch self {
        case .timezone: return "--timezone"
        case .cache: return "--cache"
        case .pii: return "--pii"
        case .templates: return "--templates"
        case .targets: return "--targets"
        case .apiBaseURL: return "--base-url"
        case .apiTokenURL: return "--token-url"
        case .apiCAFile: return "--ca-file"
        case .apiProxy: return "--proxy"
        case .apiTokenVariable, .apiClientIDVariable, .apiClientSecretVariable, .goals: return nil
        case .siteFolder: return "--site"
        case .siteURL: return "--site-url"
        case .siteKeep: return "--keep"
        case .mailFrom: return "--mail-from"
        case .mailTo: return "--mail-to"
        case .mailCc: return "--mail-cc"
        case .mailSubjectPrefix: return "--subject-prefix"
        case .mailSendmail: return "--sendmail-path"
        case .mailAttachAppendices: return "--attach-appendices"
        }
    }

    /// `--cache (config cache)`: how messages name the setting.
    var names: String {
        flag.map { "\($0) (config \(rawValue))" } ?? "config \(rawValue)"
    }

    /// The row of the key in the table of keys (`mindful-report config-keys`, the README).
    var tableRow: String {
        "| `\(rawValue)` | \(flag.map { "`\($0)`" } ?? "") | \(valueDescription) | \(summary) |"
    }

    /// The table of every key, in Markdown.
    static var table: String {
        (["| key | flag | type | meaning |", "|---|---|---|---|"] + allCases.map(\.tableRow)).joined(separator: "\n")
    }
}

extension SettingsError {
    /// The error in the command line's words, naming the option.
    var message: String {
        switch self {
        case .notHTTPURL(let key, let text): return "\(key.flag ?? key.rawValue) \"\(text)\" is not an http(s) URL"
        }
    }
}

extension ArgumentHelp {
    /// The help of the option that sets `key`: the key's summary and its name in the config file.
    static func setting(_ key: SettingKey) -> ArgumentHelp {
        let summary = key.summary
        return ArgumentHelp(summary.prefix(1).uppercased() + summary.dropFirst() + " (config \(key.rawValue)).")
    }
}

/// `mindful-report config-keys`: the table of the config file's keys.
struct ConfigKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config-keys",
        abstract: "List the config file's keys with the option that sets each and the value it takes (a Markdown table)."
    )

    func run() {
        print(SettingKey.table)
    }
}
