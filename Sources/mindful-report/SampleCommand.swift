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
    var targetCount: Int = 4

    @Option(help: "Seed of the generator: the same seed gives the same files.")
    var seed: UInt64 = 1

    /// The cache folder to write and how its hour files are named, as `report` reads them.
    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        if perDay < 0 { throw ValidationError("--per-day must be 0 or more") }
        if targetCount < 1 { throw ValidationError("--target-count must be at least 1") }
        if cacheOptions.cache == nil { throw ValidationError("sample needs --cache DIR: the cache folder to write (YYYYMMDD/HH.json)") }
    }

    func run() throws {
        let range = try self.range.resolve(timeZoneName: self.range.timezone ?? "UTC", now: Date())
        let folder = cacheOptions.cache ?? ""
        let generator = SampleGenerator(range: range, perDay: perDay, targets: targetCount, seed: seed)
        let cache = HourCache(root: URL(fileURLWithPath: folder, isDirectory: true), labels: cacheOptions.hourLabels)
        do {
            let written = try generator.write(to: cache)
            note("Wrote \(written.records) records in \(written.hours) hour files (\(written.bytes / 1_000_000) MB) to \(folder).")
        } catch {
            throw fail("\(error)")
        }
    }
}
