import ArgumentParser
import Foundation
import MindfulReport

/// `--config`: the YAML settings file, shared by `report`, `fetch` and `check`.
struct ConfigOptions: ParsableArguments {
    @Option(help: "Config file (YAML); default $XDG_CONFIG_HOME/mindful-report/config.yaml when it exists. Flags win over it.")
    var config: String?

    /// The file's settings (none when there is no file and none was named).
    func load(environment: [String: String]) throws -> ReportConfig {
        do { return try ReportConfig.load(explicitPath: config, environment: environment) } catch {
            throw fail(error.description)
        }
    }
}

/// `--cache`, `--hour-labels`: where hours are kept and how the API names them.
struct CacheOptions: ParsableArguments {
    @Option(help: .setting(.cache)) var cache: String?

    @Option(help: "How the API's HH names an hour: end (04 = 03:00-04:00 UTC, 01..24) or start (00..23).")
    var hourLabels: HourLabels = .end
}

/// Where the report goes and how it looks, shared by `report` and `check`.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: "Folder to write the report to; replaced as a whole, and only once every page of the new report is valid.")
    var out: String?

    @Flag(help: "Use the cache only; never touch the network or need credentials. Hours not in the cache are missing.")
    var offline = false

    @Option(help: .setting(.templates)) var templates: String?
    @Option(help: .setting(.pii)) var pii: PIIMode?

    @Option(help: "Title of the report; on a site, a titled report is a one-off kept beside the full one.")
    var title: String?
}
