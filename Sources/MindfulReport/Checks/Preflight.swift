import Foundation

/// One check made before any hour is read or fetched: what it is about, what it found, and
/// whether it passed. `mindful-report check` prints one line per check; a report run stops at
/// the first that fails, having written nothing.
public struct PreflightCheck: Sendable, Equatable {
    /// The setting a check is about; the command line names its option and config key.
    public enum Subject: String, Sendable, Equatable, CaseIterable {
        case config, range, credentials, token, cache, output, site, templates, mailSender, mailRecipients, sendmail
        case caFile, proxy, goals, api
    }
    public let subject: Subject
    /// What was checked and found (`/var/cache/mindful-report exists and is writable`), or why
    /// it failed.
    public let message: String
    /// True when the check passed.
    public let passed: Bool

    /// A check that passed.
    public static func ok(_ subject: Subject, _ message: String) -> PreflightCheck {
        PreflightCheck(subject: subject, message: message, passed: true)
    }

    /// A check that failed, with why.
    public static func fail(_ subject: Subject, _ message: String) -> PreflightCheck {
        PreflightCheck(subject: subject, message: message, passed: false)
    }
}

/// The checks that need no network: folders, templates, mail settings, trust and proxy
/// settings. Each returns its ``PreflightCheck``; none writes anything.
public enum Preflight {
    /// The cache folder: it exists and is writable, or (when `mustExist` is false) can be created
    /// (its nearest existing parent is a writable folder).
    public static func cache(_ root: URL, mustExist: Bool) -> PreflightCheck {
        let path = root.standardizedFileURL.path
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { return .fail(.cache, "\(path) is not a folder") }
            if mustExist {
                guard FileManager.default.isReadableFile(atPath: path) else { return .fail(.cache, "\(path) is not readable") }
                return .ok(.cache, "\(path) exists")
            }
            guard FileManager.default.isWritableFile(atPath: path) else { return .fail(.cache, "\(path) is not writable") }
            return .ok(.cache, "\(path) exists and is writable")
        }
        if mustExist { return .fail(.cache, "\(path) does not exist (reading the cache only, an existing cache folder is needed)") }
        if let problem = creatable(path) { return .fail(.cache, problem) }
        return .ok(.cache, "\(path) can be created")
    }

    /// The report folder: absent (and creatable), or a folder of an earlier report (or empty)
    /// whose parent is writable, since the report is made beside it and swapped in.
    public static func output(_ folder: URL) -> PreflightCheck {
        let url = folder.standardizedFileURL
        do { try ReportWriter.checkOutput(url) } catch { return .fail(.output, error.description) }
        let parent = url.deletingLastPathComponent().path
        if FileManager.default.fileExists(atPath: parent) {
            guard FileManager.default.isWritableFile(atPath: parent) else {
                return .fail(.output, "\(parent) is not writable (the report is made there, beside \(url.lastPathComponent), then moved in)")
            }
        } else if let problem = creatable(parent) {
            return .fail(.output, problem)
        }
        return .ok(.output, "\(url.path) can be written")
    }

    /// The site folder: absent (and creatable), empty, or a site of this program's, and writable.
    public static func site(_ folder: URL) -> PreflightCheck {
        let url = folder.standardizedFileURL
        do { try SitePublisher(folder: url, keep: nil).refuseForeignFolder() } catch { return .fail(.site, error.description) }
        if FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.isWritableFile(atPath: url.path) else { return .fail(.site, "\(url.path) is not writable") }
            return .ok(.site, "\(url.path) is a site folder and writable")
        }
        if let problem = creatable(url.path) { return .fail(.site, problem) }
        return .ok(.site, "\(url.path) can be created")
    }

    /// The templates: they parse, and the pages made from a one-record report with them are
    /// valid XHTML and SVG.
    public static func templates(_ folder: URL?, title: String, piiMode: PIIMode) async -> PreflightCheck {
        do {
            try await SampleReport.renderAndValidate(templatesDirectory: folder, title: title, piiMode: piiMode)
        } catch {
            return .fail(.templates, "\(error)")
        }
        return .ok(.templates, folder.map { "the templates in \($0.path) render valid pages" } ?? "the built-in templates render valid pages")
    }

    /// The email's sender and recipients: present, and each a valid address.
    public static func mail(from: String?, to: [String], cc: [String]) -> [PreflightCheck] {
        var checks: [PreflightCheck] = []
        if let from, !from.isEmpty {
            do { _ = try MailMessage.parseAddress(from); checks.append(.ok(.mailSender, "sender \(MailMessage.clean(from))")) } catch {
                checks.append(.fail(.mailSender, error.description))
            }
        } else {
            checks.append(.fail(.mailSender, "the email has no sender"))
        }
        let recipients = to + cc
        if recipients.isEmpty {
            checks.append(.fail(.mailRecipients, "the email has no recipient"))
        } else if let bad = recipients.first(where: { (try? MailMessage.parseAddress($0)) == nil }) {
            checks.append(.fail(.mailRecipients, MailError.badAddress(bad).description))
        } else {
            checks.append(.ok(.mailRecipients, "\(recipients.count) recipient\(recipients.count == 1 ? "" : "s")"))
        }
        return checks
    }

    /// The sendmail program: a file that can be run.
    public static func sendmail(_ path: String) -> PreflightCheck {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            return .fail(.sendmail, "\(path) does not exist (install a mail transfer agent, or name the sendmail program)")
        }
        guard !isDir.boolValue, FileManager.default.isExecutableFile(atPath: path) else {
            return .fail(.sendmail, "\(path) is not an executable program")
        }
        return .ok(.sendmail, "\(path) is executable")
    }

    /// The CA file: readable PEM certificates.
    public static func caFile(_ path: String) -> PreflightCheck {
        do {
            let certificates = try NIOHTTPTransport.certificates(path)
            return .ok(.caFile, "\(path): \(certificates.count) certificate\(certificates.count == 1 ? "" : "s")")
        } catch {
            return .fail(.caFile, "\(path): \(error.description.replacingOccurrences(of: "cannot use the CA file \(path): ", with: ""))")
        }
    }

    /// Why a folder cannot be created at `path`, or `nil` when its nearest existing parent is a
    /// writable folder.
    static func creatable(_ path: String) -> String? {
        var url = URL(fileURLWithPath: path).deletingLastPathComponent()
        let fm = FileManager.default
        while !fm.fileExists(atPath: url.path) && url.path != "/" { url.deleteLastPathComponent() }
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else {
            return "\(path) cannot be created: \(url.path) is not a folder"
        }
        guard fm.isWritableFile(atPath: url.path) else { return "\(path) cannot be created: \(url.path) is not writable" }
        return nil
    }
}
