import ArgumentParser
import Foundation
import MindfulReport

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Make a realistic sample cache of hour files (for demos and benchmarks)."
    )

    @OptionGroup var range: ReportRangeOptions

    @Option(help: "Records per day.")
    var perDay: Int = 2000

    @Option(help: "Number of call targets.")
    var targets: Int = 4

    @Option(help: "Seed of the generator: the same seed gives the same files.")
    var seed: UInt64 = 1

    @Option(help: "Cache folder to write (YYYYMMDD/HH.json).")
    var out: String

    @Option(help: "How the API's HH names an hour: end or start.")
    var hourLabels: HourLabels = .end

    func validate() throws {
        if perDay < 0 { throw ValidationError("--per-day must be 0 or more") }
        if targets < 1 { throw ValidationError("--targets must be at least 1") }
    }

    func run() throws {
        let range = try self.range.resolve(timeZoneName: self.range.timezone ?? "UTC", now: Date())
        let generator = SampleGenerator(range: range, perDay: perDay, targets: targets, seed: seed)
        let cache = HourCache(root: URL(fileURLWithPath: out, isDirectory: true), labels: hourLabels)
        do {
            let written = try generator.write(to: cache)
            note("Wrote \(written.records) records in \(written.hours) hour files (\(written.bytes / 1_000_000) MB) to \(out).")
        } catch {
            throw fail("\(error)")
        }
    }
}
