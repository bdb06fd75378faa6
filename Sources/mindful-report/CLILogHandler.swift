import Foundation
import Logging

/// The fetch layer's log on stderr, one plain line per event:
/// `mindful-report: warning: hour missing (hour=…, path=…, reason=…)`.
///
/// Events at `error` and above are dropped: the only such event says why the run stops, and the
/// command prints that itself as its one `mindful-report: error:` line, so it is not said twice.
/// On a terminal each line first clears the live progress line, which the next update redraws.
struct CLILogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level

    init(level: Logger.Level = .warning) {
        logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        guard event.level < .error else { return }
        FileHandle.standardError.write(Data(Self.line(event, base: metadata, terminal: isatty(STDERR_FILENO) == 1).utf8))
    }

    static func line(_ event: LogEvent, base: Logger.Metadata, terminal: Bool) -> String {
        let all = base.merging(event.metadata ?? [:]) { $1 }
        let details = all.keys.sorted().map { "\($0)=\(all[$0]!)" }.joined(separator: ", ")
        return (terminal ? "\r\u{1B}[K" : "") + "mindful-report: \(event.level): \(event.message)" + (details.isEmpty ? "" : " (\(details))") + "\n"
    }
}
