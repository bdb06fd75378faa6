import Foundation
import Testing
@testable import MindfulReport

/// A value made once, on first use, by an async task that every caller awaits.
final class Once<Value: Sendable>: Sendable {
    private let task: Task<Value, any Error>

    init(_ make: @escaping @Sendable () async throws -> Value) { task = Task { try await make() } }

    var value: Value { get async throws { try await task.value } }
}

/// Fixtures made once per test run, on first use, and shared by every test that reads them:
/// read-only (a test that changes one copies it first). They live under one temporary folder,
/// removed when the test process exits.
enum SharedFixtures {
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mindful-fixtures-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: SharedFixtures.root) }
        return url
    }()

    // MARK: hostile caches

    /// A cache written by `reference/make_hostile_cache.py`: its seed and hour labels.
    struct Hostile: Hashable, Sendable {
        let seed: Int
        let labels: HourLabels
        /// Whether `reference_metrics.py` also reports on it.
        let reference: Bool
    }

    /// The caches the reference comparison reports on (the hour labels change the files' names,
    /// not their bytes), and one more seed for the decoders.
    static let referenced: [Hostile] = [Hostile(seed: 7, labels: .end, reference: true), Hostile(seed: 11, labels: .end, reference: true),
                                        Hostile(seed: 23, labels: .start, reference: true)]
    static let hostile: [Hostile] = referenced + [Hostile(seed: 101, labels: .end, reference: false)]

    /// Every hostile cache and the reference's reports, by one run of `reference/make_fixtures.py`.
    private static let hostileFolder = Once {
        let folder = SharedFixtures.root.appendingPathComponent("hostile")
        let run = try await Python.run([TestPaths.fixture("reference/make_fixtures.py").path, folder.path]
                                       + SharedFixtures.hostile.map { "\($0.seed):\($0.labels.rawValue)\($0.reference ? ":reference" : "")" })
        guard run.status == 0 else { throw FixtureError(what: "make_fixtures.py", output: run.output) }
        return folder
    }

    /// The hostile cache of `seed` (one of ``hostile``).
    static func hostileCache(_ spec: Hostile) async throws -> URL {
        try await hostileFolder.value.appendingPathComponent("cache-\(spec.seed)-\(spec.labels.rawValue)")
    }

    /// `reference_metrics.py`'s report on the hostile cache (one of ``referenced``).
    static func reference(_ spec: Hostile) async throws -> URL {
        try await hostileFolder.value.appendingPathComponent("reference-\(spec.seed)-\(spec.labels.rawValue)")
    }

    /// The `.json` files of a hostile cache.
    static func hostileFiles(seed: Int) async throws -> [URL] {
        let spec = try #require(hostile.first { $0.seed == seed })
        let cache = try await hostileCache(spec)
        return (FileManager.default.enumerator(at: cache, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "json" }
    }

    // MARK: PKI

    /// A private CA and server certificates by `make_pki.py`: `ca.pem`, `server.pem/.key`
    /// (127.0.0.1 and localhost), `wrong-host.pem/.key`, `expired.pem/.key`, `other-ca.pem`.
    static let pki = Once {
        let folder = SharedFixtures.root.appendingPathComponent("pki")
        let run = try await Python.run([TestPaths.fixture("make_pki.py").path, folder.path])
        guard run.status == 0 else { throw FixtureError(what: "make_pki.py", output: run.output) }
        return folder
    }

    // MARK: sample data

    /// `SampleGenerator`'s data (48 records a day over 4 call targets, seed 7, labels `end`)
    /// for February 2023, 2023-06-01 to 06-10 and the last 10 days up to today (UTC).
    static let sampleCache = Once {
        let folder = SharedFixtures.root.appendingPathComponent("sample")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let today = LocalDate(formatter.string(from: Date()))!
        let ranges = [(LocalDate("2023-02-01")!, LocalDate("2023-02-28")!), (LocalDate("2023-06-01")!, LocalDate("2023-06-10")!),
                      (LocalDate(day: today.day - 10), today)]
        for (from, to) in ranges {
            let range = try ReportRange(from: from, to: to, timeZone: .named("UTC"))
            _ = try SampleGenerator(range: range, perDay: 48, targets: 4, seed: 7).write(to: HourCache(root: folder, labels: .end))
        }
        return folder
    }

    struct FixtureError: Error, CustomStringConvertible {
        let what: String
        let output: String
        var description: String { "\(what) failed:\n\(output)" }
    }
}

/// The shared private CA and certificates (``SharedFixtures/pki``).
enum TestPKI {
    static func file(_ name: String) async throws -> URL { try await SharedFixtures.pki.value.appendingPathComponent(name) }
    static var ca: URL { get async throws { try await file("ca.pem") } }
    static func pair(_ name: String) async throws -> (cert: URL, key: URL) { (try await file("\(name).pem"), try await file("\(name).key")) }
}

extension SharedFixtures.Hostile: CustomTestStringConvertible {
    var testDescription: String { "seed \(seed), labels \(labels.rawValue)" }
}
