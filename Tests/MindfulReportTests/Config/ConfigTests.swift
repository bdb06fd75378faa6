import Foundation
import Testing
@testable import MindfulReport

@Suite struct ConfigTests {
    static let example = """
    # mindful-report config
    timezone: America/New_York
    cache: /var/cache/mindful-report
    pii: masked
    templates: templates
    targets: [5298, "5301"]
    api:
      base_url: https://api.getmindful.com
      token_url: https://auth.getmindful.com/oauth2/token
      client_id_variable: MINDFUL_CLIENT_ID
      client_secret_variable: MINDFUL_CLIENT_SECRET
    site:
      folder: ~/public/callbacks
      url: https://intranet.example.com/callbacks/
      keep: 60
    mail:
      from: "Callback reports <reports@example.com>"
      to:
        - ops@example.com
        - Zoë Manager <zoe@example.com>
      cc: lead@example.com, qa@example.com
      subject_prefix: "[Callbacks]"
      sendmail: /usr/sbin/sendmail
      attach_appendices: false
    """

    @Test func aFullFileIsRead() throws {
        let c = try ReportConfig.parse(yaml: Self.example, file: "/etc/mr/config.yaml", environment: ["HOME": "/home/ops"])
        #expect(c.timeZone == "America/New_York")
        #expect(c.cacheFolder == "/var/cache/mindful-report")
        #expect(c.pii == .masked)
        #expect(c.templatesFolder == "/etc/mr/templates")
        #expect(c.targets == ["5298", "5301"])
        #expect(c.apiBaseURL == "https://api.getmindful.com")
        #expect(c.clientSecretVariable == "MINDFUL_CLIENT_SECRET")
        #expect(c.siteFolder == "/home/ops/public/callbacks")
        #expect(c.siteURL == "https://intranet.example.com/callbacks/")
        #expect(c.keep == 60)
        #expect(c.mail.to == ["ops@example.com", "Zoë Manager <zoe@example.com>"])
        #expect(c.mail.cc == ["lead@example.com", "qa@example.com"])
        #expect(c.mail.subjectPrefix == "[Callbacks]")
        #expect(c.mail.attachAppendices == false)
    }

