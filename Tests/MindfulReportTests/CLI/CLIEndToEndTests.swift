import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import MindfulReport

/// Folders for one end-to-end test: `source` (what the fake server serves: days copied from
/// `Samples/`, `.json` only), `cache` (what the CLI fills), `work` (server log, child output,
/// the child's HOME) and output folders under `dir`.
struct EndToEndSandbox {
    let tmp: TemporaryFolder
    var dir: URL { tmp.url }
    var source: URL { dir.appendingPathComponent("source") }
    var cache: URL { dir.appendingPathComponent("cache") }
    var work: URL { dir.appendingPathComponent("work") }
    func out(_ name: String) -> URL { dir.appendingPathComponent(name) }

    static let samples = TestPaths.samples

    init() throws {
        tmp = try TemporaryFolder("e2e")
        for d in [source, cache, work] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
    }

    /// Copies the `.json` hour files of these `Samples/` days (YYYYMMDD) into `source`.
    func serveSampleDays(_ days: [String]) throws {
        let fm = FileManager.default
        for day in days {
            let from = Self.samples.appendingPathComponent(day), to = source.appendingPathComponent(day)
            try fm.createDirectory(at: to, withIntermediateDirectories: true)
            for name in try fm.contentsOfDirectory(atPath: from.path) where name.hasSuffix(".json") {
                try fm.copyItem(at: from.appendingPathComponent(name), to: to.appendingPathComponent(name))
            }
        }
    }

    /// Every file under `root` (hidden ones too) by relative path, with its bytes.
    static func files(_ root: URL) throws -> [String: Data] {
        let fm = FileManager.default
        var result: [String: Data] = [:]
        for relative in try fm.subpathsOfDirectory(atPath: root.path) {
            var isDir: ObjCBool = false
            let url = root.appendingPathComponent(relative)
            guard fm.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue else { continue }
            result[relative] = try Data(contentsOf: url)
        }
        return result
    }

    /// The hour files (`YYYYMMDD/HH.json`) under `root`, with their bytes.
    static func hourFiles(_ root: URL) throws -> [String: Data] {
        try files(root).filter { $0.key.hasSuffix(".json") }
    }

    /// The environment giving the CLI a static token.
    static func token(_ token: String) -> [String: String] { ["MINDFUL_API_TOKEN": token] }

    /// `--base-url`, `--token-url` of the server, plus the cache.
    func fetchArguments(_ server: FakeMindfulServer) -> [String] {
        ["--base-url", server.baseURL.absoluteString, "--token-url", server.tokenURL.absoluteString, "--cache", cache.path]
    }
}

/// The three CSVs of the summary, which must be identical between two equal reports.
let summaryCSVs = ["summary.csv", "outcomes.csv", "daily.csv"]

/// Runs `report --offline` on `cache` into `out`, requiring it to succeed completely.
func offlineReport(cache: URL, out: URL, from: String, to: String, work: URL) async throws {
    let run = try await runCLI(["report", "--offline", "--cache", cache.path, "--from", from, "--to", to, "--timezone", "UTC",
                                "--out", out.path], work: work)
    try #require(run.status == 0 && !run.signalled, "offline report: \(run.summary)")
}

/// Expects the summary CSVs of two report folders to be byte for byte equal.
func expectSameCSVs(_ a: URL, _ b: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
    for name in summaryCSVs {
        let x = try Data(contentsOf: a.appendingPathComponent(name)), y = try Data(contentsOf: b.appendingPathComponent(name))
        #expect(!x.isEmpty, "\(name) is empty", sourceLocation: sourceLocation)
        #expect(x == y, "\(name) differs between \(a.lastPathComponent) and \(b.lastPathComponent)", sourceLocation: sourceLocation)
    }
}

