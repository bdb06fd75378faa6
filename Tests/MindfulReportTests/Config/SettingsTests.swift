import Foundation
import Testing
@testable import MindfulReport

/// `Settings.resolve`: each value from the flags, else the config file, else its default.
@Suite struct SettingsTests {
    @Test func flagThenFileThenDefault() throws {
        let file = try ReportConfig.parse(yaml: """
            timezone: Europe/London
            cache: /srv/cache
            pii: full
            api:
              base_url: https://api.example.com
              client_id_variable: OPS_CLIENT_ID
            mail:
              from: r@example.com
              to: [a@example.com, b@example.com]
              sendmail: /opt/sendmail
            """, file: "/etc/mr/config.yaml")
        var flags = ReportConfig(timeZone: "Asia/Kolkata")
        flags.mail.to = ["c@example.com"]
        let s = try Settings.resolve(flags: flags, config: file, environment: ["HOME": "/home/ops"])
        #expect(s.timeZone == "Asia/Kolkata")                       // flag
        #expect(s.mailTo == ["c@example.com"])                      // flag
        #expect(s.cacheFolder == "/srv/cache")                      // file
        #expect(s.pii == .full)                                     // file
        #expect(s.apiBaseURL.absoluteString == "https://api.example.com")
        #expect(s.sendmailPath == "/opt/sendmail")
        #expect(s.credentialVariables.clientID == "OPS_CLIENT_ID")
        #expect(s.credentialVariables.token == "MINDFUL_API_TOKEN")  // default
        #expect(s.tokenURL == FetchOptions.defaultTokenURL)          // default
        #expect(s.mailCc == [])
        #expect(s.attachAppendices == false)
        #expect(s.source == "/etc/mr/config.yaml")
    }

    @Test func defaultsComeFromTheEnvironment() throws {
        let s = try Settings.resolve(flags: ReportConfig(), config: ReportConfig(), environment: ["XDG_CACHE_HOME": "/var/cache/x"])
        #expect(s.cacheFolder == "/var/cache/x/mindful-report")
        #expect(s.timeZone == "UTC")
        #expect(s.pii == .masked)
        #expect(s.sendmailPath == Settings.defaultSendmailPath)
        #expect(s.apiBaseURL == FetchOptions.defaultBaseURL)
    }

    @Test func aFlagURLThatIsNotHTTPIsRefusedByItsKey() {
        #expect(throws: SettingsError.notHTTPURL(.apiBaseURL, "ftp://x")) {
            try Settings.resolve(flags: ReportConfig(apiBaseURL: "ftp://x"), config: ReportConfig(), environment: [:])
        }
    }

    /// Every key reads from the file and is overridden by a flag through the same field.
    @Test func everyKeyIsReadAndOverridden() throws {
        #expect(Set(ReportConfig.knownKeys[""] ?? []) == ["timezone", "cache", "pii", "templates", "targets", "api", "site", "mail", "goals"])
        for key in SettingKey.allCases where key.kind != .goals {
            #expect(ReportConfig.knownKeys[key.section]?.contains(key.name) == true, "\(key.rawValue)")
        }
    }
}
