import Foundation
import Testing

/// The config file's keys are described once, in `SettingKey`; the README's table must be the
/// one `mindful-report config-keys` prints from that description.
@Suite struct ConfigKeysTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")

    @Test func readmeKeyTableIsTheOneTheProgramPrints() async throws {
        let tmp = try TemporaryFolder()
        let run = try await runCLI(["config-keys"], work: tmp.url)
        #expect(run.status == 0, "\(run.summary)")
        let table = run.stdout.trimmingCharacters(in: .newlines)
        let rows = table.split(separator: "\n")
        // Header, rule, and one row per key: at least the keys the README has always listed.
        #expect(rows.count >= 24)
        for key in ["timezone", "api.ca_file", "api.proxy", "site.keep", "mail.attach_appendices", "goals"] {
            #expect(rows.contains { $0.hasPrefix("| `\(key)` |") }, "no row for \(key)")
        }
        let readme = try String(contentsOf: Self.readme, encoding: .utf8)
        #expect(readme.contains(table + "\n"), "README.md's key table differs from `mindful-report config-keys`; paste its output into the README")
    }
}