/// The `mindful-report` executable end to end: `report` and `fetch` against the fake Mindful
/// server on 127.0.0.1, in child processes with a bare environment. Each test has its own
/// server and folders, so they run in parallel.
@Suite(.tags(.network, .cli)) struct CLIEndToEndTests {
    /// Two sample days, 48 hours (labels `end`: `YYYYMMDD/01`..`24`), reported in UTC.
    static let days = ["20230606", "20230607"]
    static let from = "2023-06-06", to = "2023-06-07"

    @Test func theExecutableIsFound() throws {
        let url = try CLIExecutable.location.get()
        #expect(url.lastPathComponent == "mindful-report")
    }

    // MARK: a. report through the API equals the offline report

    @Test func reportFetchesTheCacheByteForByteAndMatchesTheOfflineReport() async throws {
        let box = try EndToEndSandbox()
        try box.serveSampleDays(Self.days)
        let server = try await FakeMindfulServer(root: box.source, work: box.work, tokens: ["e2e-token-a1"])
        defer { server.stop() }

        let online = box.out("online"), offline = box.out("offline")
        let run = try await runCLI(["report", "--from", Self.from, "--to", Self.to, "--timezone", "UTC", "--out", online.path]
                                   + box.fetchArguments(server), environment: EndToEndSandbox.token("e2e-token-a1"), work: box.work)
        #expect(run.status == 0 && !run.signalled, "\(run.summary)")
        #expect(run.stdout.isEmpty)
        // Not a terminal: no live progress line; one summary line naming the 48 fetched hours.
        #expect(!run.stderr.contains("\r"))
        let fetchLines = run.stderrLines.filter { $0.hasPrefix("Fetch:") }
        #expect(fetchLines.count == 1, "\(run.stderr)")
        #expect(fetchLines.first?.hasPrefix("Fetch: 48 hours, 0 from cache, 48 fetched, 0 retries, 0 missing") == true, "\(run.stderr)")

        // The cache holds exactly the served hour files, byte for byte.
        let served = try EndToEndSandbox.hourFiles(box.source), cached = try EndToEndSandbox.hourFiles(box.cache)
        #expect(served.count == 48)
        #expect(cached.keys.sorted() == served.keys.sorted())
        for (path, bytes) in served { #expect(cached[path] == bytes, "\(path) differs from the served file") }
        #expect(try await server.dataRequests().count == 48)

        // The same CSVs as the offline report of the served files.
        try await offlineReport(cache: box.source, out: offline, from: Self.from, to: Self.to, work: box.work)
        try expectSameCSVs(online, offline)
        let summary = try ParsedCSV(file: online.appendingPathComponent("summary.csv"))
        #expect(summary.records.first?["hours_read"] == "48")
        #expect(summary.records.first?["missing_hours"] == "")
    }

    // MARK: b. missing hours: status 3, named; the next run fetches only them

    @Test func missingHoursGiveStatus3AndTheNextRunFetchesOnlyThem() async throws {
        let box = try EndToEndSandbox()
        try box.serveSampleDays(Self.days)
        // 404: three hours whose files the server lacks; 500 forever: one more.
        let absent = ["20230606/04", "20230606/17", "20230607/24"], failing = "20230607/09"
        let fm = FileManager.default
        let aside = box.out("aside")
        try fm.createDirectory(at: aside, withIntermediateDirectories: true)
        for p in absent { try fm.moveItem(at: box.source.appendingPathComponent(p + ".json"), to: aside.appendingPathComponent(p.replacingOccurrences(of: "/", with: "-"))) }
        // End labels: YYYYMMDD/HH is the hour ending at HH:00 UTC.
        let missingHours = ["2023-06-06T03:00Z", "2023-06-06T16:00Z", "2023-06-07T08:00Z", "2023-06-07T23:00Z"]
        let server = try await FakeMindfulServer(root: box.source, work: box.work,
                                           faults: ["/v2/data/historical/\(failing)": [["status": 500, "times": -1]]],
                                           tokens: ["e2e-token-b2"])
        defer { server.stop() }
        let out = box.out("report")
        let arguments = ["report", "--from", Self.from, "--to", Self.to, "--timezone", "UTC", "--out", out.path, "--retries", "3"]
            + box.fetchArguments(server)

        let first = try await runCLI(arguments, environment: EndToEndSandbox.token("e2e-token-b2"), work: box.work)
        #expect(first.status == 3 && !first.signalled, "\(first.summary)")
        let summary = try ParsedCSV(file: out.appendingPathComponent("summary.csv"))
        let row = try #require(summary.records.first)
        #expect(row["missing_hours"].map { $0.split(separator: " ").map(String.init).sorted() } == missingHours)
        #expect(row["hours_missing"] == "4")
        #expect(row["hours_read"] == "44")
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        for hour in missingHours { #expect(index.contains("<code>\(hour)</code>"), "index.html does not name \(hour)") }
        #expect(index.contains("4 of 48 hours are missing"))
        // Each missing hour is named on stderr too, as a warning; nothing is an error.
        for p in absent + [failing] {
            #expect(first.stderrLines.contains { $0.hasPrefix("mindful-report: warning: hour missing") && $0.contains("/v2/data/historical/\(p),") },
                    "\(p) not named on stderr: \(first.stderr)")
        }
        #expect(!first.stderr.contains("error"), "\(first.stderr)")
        #expect(first.stderrLines.last?.contains("INCOMPLETE: 4 of 48 hours missing") == true, "\(first.stderr)")
        let log1 = try await server.dataRequests()
        #expect(log1.filter { $0.path.hasSuffix(failing) }.count == 3, "a 500 is tried --retries times")
        #expect(try EndToEndSandbox.hourFiles(box.cache).count == 44, "nothing that failed is cached")

        // The faults go away: the next run asks for the four missing hours only, once each.
        for p in absent { try fm.moveItem(at: aside.appendingPathComponent(p.replacingOccurrences(of: "/", with: "-")), to: box.source.appendingPathComponent(p + ".json")) }
        try await clearFaults(server)
        let second = try await runCLI(arguments, environment: EndToEndSandbox.token("e2e-token-b2"), work: box.work)
        #expect(second.status == 0 && !second.signalled, "\(second.summary)")
        let log2 = Array(try await server.dataRequests().dropFirst(log1.count))
        #expect(log2.map(\.path).sorted() == (absent + [failing]).map { "/v2/data/historical/\($0)" }.sorted())
        #expect(log2.allSatisfy { $0.status == 200 })
        #expect(second.stderrLines.contains { $0.hasPrefix("Fetch: 48 hours, 44 from cache, 4 fetched, 0 retries, 0 missing") }, "\(second.stderr)")
        let again = try ParsedCSV(file: out.appendingPathComponent("summary.csv"))
        #expect(again.records.first?["missing_hours"] == "")
        #expect(!(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)).contains("hours are missing"))
        let offline = box.out("offline")
        try await offlineReport(cache: box.source, out: offline, from: Self.from, to: Self.to, work: box.work)
        try expectSameCSVs(out, offline)
    }

    /// Removes every fault (the server's control endpoint).
    func clearFaults(_ server: FakeMindfulServer) async throws {
        var request = URLRequest(url: server.baseURL.appendingPathComponent("_control/faults"), timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = Data("{}".utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
    }

    // MARK: c. 403: stop at once, one line, nothing written, no secret anywhere

    enum Auth: String, CaseIterable, Sendable { case staticToken, oauth }

    @Test(arguments: [(Auth.staticToken, false), (Auth.oauth, true)])
    func a403StopsWithOneLineWritesNothingAndNeverShowsTheSecret(auth: Auth, previousReport: Bool) async throws {
        let box = try EndToEndSandbox()
        try box.serveSampleDays(Self.days)
        let token = "e2e-S3CRET-token-403", clientSecret = "e2e-S3CRET-client-403"
        // Every hour of the second day answers 403 (the first day is fetched and cached first).
        let forbidden = (1...24).map { String(format: "/v2/data/historical/20230607/%02d", $0) }
        let server = try await FakeMindfulServer(root: box.source, work: box.work,
                                           faults: Dictionary(uniqueKeysWithValues: forbidden.map { ($0, [["status": 403, "times": -1]]) }),
                                           latency: 0.05, tokens: [token], client: ("e2e-client", clientSecret))
        defer { server.stop() }
        let environment = auth == .staticToken ? EndToEndSandbox.token(token)
            : ["MINDFUL_CLIENT_ID": "e2e-client", "MINDFUL_CLIENT_SECRET": clientSecret]
        let out = box.out("report")
        var before: [String: Data] = [:]
        if previousReport {
            try await offlineReport(cache: box.source, out: out, from: "2023-06-06", to: "2023-06-06", work: box.work)
            before = try EndToEndSandbox.files(out)
            #expect(!before.isEmpty)
        }

        let run = try await runCLI(["report", "--from", Self.from, "--to", Self.to, "--timezone", "UTC", "--out", out.path]
                                   + box.fetchArguments(server), environment: environment, work: box.work)
        #expect(run.status == 1 && !run.signalled, "\(run.summary)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderrLines.count == 1, "\(run.stderr)")
        let line = run.stderrLines.first ?? ""
        #expect(line.hasPrefix("mindful-report: error: "))
        #expect(line.contains("HTTP 403") && line.contains("/v2/data/historical/20230607/"), "\(line)")
        if previousReport {
            #expect(try EndToEndSandbox.files(out) == before, "the previous report was changed")
        } else {
            #expect(!FileManager.default.fileExists(atPath: out.path), "--out was created")
        }
        // Stopped at once: no request started after the first 403 was seen, so the forbidden
        // hours asked for are at most those in flight together (--concurrency 8).
        let requests = try await server.dataRequests()
        let refused = requests.filter { forbidden.contains($0.path) }
        #expect(!refused.isEmpty && refused.count <= 8, "\(refused.count) forbidden hours requested")
        // Each answered 403, or was abandoned (status 0) when the run stopped.
        #expect(refused.allSatisfy { $0.status == 403 || $0.status == 0 } && refused.contains { $0.status == 403 })
        if auth == .oauth { #expect(try await server.log().contains { $0.path == "/oauth2/token" && $0.status == 200 }) }

        // The secrets, the issued token and the headers appear nowhere (the first day's hours,
        // fetched before the 403, are in the cache to be searched).
        #expect(try EndToEndSandbox.hourFiles(box.cache).count > 0)
        var texts = [run.stdout, run.stderr]
        for root in [box.cache, out] where FileManager.default.fileExists(atPath: root.path) {
            for (path, bytes) in try EndToEndSandbox.files(root) { texts.append(path + "\n" + String(decoding: bytes, as: UTF8.self)) }
        }
        let all = texts.joined(separator: "\n")
        for needle in [token, clientSecret, "S3CRET", "tok-", "Bearer ", "Basic "] {
            #expect(!all.contains(needle), "\(needle) leaked")
        }
    }

    // MARK: d. SIGKILL mid-fetch

    @Test(.tags(.slow)) func aKilledFetchLeavesOnlyWholeHoursAndTheNextRunCompletes() async throws {
        let box = try EndToEndSandbox()
        try box.serveSampleDays(Self.days)
        // The first day answers at once; each hour of the second day is held (until the client
        // hangs up), so the fetch is killed with requests in flight, whatever the machine's speed.
        let held = (1...24).map { String(format: "/v2/data/historical/20230607/%02d", $0) }
        let server = try await FakeMindfulServer(root: box.source, work: box.work, faults: Dictionary(uniqueKeysWithValues: held.map { ($0, [["delay": 60]]) }),
                                                 tokens: ["e2e-token-d4"])
        defer { server.stop() }
        let arguments = ["fetch", "--from", Self.from, "--to", Self.to, "--timezone", "UTC", "--concurrency", "4"] + box.fetchArguments(server)
        let served = try EndToEndSandbox.hourFiles(box.source)

        // Kill once the first day is done and a held hour is being served (the server says so).
        let child = try CLIProcess(arguments, environment: EndToEndSandbox.token("e2e-token-d4"), work: box.work)
        #expect(await server.served(24), "the server never answered the first day")
        #expect(await server.busy(1), "no request in flight")
        #expect(child.process.isRunning, "the fetch ended before it could be killed")
        child.kill()
        let killed = await child.wait(timeout: 10)
        #expect(killed.signalled && killed.status == SIGKILL, "\(killed.summary)")
        // The server notices the abandoned requests (status 0) and logs them before it is idle.
        let abandoned = try await server.dataRequests().filter { $0.status == 0 }.count
        #expect(abandoned > 0, "no request was in flight when the fetch was killed")

        // Only whole hour files (each equal to the served one), their fetch notes, and perhaps
        // hidden temporary files (`.HH.json.tmp-PID-N`) that nothing reads as an hour.
        let afterKill = try EndToEndSandbox.files(box.cache)
        var hours: Set<String> = [], notes: Set<String> = [], temps: [String] = []
        for (path, bytes) in afterKill {
            let name = (path as NSString).lastPathComponent, folder = (path as NSString).deletingLastPathComponent
            if name.hasPrefix(".") {
                #expect(name.contains(".tmp-") && !name.hasSuffix(".json") && !name.hasSuffix(".fetched"), "unexpected file \(path)")
                temps.append(path)
            } else if name.hasSuffix(".json") {
                #expect(bytes == served[path], "\(path) is partial or differs from the served file")
                hours.insert(folder + "/" + (name as NSString).deletingPathExtension)
            } else if name.hasSuffix(".fetched") {
                #expect(ISO8601DateFormatter().date(from: String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) != nil,
                        "\(path) is not a whole timestamp")
                notes.insert(folder + "/" + (name as NSString).deletingPathExtension)
            } else {
                Issue.record("unexpected file \(path)")
            }
        }
        #expect(notes.isSubset(of: hours), "a fetch note without its hour file")
        #expect(hours.count >= 1 && hours.count < 48, "\(hours.count) hours cached when killed")

        // The next run fetches the rest, and only the rest (the killed run's requests are all
        // logged: the server was idle), with nothing held any more.
        let before = try await server.dataRequests().count
        try await clearFaults(server)
        let second = try await runCLI(arguments, environment: EndToEndSandbox.token("e2e-token-d4"), work: box.work)
        #expect(second.status == 0 && !second.signalled, "\(second.summary)")
        let requested = Array(try await server.dataRequests().dropFirst(before))
        #expect(requested.count == 48 - hours.count)
        #expect(Set(requested.map(\.path)).isDisjoint(with: hours.map { "/v2/data/historical/\($0)" }))
        let cached = try EndToEndSandbox.hourFiles(box.cache)
        #expect(cached.keys.sorted() == served.keys.sorted())
        for (path, bytes) in served { #expect(cached[path] == bytes, "\(path) differs from the served file") }
        // Leftover temporary files are neither read nor removed: the same ones are there.
        let leftovers = try EndToEndSandbox.files(box.cache).keys.filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }
        #expect(leftovers.sorted() == temps.sorted())

        // The report (through the API, all settled now: no request) equals the offline one.
        let online = box.out("online"), offline = box.out("offline")
        let count = try await server.dataRequests().count
        let report = try await runCLI(["report", "--from", Self.from, "--to", Self.to, "--timezone", "UTC", "--out", online.path]
                                      + box.fetchArguments(server), environment: EndToEndSandbox.token("e2e-token-d4"), work: box.work)
        #expect(report.status == 0 && !report.signalled, "\(report.summary)")
        #expect(try await server.dataRequests().count == count)
        try await offlineReport(cache: box.source, out: offline, from: Self.from, to: Self.to, work: box.work)
        try expectSameCSVs(online, offline)
    }

    // MARK: e. progress without a terminal

    @Test func withoutATerminalThereIsNoLiveLineAndOneSummary() async throws {
        let box = try EndToEndSandbox()
        try box.serveSampleDays(["20230606"])
        let server = try await FakeMindfulServer(root: box.source, work: box.work,
                                           faults: ["/v2/data/historical/20230606/02": [["status": 503]]],
                                           latency: 0.02, tokens: ["e2e-token-e5"])
        defer { server.stop() }
        let run = try await runCLI(["fetch", "--date", "2023-06-06", "--timezone", "UTC"] + box.fetchArguments(server),
                                   environment: EndToEndSandbox.token("e2e-token-e5"), work: box.work)
        #expect(run.status == 0 && !run.signalled, "\(run.summary)")
        #expect(run.stdout.isEmpty)
        #expect(!run.stderr.contains("\r") && !run.stderr.contains("\u{1B}"), "\(run.stderr.debugDescription)")
        #expect(!run.stderr.contains("hours 0/") && !run.stderr.contains("req/s"), "a progress line was printed: \(run.stderr)")
        let lines = run.stderrLines
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(lines.filter { $0.hasPrefix("Fetch:") }.count == 1)
        #expect(lines.first?.hasPrefix("Fetch: 24 hours, 0 from cache, 24 fetched, 1 retries, 0 missing in ") == true, "\(run.stderr)")
    }
}
