import ArgumentParser
import Foundation
import MindfulReport

/// Site, email and filter options of `report` (and `check`).
struct DeliveryOptions: ParsableArguments {
    @Option(help: .setting(.targets)) var targets: String?
    @Option(help: .setting(.siteFolder)) var site: String?
    @Option(help: .setting(.siteURL)) var siteURL: String?
    @Option(help: .setting(.siteKeep)) var keep: Int?

    @Option(help: "Write the email (RFC 5322 / MIME) to this .eml file.")
    var email: String?

    @Flag(help: "Pipe the email to sendmail -t -i (path from the config file or --sendmail-path).")
    var sendmail = false

    @Option(help: .setting(.mailSendmail)) var sendmailPath: String?
    @Option(help: .setting(.mailFrom)) var mailFrom: String?
    @Option(help: .setting(.mailTo)) var mailTo: String?
    @Option(help: .setting(.mailCc)) var mailCc: String?
    @Option(help: .setting(.mailSubjectPrefix)) var subjectPrefix: String?
    @Flag(help: .setting(.mailAttachAppendices)) var attachAppendices = false

    @Flag(help: "Exit with status 4 when the report is complete but a goal of the config file is missed.")
    var failOnMissedGoals = false

    func validate() throws {
        if let keep, let problem = SettingKey.positiveCountProblem(keep) { throw ValidationError("\(SettingKey.siteKeep.flag!) \(problem)") }
    }

    static func list(_ text: String?) -> [String]? {
        text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// Lays the settings these flags give over `flags`.
    func apply(to flags: inout ReportConfig) {
        flags.targets = Self.list(targets)
        flags.siteFolder = site
        flags.siteURL = siteURL
        flags.keep = keep
        flags.mail.from = mailFrom
        flags.mail.to = Self.list(mailTo)
        flags.mail.cc = Self.list(mailCc)
        flags.mail.subjectPrefix = subjectPrefix
        flags.mail.sendmailPath = sendmailPath
        flags.mail.attachAppendices = attachAppendices ? true : nil
    }
}

extension ReportOutputOptions {
    /// Lays the settings these flags give over `flags`.
    func apply(to flags: inout ReportConfig) {
        flags.pii = pii
        flags.templatesFolder = templates
    }
}
