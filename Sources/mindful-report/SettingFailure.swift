import Foundation
import MindfulReport

/// A setting that fails a check before any work: the command stops with exit 1 and one line
/// that names the option, config key or variable to fix.
struct SettingFailure: Error, CustomStringConvertible {
    let subject: PreflightCheck.Subject
    /// Where the bad value came from, when the subject alone does not say (an environment
    /// variable holding a proxy URL).
    var origin: ProxySettings.Origin?
    let message: String

    init(_ subject: PreflightCheck.Subject, origin: ProxySettings.Origin? = nil, message: String) {
        self.subject = subject
        self.origin = origin
        self.message = message
    }

    var description: String {
        if case .environment(let name)? = origin { return "\(name): \(message)" }
        return "\(SettingNames.names(subject)): \(message)"
    }
}

/// The options, config keys and variables behind each checked setting: written once, for every
/// message that names them.
enum SettingNames {
    static func names(_ subject: PreflightCheck.Subject, variables: CredentialVariables = .standard) -> String {
        switch subject {
        case .config: return "--config"
        case .range: return "the range"
        case .credentials:
            return "credentials (\(variables.token), or \(variables.clientID) and \(variables.clientSecret), or --token-file)"
        case .token:
            return "OAuth token (\(variables.clientID), \(variables.clientSecret); \(SettingKey.apiTokenURL.flag!), config \(SettingKey.apiTokenURL.rawValue))"
        case .cache: return SettingKey.cache.names
        case .output: return "--out"
        case .site: return SettingKey.siteFolder.names
        case .templates: return SettingKey.templates.names
        case .mailSender: return SettingKey.mailFrom.names
        case .mailRecipients:
            return "\(SettingKey.mailTo.flag!)/\(SettingKey.mailCc.flag!) (config \(SettingKey.mailTo.rawValue), \(SettingKey.mailCc.rawValue))"
        case .sendmail: return SettingKey.mailSendmail.names
        case .caFile: return SettingKey.apiCAFile.names
        case .proxy: return SettingKey.apiProxy.names
        case .goals: return SettingKey.goals.names
        case .api: return "API (\(SettingKey.apiBaseURL.flag!), config \(SettingKey.apiBaseURL.rawValue))"
        }
    }
}
