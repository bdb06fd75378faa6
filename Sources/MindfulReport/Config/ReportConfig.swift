import Foundation
import Yams

/// Settings for the daily job, read from a YAML file (`--config FILE`, or
/// `$XDG_CONFIG_HOME/mindful-report/config.yaml`, by default `~/.config/mindful-report/config.yaml`).
///
/// Every field is optional: `nil` means "not set here". Command-line flags win over the file
/// (``overridden(by:)``). The file names the environment variables that hold credentials, never
/// the secrets themselves: a key such as `token` or `client_secret`, or a `*_variable` value that
/// is not a variable name, is an error. Unknown keys and values of the wrong type are errors that
/// name the key and its line. Relative paths are taken from the file's folder; `~` is the home
/// folder.
public struct ReportConfig: Sendable, Equatable {
    /// IANA time zone of the report (`timezone`).
    public var timeZone: String?
    /// Cache folder (`cache`).
    public var cacheFolder: String?
    /// API base URL (`api.base_url`).
    public var apiBaseURL: String?
    /// OAuth token URL (`api.token_url`).
    public var tokenURL: String?
    /// A PEM file of CA certificates trusted besides the system's (`api.ca_file`).
    public var caFile: String?
    /// The proxy for API requests (`api.proxy`), replacing `HTTPS_PROXY` and the like.
    public var proxy: String?
    /// Name of the variable holding a static token (`api.token_variable`).
    public var tokenVariable: String?
    /// Name of the variable holding the OAuth client id (`api.client_id_variable`).
    public var clientIdVariable: String?
    /// Name of the variable holding the OAuth client secret (`api.client_secret_variable`).
    public var clientSecretVariable: String?
    /// Only these call targets' records are counted (`targets`).
    public var targets: [String]?
    /// Phone numbers masked or full (`pii`).
    public var pii: PIIMode?
    /// Folder of templates replacing the built-in ones (`templates`).
    public var templatesFolder: String?
    /// Site folder (`site.folder`).
    public var siteFolder: String?
    /// Public URL of the site folder, for links in mail (`site.url`).
    public var siteURL: String?
    /// Daily reports kept on the site (`site.keep`).
    public var keep: Int?
    /// Mail settings (`mail`).
    public var mail = MailSettings()
    /// Service goals (`goals`, SPEC §7), checked when the file is read.
    public var goals: Goals? = nil
    /// The file the settings came from, if any.
    public var source: String?

    /// Where and how the daily email goes.
    public struct MailSettings: Sendable, Equatable {
        /// `From:` (`mail.from`), such as `Callback reports <reports@example.com>`.
        public var from: String?
        /// `To:` addresses (`mail.to`).
        public var to: [String]?
        /// `Cc:` addresses (`mail.cc`).
        public var cc: [String]?
        /// Put before the subject (`mail.subject_prefix`), such as `[Ops]`.
        public var subjectPrefix: String?
        /// The sendmail program (`mail.sendmail`); `/usr/sbin/sendmail` when unset.
        public var sendmailPath: String?
        /// Attach each call target's appendix CSV (`mail.attach_appendices`).
        public var attachAppendices: Bool?
    }

    /// These settings with every value that `flags` sets taking the place of this one.
    public func overridden(by flags: ReportConfig) -> ReportConfig {
        var r = self
        for key in SettingKey.allCases {
            switch Self.field(key) {
            case .text(let p): r[keyPath: p] = flags[keyPath: p] ?? self[keyPath: p]
            case .list(let p): r[keyPath: p] = flags[keyPath: p] ?? self[keyPath: p]
            case .count(let p): r[keyPath: p] = flags[keyPath: p] ?? self[keyPath: p]
            case .flag(let p): r[keyPath: p] = flags[keyPath: p] ?? self[keyPath: p]
            case .pii(let p): r[keyPath: p] = flags[keyPath: p] ?? self[keyPath: p]
            case .goals(let p): r[keyPath: p] = flags[keyPath: p] ?? self[keyPath: p]
            }
        }
        return r
    }

    /// Where a key's value is kept, by the type of the value.
    enum Field {
        case text(WritableKeyPath<ReportConfig, String?>)
        case list(WritableKeyPath<ReportConfig, [String]?>)
        case count(WritableKeyPath<ReportConfig, Int?>)
        case flag(WritableKeyPath<ReportConfig, Bool?>)
        case pii(WritableKeyPath<ReportConfig, PIIMode?>)
        case goals(WritableKeyPath<ReportConfig, Goals?>)
    }

