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
        case .token: return "OAuth token (\(variables.clientID), \(variables.clientSecret); --token-url, config api.token_url)"
        case .cache: return "--cache (config cache)"
        case .output: return "--out"
        case .site: return "--site (config site.folder)"
        case .templates: return "--templates (config templates)"
        case .mailSender: return "--mail-from (config mail.from)"
        case .mailRecipients: return "--mail-to/--mail-cc (config mail.to, mail.cc)"
        case .sendmail: return "--sendmail-path (config mail.sendmail)"
        case .caFile: return "--ca-file (config api.ca_file)"
        case .proxy: return "--proxy (config api.proxy)"
        case .goals: return "config goals"
        case .api: return "API (--base-url, config api.base_url)"
        }
    }
}