    @Test func theCAFileAndProxyAreReadAndAProxyPasswordIsRefused() throws {
        let c = try ReportConfig.parse(yaml: "api:\n  ca_file: certs/company.pem\n  proxy: http://proxy.example.com:3128\n",
                                       file: "/etc/mr/config.yaml")
        #expect(c.caFile == "/etc/mr/certs/company.pem")
        #expect(c.proxy == "http://proxy.example.com:3128")
        let secret = try #require(throws: ConfigError.self) {
            try ReportConfig.parse(yaml: "api:\n  proxy: http://ops:hunter2@proxy.example.com:3128\n", file: "c.yaml")
        }
        guard case .secretInFile(_, 2, "api.proxy") = secret else { Issue.record("\(secret)"); return }
        #expect(!secret.description.contains("hunter2"))
        let bad = try #require(throws: ConfigError.self) { try ReportConfig.parse(yaml: "api:\n  proxy: ftp://p:1\n", file: "c.yaml") }
        #expect(bad.description.hasPrefix("c.yaml:2: \"api.proxy\" is not a usable proxy URL"))
    }

    @Test func anUnknownKeyIsNamedWithItsLine() throws {
        let yaml = "timezone: UTC\nsite:\n  folder: /srv/site\n  kep: 7\n"
        let e = try #require(throws: ConfigError.self) { try ReportConfig.parse(yaml: yaml, file: "c.yaml") }
        guard case .unknownKey(_, let line, let key, _) = e else { Issue.record("\(e)"); return }
        #expect(line == 4 && key == "site.kep")
        #expect(e.description.hasPrefix("c.yaml:4: unknown key \"site.kep\""))
        #expect(e.description.contains("site.keep"))
        let top = try #require(throws: ConfigError.self) { try ReportConfig.parse(yaml: "\n\ntimezon: UTC\n", file: "c.yaml") }
        #expect(top.description.hasPrefix("c.yaml:3: unknown key \"timezon\""))
    }

    @Test func wrongTypesAreNamedWithTheirLine() throws {
        let cases: [(String, String)] = [
            ("site:\n  keep: seven\n", "c.yaml:2: \"site.keep\" must be a whole number, not text"),
            ("timezone:\n  - UTC\n", "c.yaml:2: \"timezone\" must be text, not a list"),
            ("mail:\n  attach_appendices: 1\n", "c.yaml:2: \"mail.attach_appendices\" must be true or false, not a number"),
            ("site: /srv/site\n", "c.yaml:1: \"site\" must be a mapping of keys, not text"),
            ("pii: everything\n", "c.yaml:1: \"pii\" must be masked or full"),
            ("api:\n  base_url: ftp://x\n", "c.yaml:2: \"api.base_url\" must be an http or https URL"),
            ("- a\n- b\n", "c.yaml:1: the config file must be a mapping"),
        ]
        for (yaml, expected) in cases {
            let e = try #require(throws: ConfigError.self) { try ReportConfig.parse(yaml: yaml, file: "c.yaml") }
            #expect(e.description.hasPrefix(expected), "\(e.description)")
        }
        let syntax = try #require(throws: ConfigError.self) { try ReportConfig.parse(yaml: "timezone: UTC\nsite: [a\n", file: "c.yaml") }
        #expect(syntax.description.hasPrefix("c.yaml:"))
        #expect(syntax.description.contains("not valid YAML"))
    }

    @Test func secretsAreRefusedAndNeverRepeated() throws {
        let secret = "sk_live_4f9a8b7c6d5e4f3a2b1c"
        for yaml in ["api:\n  token: \(secret)\n", "client_secret: \(secret)\n", "api:\n  token_variable: \(secret)\n",
                     "api:\n  client_secret_variable: aB3dE5gH7jK9mN1pQ3sT5vX7\n", "api:\n  base_url: https://user:\(secret)@api.example.com\n"] {
            let e = try #require(throws: ConfigError.self) { try ReportConfig.parse(yaml: yaml, file: "c.yaml") }
            guard case .secretInFile(_, let line, _) = e else { Issue.record("\(yaml): \(e)"); continue }
            #expect(line >= 1)
            #expect(!e.description.contains(secret) && !e.description.contains("aB3dE5"))
            #expect(e.description.contains("looks like a secret"))
        }
        // An ordinary variable name is fine.
        #expect(try ReportConfig.parse(yaml: "api:\n  token_variable: MINDFUL_API_TOKEN\n", file: "c.yaml").tokenVariable == "MINDFUL_API_TOKEN")
    }

    @Test func flagsWinOverTheFile() throws {
        let file = try ReportConfig.parse(yaml: Self.example, file: "/etc/mr/config.yaml")
        let flags = ReportConfig(timeZone: "Europe/London", targets: ["9"], keep: 3, mail: .init(to: ["me@example.com"], attachAppendices: true))
        let merged = file.overridden(by: flags)
        #expect(merged.timeZone == "Europe/London")
        #expect(merged.targets == ["9"])
        #expect(merged.keep == 3)
        #expect(merged.mail.to == ["me@example.com"])
        #expect(merged.mail.attachAppendices == true)
        #expect(merged.mail.cc == ["lead@example.com", "qa@example.com"])  // not given as a flag: the file's
        #expect(merged.cacheFolder == "/var/cache/mindful-report")
    }

    @Test func defaultLocationsFollowXDG() throws {
        #expect(ReportConfig.defaultPath(environment: ["HOME": "/home/a"]) == "/home/a/.config/mindful-report/config.yaml")
        #expect(ReportConfig.defaultPath(environment: ["HOME": "/home/a", "XDG_CONFIG_HOME": "/cfg"]) == "/cfg/mindful-report/config.yaml")
        #expect(ReportConfig.defaultCacheFolder(environment: ["HOME": "/home/a"]) == "/home/a/.cache/mindful-report")
        #expect(ReportConfig.defaultCacheFolder(environment: ["HOME": "/home/a", "XDG_CACHE_HOME": "/c"]) == "/c/mindful-report")
        let tmp = try TemporaryFolder()
        // No default file: no settings. A named file that is missing: an error.
        #expect(try ReportConfig.load(explicitPath: nil, environment: ["XDG_CONFIG_HOME": tmp.url.path]) == ReportConfig())
        #expect(throws: ConfigError.self) { try ReportConfig.load(explicitPath: tmp.path("nope.yaml").path, environment: [:]) }
        try FileManager.default.createDirectory(at: tmp.path("mindful-report"), withIntermediateDirectories: true)
        try Data("timezone: Asia/Kolkata\n".utf8).write(to: tmp.path("mindful-report/config.yaml"))
        #expect(try ReportConfig.load(explicitPath: nil, environment: ["XDG_CONFIG_HOME": tmp.url.path]).timeZone == "Asia/Kolkata")
    }
}