    /// The field each key sets: the one place that ties a key to a property.
    static func field(_ key: SettingKey) -> Field {
        switch key {
        case .timezone: return .text(\.timeZone)
        case .cache: return .text(\.cacheFolder)
        case .pii: return .pii(\.pii)
        case .templates: return .text(\.templatesFolder)
        case .targets: return .list(\.targets)
        case .apiBaseURL: return .text(\.apiBaseURL)
        case .apiTokenURL: return .text(\.tokenURL)
        case .apiCAFile: return .text(\.caFile)
        case .apiProxy: return .text(\.proxy)
        case .apiTokenVariable: return .text(\.tokenVariable)
        case .apiClientIDVariable: return .text(\.clientIdVariable)
        case .apiClientSecretVariable: return .text(\.clientSecretVariable)
        case .siteFolder: return .text(\.siteFolder)
        case .siteURL: return .text(\.siteURL)
        case .siteKeep: return .count(\.keep)
        case .mailFrom: return .text(\.mail.from)
        case .mailTo: return .list(\.mail.to)
        case .mailCc: return .list(\.mail.cc)
        case .mailSubjectPrefix: return .text(\.mail.subjectPrefix)
        case .mailSendmail: return .text(\.mail.sendmailPath)
        case .mailAttachAppendices: return .flag(\.mail.attachAppendices)
        case .goals: return .goals(\.goals)
        }
    }

    // MARK: Locations

    /// `$XDG_CONFIG_HOME/mindful-report/config.yaml`, by default `~/.config/mindful-report/config.yaml`.
    public static func defaultPath(environment: [String: String]) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home(environment))/.config"
        return "\(base)/mindful-report/config.yaml"
    }

    /// `$XDG_CACHE_HOME/mindful-report`, by default `~/.cache/mindful-report`.
    public static func defaultCacheFolder(environment: [String: String]) -> String {
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home(environment))/.cache"
        return "\(base)/mindful-report"
    }

    static func home(_ environment: [String: String]) -> String {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }

    /// Reads `explicitPath`, or the default file when there is one. A missing default file is
    /// no settings; a missing explicit file is an error.
    public static func load(explicitPath: String?, environment: [String: String]) throws(ConfigError) -> ReportConfig {
        let path = explicitPath ?? defaultPath(environment: environment)
        guard FileManager.default.fileExists(atPath: path) else {
            if explicitPath == nil { return ReportConfig() }
            throw .unreadable(path: path, underlying: "no such file")
        }
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch { throw .unreadable(path: path, underlying: "\(error)") }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .unreadable(path: path, underlying: "not UTF-8 text") }
        return try parse(yaml: text, file: path, environment: environment)
    }

    // MARK: Parsing

    /// Every key the file may hold, by section ("" = top level, which also names the sections).
    public static var knownKeys: [String: [String]] { SettingKey.keysBySection }

    /// Keys that would hold a secret, refused wherever they appear.
    static let secretKeys: Set<String> = [
        "token", "api_token", "access_token", "bearer", "bearer_token", "secret", "client_secret", "password",
        "passwd", "api_key", "apikey", "key", "credentials", "auth", "authorization",
    ]

    /// Parses YAML text. `file` names the file in messages and anchors relative paths.
    public static func parse(yaml: String, file: String, environment: [String: String] = [:]) throws(ConfigError) -> ReportConfig {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw .syntax(file: file, line: Self.line(of: error), message: Self.message(of: error))
        }
        var config = ReportConfig(source: file)
        guard let root else { return config }  // an empty file
        let reader = Reader(file: file, baseFolder: (file as NSString).deletingLastPathComponent, home: home(environment))
        for (name, value, line) in try reader.mapping(root, section: "") {
            if let key = SettingKey(rawValue: name) {
                try reader.read(key, value, line: line, into: &config)
            } else {
                // A section (`api`, `site`, `mail`): `mapping` allowed only known names.
                for (k, v, l) in try reader.mapping(value, section: name) {
                    try reader.read(SettingKey(rawValue: "\(name).\(k)")!, v, line: l, into: &config)
                }
            }
        }
        return config
    }

    private static func line(of error: Error) -> Int {
        guard let e = error as? YamlError else { return 0 }
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        case .duplicatedKeysInMapping(_, let context): return context.mark.line
        default: return 0
        }
    }

    private static func message(of error: Error) -> String {
        guard let e = error as? YamlError else { return "\(error)" }
        switch e {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        case .duplicatedKeysInMapping(let duplicates, _):
            return "a key appears twice: \(duplicates.joined(separator: ", "))"
        default:
            return "\(e)".split(separator: "\n").first.map(String.init) ?? "\(e)"
        }
    }

    /// Reads typed values out of nodes, with the key and line in every error.
    private struct Reader {
        let file: String
        let baseFolder: String
        let home: String

        func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

        /// The pairs of a mapping, checking every key against the section's known keys.
        func mapping(_ node: Node, section: String) throws(ConfigError) -> [(String, Node, Int)] {
            guard case .mapping(let m) = node else {
                if section.isEmpty { throw .notAMapping(file: file, line: line(node)) }
                throw .wrongType(file: file, line: line(node), key: section, expected: "a mapping of keys", found: describe(node))
            }
            let known = Set(ReportConfig.knownKeys[section] ?? [])
            var seen: Set<String> = []
            var pairs: [(String, Node, Int)] = []
            for (k, v) in m {
                let keyLine = line(k)
                guard case .scalar(let s) = k else {
                    throw .wrongType(file: file, line: keyLine, key: section.isEmpty ? "(top level)" : section, expected: "text keys", found: describe(k))
                }
                let key = s.string
                let full = section.isEmpty ? key : "\(section).\(key)"
                if ReportConfig.secretKeys.contains(key.lowercased()) {
                    throw .secretInFile(file: file, line: keyLine, key: full)
                }
                guard known.contains(key) else {
                    throw .unknownKey(file: file, line: keyLine, key: full, known: (ReportConfig.knownKeys[section] ?? []).map { section.isEmpty ? $0 : "\(section).\($0)" })
                }
                guard seen.insert(key).inserted else { throw .badValue(file: file, line: keyLine, key: full, message: "appears twice") }
                pairs.append((key, v, keyLine))
            }
            return pairs
        }

        /// Reads `key`'s value as its kind says and stores it in its field.
        func read(_ key: SettingKey, _ node: Node, line: Int, into config: inout ReportConfig) throws(ConfigError) {
            let name = key.rawValue
            switch (ReportConfig.field(key), key.kind) {
            case (.text(let p), .text), (.text(let p), .address): config[keyPath: p] = try string(node, key: name, line: line)
            case (.text(let p), .path), (.text(let p), .pemFile): config[keyPath: p] = try path(node, key: name, line: line)
            case (.text(let p), .url): config[keyPath: p] = try url(node, key: name, line: line)
            case (.text(let p), .proxyURL): config[keyPath: p] = try proxy(node, key: name, line: line)
            case (.text(let p), .variableName): config[keyPath: p] = try variableName(node, key: name, line: line)
            case (.list(let p), _): config[keyPath: p] = try list(node, key: name, line: line)
            case (.flag(let p), _): config[keyPath: p] = try bool(node, key: name, line: line)
            case (.goals(let p), _): config[keyPath: p] = try Goals(yaml: node, file: file)
            case (.count(let p), _):
                if let n = try int(node, key: name, line: line) {
                    if let problem = SettingKey.positiveCountProblem(n) { throw .badValue(file: file, line: line, key: name, message: problem) }
                    config[keyPath: p] = n
                }
            case (.pii(let p), _):
                if let text = try string(node, key: name, line: line) {
                    guard let mode = PIIMode(rawValue: text) else {
                        throw .badValue(file: file, line: line, key: name, message: "must be masked or full")
                    }
                    config[keyPath: p] = mode
                }
            case (.text, _):
                preconditionFailure("\(name): a text field with a kind that is not text")
            }
        }

        func kind(_ node: Node) -> Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

        func isNull(_ node: Node) -> Bool {
            if case .scalar = node, kind(node) == .null { return true }
            return false
        }

        func describe(_ node: Node) -> String {
            switch node {
            case .mapping: return "a mapping"
            case .sequence: return "a list"
            case .alias: return "an alias"
            case .scalar:
                switch kind(node) {
                case .int: return "a number"
                case .float: return "a number"
                case .bool: return "true/false"
                case .null: return "nothing"
                default: return "text"
                }
            }
        }

        /// Text; numbers are taken as written (`timezone: UTC`, `- 5298`). `nil` for an empty value.
        func string(_ node: Node, key: String, line: Int) throws(ConfigError) -> String? {
            if isNull(node) { return nil }
            guard case .scalar(let s) = node, kind(node) != .bool else {
                throw .wrongType(file: file, line: self.line(node), key: key, expected: "text", found: describe(node))
            }
            return s.string
        }

        func int(_ node: Node, key: String, line: Int) throws(ConfigError) -> Int? {
            if isNull(node) { return nil }
            guard kind(node) == .int, let n = node.int else {
                throw .wrongType(file: file, line: self.line(node), key: key, expected: "a whole number", found: describe(node))
            }
            return n
        }

        func bool(_ node: Node, key: String, line: Int) throws(ConfigError) -> Bool? {
            if isNull(node) { return nil }
            guard kind(node) == .bool, let b = node.bool else {
                throw .wrongType(file: file, line: self.line(node), key: key, expected: "true or false", found: describe(node))
            }
            return b
        }

        /// A list of text (`[a, b]`, one per line), or one text of comma-separated items.
        func list(_ node: Node, key: String, line: Int) throws(ConfigError) -> [String]? {
            if isNull(node) { return nil }
            if case .sequence(let seq) = node {
                var items: [String] = []
                for item in seq {
                    guard let s = try string(item, key: key, line: self.line(item)) else {
                        throw .wrongType(file: file, line: self.line(item), key: key, expected: "text items", found: "an empty item")
                    }
                    items.append(s)
                }
                return items
            }
            guard let text = try string(node, key: key, line: line) else { return nil }
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        /// A path: `~` is the home folder, a relative path is taken from the file's folder.
        func path(_ node: Node, key: String, line: Int) throws(ConfigError) -> String? {
            guard let text = try string(node, key: key, line: line) else { return nil }
            if text == "~" { return home }
            if text.hasPrefix("~/") { return home + text.dropFirst(1) }
            if text.hasPrefix("/") || baseFolder.isEmpty { return text }
            return (baseFolder as NSString).appendingPathComponent(text)
        }

        func url(_ node: Node, key: String, line: Int) throws(ConfigError) -> String? {
            guard let text = try string(node, key: key, line: line) else { return nil }
            guard let u = URL(string: text), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https", u.host != nil else {
                throw .badValue(file: file, line: self.line(node), key: key, message: "must be an http or https URL")
            }
            if u.user != nil || u.password != nil {
                throw .secretInFile(file: file, line: self.line(node), key: key)
            }
            return text
        }

        /// A proxy URL (`http://proxy.example.com:3128`) without a user or password: those belong
        /// in the environment (`HTTPS_PROXY`), not in the file.
        func proxy(_ node: Node, key: String, line: Int) throws(ConfigError) -> String? {
            guard let text = try string(node, key: key, line: line) else { return nil }
            let parsed: ProxyURL
            do { parsed = try ProxyURL.parse(text) } catch {
                throw .badValue(file: file, line: self.line(node), key: key, message: "is \(error.description)")
            }
            if parsed.hasCredentials { throw .secretInFile(file: file, line: self.line(node), key: key) }
            return text
        }

        /// The name of an environment variable, never a value: `[A-Za-z_][A-Za-z0-9_]*`, at
        /// most 64 characters, and not 16 or more characters mixing lower-case letters and digits,
        /// which looks like a token. The value itself is never repeated in the error.
        func variableName(_ node: Node, key: String, line: Int) throws(ConfigError) -> String? {
            guard let text = try string(node, key: key, line: line) else { return nil }
            let bytes = Array(text.utf8)
            let isName = !bytes.isEmpty && bytes.count <= 64 && !(48...57).contains(bytes[0])
                && bytes.allSatisfy { (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
            let hasLower = bytes.contains { (97...122).contains($0) }
            let hasDigit = bytes.contains { (48...57).contains($0) }
            let looksLikeSecret = bytes.count >= 16 && hasLower && hasDigit
            guard isName, !looksLikeSecret else { throw .secretInFile(file: file, line: self.line(node), key: key) }
            return text
        }
    }
}

extension ReportConfig {
    /// No settings: every value unset.
    public static let unset = ReportConfig()
}

/// Why the config file cannot be used. Never repeats a value that might be a secret.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, underlying: String)
    case syntax(file: String, line: Int, message: String)
    case notAMapping(file: String, line: Int)
    case unknownKey(file: String, line: Int, key: String, known: [String])
    case wrongType(file: String, line: Int, key: String, expected: String, found: String)
    case badValue(file: String, line: Int, key: String, message: String)
    case secretInFile(file: String, line: Int, key: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let underlying): return "cannot read config file \(path): \(underlying)"
        case .syntax(let file, let line, let message): return "\(file):\(line): not valid YAML: \(message)"
        case .notAMapping(let file, let line): return "\(file):\(line): the config file must be a mapping of keys (timezone: ..., site: ...)"
        case .unknownKey(let file, let line, let key, let known):
            return "\(file):\(line): unknown key \"\(key)\" (known here: \(known.joined(separator: ", ")))"
        case .wrongType(let file, let line, let key, let expected, let found):
            return "\(file):\(line): \"\(key)\" must be \(expected), not \(found)"
        case .badValue(let file, let line, let key, let message): return "\(file):\(line): \"\(key)\" \(message)"
        case .secretInFile(let file, let line, let key):
            return "\(file):\(line): \"\(key)\" looks like a secret; the config file names environment variables (api.token_variable: MINDFUL_API_TOKEN) and never holds tokens, secrets or passwords"
        }
    }
}
