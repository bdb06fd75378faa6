import Foundation
import Logging
import Testing
@testable import MindfulReport

/// A scratch folder per test: `source` (what the server serves, in cache layout), `cache`
/// (what the client writes) and `work` (server log, faults).
struct FetchSandbox {
    let dir: URL
    var source: URL { dir.appendingPathComponent("source") }
    var cacheRoot: URL { dir.appendingPathComponent("cache") }
    var work: URL { dir.appendingPathComponent("work") }
    var cache: HourCache { HourCache(root: cacheRoot, labels: .end) }
    var sourceCache: HourCache { HourCache(root: source, labels: .end) }

    /// 2023-06-08T00:00Z.
    static let firstHour = UTCHour(index: 1_686_182_400 / 3600)

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("fetch-tests-\(UUID().uuidString)")
        for d in [dir.appendingPathComponent("source"), dir.appendingPathComponent("cache"), dir.appendingPathComponent("work")] {
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        }
    }

    /// A sandbox whose server folder holds its first `count` hours.
    static func serving(_ count: Int) throws -> (box: FetchSandbox, hours: [UTCHour]) {
        let box = try FetchSandbox()
        let hours = box.hours(count)
        try box.serve(hours)
        return (box, hours)
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }

    func hours(_ n: Int, from offset: Int = 0) -> [UTCHour] { (0..<n).map { Self.firstHour.advanced(by: offset + $0) } }

    /// A distinct, valid hour body (varied spacing and non-ASCII text, so byte equality matters).
    static func body(for hour: UTCHour) -> [UInt8] {
        let i = hour.index
        let records = (0..<(i % 3 + 1)).map { k in
            """
            {"id": "r\(i)-\(k)", "originalId": "r\(i)-0", "callTargetId": "\(i % 4)", "callTargetName": "Café ☕ \(i % 4)",
             "outcome": "\(k == 0 ? "Success" : "Unavailable")", "retryAttempt": \(k), "actualCallbackTime": \(Double(i % 97) + 0.5),
             "metadata": {"n": \(k)}, "ani": "1312555\(String(format: "%04d", i % 10000))"}
            """
        }
        let text = "{\"data\": [\(records.joined(separator: i % 2 == 0 ? ", " : ",\n  "))]}" + (i % 5 == 0 ? "\n" : "")
        return Array(text.utf8)
    }

    /// Writes the server's files for `hours`.
    func serve(_ hours: [UTCHour]) throws {
        for hour in hours {
            let url = sourceCache.fileURL(for: hour)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(Self.body(for: hour)).write(to: url)
        }
    }

    /// Every file under the client cache, relative, sorted.
    func cacheFiles() throws -> [String] {
        let root = cacheRoot.resolvingSymlinksInPath().path
        let e = FileManager.default.enumerator(atPath: root)!
        var files: [String] = []
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + p, isDirectory: &isDir)
            if !isDir.boolValue { files.append(p) }
        }
        return files.sorted()
    }

    /// `YYYYMMDD/HH.json` and `.fetched` of each hour.
    func expectedFiles(_ hours: [UTCHour]) -> [String] {
        hours.flatMap { h -> [String] in
            let p = h.path(labels: .end)
            return ["\(p.date)/\(p.label).json", "\(p.date)/\(p.label).fetched"]
        }.sorted()
    }

    func options(_ server: FakeMindfulServer, _ tweak: (inout FetchOptions) -> Void = { _ in }) -> FetchOptions {
        var o = FetchOptions(baseURL: server.baseURL, tokenURL: server.tokenURL, timeout: 5,
                             backoff: Backoff(base: 0.01, cap: 0.05))
        tweak(&o)
        return o
    }
}

/// Collects log lines (any level) for grepping.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return lines.joined(separator: "\n") }

    var logger: Logger {
        var logger = Logger(label: "fetch-test") { _ in CaptureHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    struct CaptureHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            capture.append("\(event.level) \(event.message) \(event.metadata ?? [:])")
        }
    }
}

/// The fetcher against the fake server: each test starts its own server (the faults are per
/// test), and the tests run in parallel. Timing is checked on the server's log (counted
/// requests, recorded starts and ends), never on the wall clock of the test.
@Suite(.tags(.network)) struct FetchTests {
    // MARK: faults

    @Test(.tags(.slow)) func faultsAreRetriedOrMissingAndOnlyGoodBodiesAreCached() async throws {
        let box = try FetchSandbox()
        defer { box.remove() }
        let hours = box.hours(14)
        try box.serve(hours.filter { $0 != hours[10] })  // hours[10] answers 404
        func p(_ i: Int) -> String { FetchOptions(labels: .end).apiPath(for: hours[i]) }
        let faults: [String: [[String: Any]]] = [
            p(0): [["status": 503, "times": 2]],
            p(1): [["status": 500], ["status": 502, "retry_after": "0"]],
            p(2): [["status": 504], ["status": 429]],
            p(3): [["status": 429, "retry_after": "1"]],
            p(4): [["status": 429, "retry_after_in": 1]],
            // curl itself re-sends once when a reused keep-alive connection is reset before any
            // answer, so reset twice: at least one reset reaches the fetcher.
            p(5): [["reset": true, "times": 2]],
            p(6): [["truncate": true]],
            p(7): [["body": "{\"data\": [{\"id\": 1}"]],
            p(8): [["body": "{\"data\": null}"]],
            p(9): [["delay": 5]],  // held until the client hangs up at its timeout
            p(11): [["status": 400, "times": -1]],
            p(12): [["status": 503, "times": -1]],
            p(13): [["body": "[]", "times": -1]],
        ]
        let server = try await FakeMindfulServer(root: box.source, work: box.work, faults: faults, tokens: ["t0k3n-abcdef"])
        defer { server.stop() }
        // A timeout short enough for the held hour, long enough for a busy machine's answers.
        let options = box.options(server) { $0.tries = 3; $0.timeout = 1.5; $0.concurrency = 4 }
        let started = Date()
        let summary = try await fetch(hours: hours, cache: box.cache, options: options, credentials: .bearer("t0k3n-abcdef"))
        let ended = Date()

        #expect(summary.fetched == Array(hours[0...9]))
        #expect(summary.fromCache.isEmpty)
        #expect(summary.missing.map(\.hour) == [hours[10], hours[11], hours[12], hours[13]])
        #expect(summary.missing[0].reason == .notFound)
        #expect(summary.missing[1].reason == .badRequest)
        #expect(summary.missing[2].reason == .gaveUp(tries: 3, lastError: "HTTP 503"))
        guard case .gaveUp(3, let last) = summary.missing[3].reason else { Issue.record("\(summary.missing[3])"); return }
        #expect(last.contains("data"))
        #expect(summary.missing[0].path == p(10))
        // 2 + 2 + 2 + 1 × 6 for hours 0-3 and 6-9, 2 + 2 for the two given up, and 0-2 for the
        // resets (curl re-sends by itself when a reused connection is reset; see the next test).
        #expect((16...18).contains(summary.retries))

        // The cache holds exactly the good hours, byte for byte, and nothing else.
        #expect(try box.cacheFiles() == box.expectedFiles(Array(hours[0...9])))
        for hour in hours[0...9] {
            #expect(try box.cache.read(hour) == FetchSandbox.body(for: hour))
            // Stamped during the run (whole seconds in the note).
            #expect(box.cache.fetchedAt(hour).map { $0 >= started.addingTimeInterval(-1) && $0 <= ended.addingTimeInterval(1) } == true)
        }

        let log = try await server.dataRequests()
        func requests(_ i: Int) -> [FakeMindfulServer.Entry] { log.filter { $0.path == p(i) } }
        #expect(requests(10).count == 1)
        #expect(requests(11).count == 1)
        #expect(requests(12).count == 3)
        // Retry-After: 1 (seconds) was waited for.
        let r3 = requests(3)
        #expect(r3.count == 2)
        if r3.count == 2 { #expect(r3[1].start - r3[0].end >= 0.95) }
        #expect(requests(4).count == 2)
        #expect(requests(5).filter { $0.status == 0 }.count == 2)
        #expect(requests(9).first?.end ?? 0 > (requests(9).first?.start ?? 0) + 1.4)  // the client hung up at its timeout
    }

    @Test func aResetConnectionIsRetried() async throws {
        let (box, hours) = try FetchSandbox.serving(1)
        defer { box.remove() }
        let p0 = FetchOptions().apiPath(for: hours[0])
        let server = try await FakeMindfulServer(root: box.source, work: box.work, faults: [p0: [["reset": true]]], tokens: ["tok-reset"])
        defer { server.stop() }
        // The run's first request goes out on a new connection, so curl does not re-send it itself.
        let summary = try await fetch(hours: hours, cache: box.cache, options: box.options(server), credentials: .bearer("tok-reset"))
        #expect(summary.fetched == hours)
        #expect(summary.retries == 1)
        #expect(try await server.dataRequests().map(\.status) == [0, 200])
        #expect(try box.cache.read(hours[0]) == FetchSandbox.body(for: hours[0]))
    }

    /// Fetches `count` hours from a server that answers each after `latency` seconds: the
    /// sandbox (to remove), the hours, the summary and the server's log of data requests.
    static func fetchPaced(_ count: Int, latency: Double, concurrency: Int, rate: Double) async throws
        -> (FetchSandbox, [UTCHour], FetchSummary, [FakeMindfulServer.Entry]) {
        let (box, hours) = try FetchSandbox.serving(count)
        let server = try await FakeMindfulServer(root: box.source, work: box.work, latency: latency, tokens: ["tok-paced"])
        defer { server.stop() }
        let options = box.options(server) { $0.concurrency = concurrency; $0.rate = rate }
        let summary = try await fetch(hours: hours, cache: box.cache, options: options, credentials: .bearer("tok-paced"))
        return (box, hours, summary, try await server.dataRequests())
    }

    @Test(.tags(.slow)) func concurrencyAndRateAreRespected() async throws {
        let (box, hours, summary, log) = try await Self.fetchPaced(45, latency: 0.08, concurrency: 3, rate: 30)
        defer { box.remove() }
        #expect(summary.fetched.count == 45)
        #expect(log.count == 45)
        #expect(log.map(\.max_inflight).max()! <= 3)
        #expect(log.map(\.max_inflight).max()! >= 2)
        // At most `rate` starts in any one-second window. The server stamps arrivals, which jitter
        // by a few milliseconds (more on a busy machine), hence 50 ms of slack on the window and
        // an exact check on the average.
        let starts = log.map(\.start)
        for i in starts.indices where i + 30 < starts.count {
            #expect(starts[i + 30] - starts[i] >= 0.95, "31 requests started within \(starts[i + 30] - starts[i]) s")
        }
        #expect(Double(starts.count - 1) / (starts.last! - starts.first!) <= 30.5)
        // Concurrency 3 at 80 ms allows 37/s, so the rate governs: the server saw the 45
        // requests over at least 44/30 s.
        #expect(starts.last! - starts.first! >= 44.0 / 30 - 0.05)
        #expect(try box.cacheFiles() == box.expectedFiles(hours))
    }

    @Test func concurrencyIsRespectedWhenItIsTheLimit() async throws {
        // Answers slow enough (0.5 s) that the client has 4 requests out even on a busy machine.
        let (box, _, summary, log) = try await Self.fetchPaced(12, latency: 0.5, concurrency: 4, rate: 1000)
        defer { box.remove() }
        #expect(summary.fetched.count == 12)
        // Never more than 4 at once, as the server recorded, and more than one (how close to 4 it
        // gets depends on how busy the machine is); so 12 answers of 0.5 s took at least 1.45 s.
        #expect(log.map(\.max_inflight).max()! <= 4)
        #expect(log.map(\.max_inflight).max()! >= 2)
        #expect(log.map(\.end).max()! - log.map(\.start).min()! >= 1.45)
    }

    // MARK: OAuth

    @Test(.tags(.slow)) func oauthTokenIsFetchedRenewedBeforeExpiryAndOnceAfter401() async throws {
        let (box, hours) = try FetchSandbox.serving(100)
        defer { box.remove() }
        let p5 = FetchOptions().apiPath(for: hours[5])
        let server = try await FakeMindfulServer(root: box.source, work: box.work, faults: [p5: [["status": 401]]],
                                           client: ("client-1", "sup3r-s3cret-value"), expiresIn: 6)
        defer { server.stop() }
        // 100 hours take 5 s: more than a token's lifetime; each is renewed 3 s before it expires
        // (half its lifetime: room for a busy machine).
        let options = box.options(server) { $0.rate = 20 }
        let summary = try await fetch(hours: hours, cache: box.cache, options: options,
                                      credentials: .clientCredentials(id: "client-1", secret: "sup3r-s3cret-value"))
        #expect(summary.fetched == hours)
        #expect(summary.missing.isEmpty)
        let log = try await server.log()
        let tokenRequests = log.filter { $0.path == "/oauth2/token" }
        #expect(tokenRequests.allSatisfy { $0.status == 200 })
        // One at the start, one after the 401, and at least one renewal before expiry.
        #expect(tokenRequests.count >= 3)
        #expect(summary.tokenRequests == tokenRequests.count)
        let data = log.filter { $0.path.hasPrefix("/v2/") }
        // The only 401 is the injected one: tokens were renewed before they expired.
        #expect(data.filter { $0.status == 401 }.count == 1)
        let fifth = data.filter { $0.path == p5 }.sorted { $0.start < $1.start }
        #expect(fifth.map(\.status) == [401, 200])
        if fifth.count == 2 { #expect(fifth[0].auth != fifth[1].auth) }
        #expect(Set(data.compactMap(\.auth)).count >= 3)
    }

    @Test func a401AfterRefreshStopsTheRun() async throws {
        let (box, hours) = try FetchSandbox.serving(40)
        defer { box.remove() }
        let p0 = FetchOptions().apiPath(for: hours[0])
        let server = try await FakeMindfulServer(root: box.source, work: box.work, faults: [p0: [["status": 401, "times": -1]]],
                                           client: ("client-2", "an0ther-s3cret"))
        defer { server.stop() }
        let options = box.options(server) { $0.concurrency = 1 }
        await #expect(throws: FetchError.unauthorized(hour: hours[0], path: p0, afterRefresh: true, bearerError: nil)) {
            _ = try await fetch(hours: hours, cache: box.cache, options: options,
                                credentials: .clientCredentials(id: "client-2", secret: "an0ther-s3cret"))
        }
        let log = try await server.log()
        #expect(log.filter { $0.path == "/oauth2/token" }.count == 2)
        // The hour's retry queues behind the window of hours already waiting; once its second 401
        // lands, nothing else starts.
        let data = log.filter { $0.path.hasPrefix("/v2/") }.sorted { $0.start < $1.start }
        #expect(data.count < 40)
        let stop = try #require(data.last { $0.status == 401 })
        #expect(data.filter { $0.start > stop.end }.isEmpty)
    }

    @Test func a403StopsTheRunWithoutRequestingTheOtherHours() async throws {
        let (box, hours) = try FetchSandbox.serving(60)
        defer { box.remove() }
        let p0 = FetchOptions().apiPath(for: hours[0])
        let server = try await FakeMindfulServer(root: box.source, work: box.work, faults: [p0: [["status": 403, "times": -1]]],
                                           latency: 0.05, tokens: ["tok-403"])
        defer { server.stop() }
        await #expect(throws: FetchError.forbidden(hour: hours[0], path: p0, bearerError: nil)) {
            _ = try await fetch(hours: hours, cache: box.cache, options: box.options(server) { $0.concurrency = 2 },
                                credentials: .bearer("tok-403"))
        }
        #expect(try await server.dataRequests().count <= 4)
    }

    @Test func aRefusedTokenRequestStopsTheRun() async throws {
        let (box, hours) = try FetchSandbox.serving(5)
        defer { box.remove() }
        let server = try await FakeMindfulServer(root: box.source, work: box.work, client: ("client-3", "right-s3cret"))
        defer { server.stop() }
        // A timeout no busy machine reaches: a token request that timed out would rightly be
        // tried again, and this test counts the refused one.
        let error = try await #require(throws: FetchError.self) {
            _ = try await fetch(hours: hours, cache: box.cache, options: box.options(server) { $0.timeout = 60 },
                                credentials: .clientCredentials(id: "client-3", secret: "wrong-s3cret"))
        }
        guard case .tokenRefused(_, 401, let detail, _) = error else { Issue.record("\(error)"); return }
        #expect(detail == "invalid_client: Client authentication failed")
        #expect(!error.description.contains("wrong-s3cret"))
        let log = try await server.log()
        #expect(log.filter { $0.path == "/oauth2/token" }.count == 1)
        #expect(log.filter { $0.path.hasPrefix("/v2/") }.isEmpty)
    }

    // MARK: secrets

    @Test func secretsNeverAppearInCacheErrorsOrLogs() async throws {
        let (box, hours) = try FetchSandbox.serving(8)
        defer { box.remove() }
        let secret = "zz-client-s3cret-42"
        let p7 = FetchOptions().apiPath(for: hours[7])
        let server = try await FakeMindfulServer(root: box.source, work: box.work,
                                           faults: [FetchOptions().apiPath(for: hours[1]): [["status": 503]],
                                                    p7: [["status": 403, "times": -1]]],
                                           tokens: ["zz-static-t0ken-42"], client: ("client-4", secret))
        defer { server.stop() }
        let capture = LogCapture()
        var texts: [String] = []
        // OAuth run that ends in a 403.
        let oauth = Credentials.clientCredentials(id: "client-4", secret: secret)
        do {
            _ = try await fetch(hours: hours, cache: box.cache, options: box.options(server) { $0.logger = capture.logger; $0.concurrency = 1 },
                                credentials: oauth)
        } catch {
            texts.append(error.description)
            texts.append(String(reflecting: error))
        }
        // Static-token run, successful.
        let bearer = Credentials.bearer("zz-static-t0ken-42")
        let summary = try await fetch(hours: Array(hours[0...6]), cache: box.cache,
                                      options: box.options(server) { $0.logger = capture.logger; $0.refresh = true }, credentials: bearer)
        #expect(summary.fetched.count == 7)
        // A refused token request.
        do {
            _ = try await fetch(hours: [hours[7]], cache: box.cache, options: box.options(server) { $0.logger = capture.logger },
                                credentials: .clientCredentials(id: "client-4", secret: "zz-wrong-s3cret-43"))
        } catch {
            texts.append(error.description)
        }
        for c in [oauth, bearer] {
            texts += ["\(c)", String(reflecting: c), String(describing: Optional(c))]
            var dumped = ""
            dump(c, to: &dumped)
            texts.append(dumped)
        }
        texts.append(capture.text)
        for f in try box.cacheFiles() {
            texts.append(String(decoding: try Data(contentsOf: box.cacheRoot.appendingPathComponent(f)), as: UTF8.self))
        }
        let all = texts.joined(separator: "\n")
        #expect(!capture.text.isEmpty)
        #expect(all.contains("403"))
        for needle in [secret, "zz-static-t0ken-42", "zz-wrong-s3cret-43", "tok-", "Bearer ", "Basic "] {
            #expect(!all.contains(needle), "\(needle) leaked")
        }
    }

    // MARK: settle and refresh

    @Test func settledHoursAreNotRefetchedUnsettledAndBrokenOnesAre() async throws {
        let (box, hours) = try FetchSandbox.serving(4)
        defer { box.remove() }
        let (settled, unsettled, broken, absent) = (hours[0], hours[1], hours[2], hours[3])
        try box.cache.write(FetchSandbox.body(for: settled), for: settled, fetchedAt: settled.end.addingTimeInterval(3 * 3600))
        try box.cache.write(Array("{\"data\": []}".utf8), for: unsettled, fetchedAt: unsettled.end.addingTimeInterval(600))
        try box.cache.write(Array("{\"data\": [".utf8), for: broken, fetchedAt: broken.end.addingTimeInterval(3 * 3600))
        let server = try await FakeMindfulServer(root: box.source, work: box.work, tokens: ["tok-settle"])
        defer { server.stop() }

        let first = try await fetch(hours: hours, cache: box.cache, options: box.options(server), credentials: .bearer("tok-settle"))
        #expect(first.fromCache == [settled])
        #expect(first.fetched == [unsettled, broken, absent])
        #expect(first.quarantined.map(\.hour) == [broken])
        if let q = first.quarantined.first {
            #expect(try FileBytes.read(q.movedTo) == Array("{\"data\": [".utf8))
            #expect(q.movedTo.contains(".json.bad-"))
        }
        #expect(Set(try await server.dataRequests().map(\.path)) == Set([unsettled, broken, absent].map { FetchOptions().apiPath(for: $0) }))
        for hour in hours { #expect(try box.cache.read(hour) == FetchSandbox.body(for: hour)) }

        // Everything is settled now (fetched long after 2023): no request, no credentials needed.
        let second = try await fetch(hours: hours, cache: box.cache, options: box.options(server), credentials: nil)
        #expect(second.fromCache == hours)
        #expect(second.requests == 0)
        #expect(try await server.dataRequests().count == 3)

        // --refresh fetches them all again.
        let third = try await fetch(hours: hours, cache: box.cache, options: box.options(server) { $0.refresh = true },
                                    credentials: .bearer("tok-settle"))
        #expect(third.fetched == hours)
        #expect(try await server.dataRequests().count == 7)
    }

    @Test func noCredentialsIsAnErrorOnlyWhenTheNetworkIsNeeded() async throws {
        let box = try FetchSandbox()
        defer { box.remove() }
        let hours = box.hours(3)
        let options = FetchOptions(baseURL: URL(string: "http://127.0.0.1:9")!)
        let error = try await #require(throws: FetchError.self) {
            _ = try await fetch(hours: hours, cache: box.cache, options: options, credentials: nil)
        }
        #expect(error == .noCredentials(hoursNeeded: 3, variables: .standard))
        #expect(error.description.contains("MINDFUL_API_TOKEN"))
        #expect(error.description.contains("MINDFUL_CLIENT_ID"))
        #expect(error.description.contains("MINDFUL_CLIENT_SECRET"))
        // Offline: no network, uncached hours are missing.
        try box.cache.write(FetchSandbox.body(for: hours[0]), for: hours[0], fetchedAt: Date())
        try box.cache.write(Array("nope".utf8), for: hours[1], fetchedAt: Date())
        var offline = options
        offline.offline = true
        let summary = try await fetch(hours: hours, cache: box.cache, options: offline, credentials: nil)
        #expect(summary.fromCache == [hours[0]])
        #expect(summary.missing.map(\.hour) == [hours[1], hours[2]])
        #expect(summary.missing.last?.reason == .notCached)
        #expect(summary.requests == 0)
    }

    @Test func aFailedRefetchKeepsTheReadableCachedFile() async throws {
        let box = try FetchSandbox()
        defer { box.remove() }
        let hour = box.hours(1)[0]
        try box.serve([hour])
        let old = Array("{\"data\": []}".utf8)
        try box.cache.write(old, for: hour, fetchedAt: hour.end.addingTimeInterval(60))
        let server = try await FakeMindfulServer(root: box.source, work: box.work,
                                           faults: [FetchOptions().apiPath(for: hour): [["status": 503, "times": -1]]], tokens: ["tok-stale"])
        defer { server.stop() }
        let summary = try await fetch(hours: [hour], cache: box.cache, options: box.options(server) { $0.tries = 2 },
                                      credentials: .bearer("tok-stale"))
        #expect(summary.missing.isEmpty)
        #expect(summary.stale.map(\.hour) == [hour])
        #expect(try box.cache.read(hour) == old)
    }

    @Test func progressReportsEveryHour() async throws {
        let (box, hours) = try FetchSandbox.serving(10)
        defer { box.remove() }
        try box.cache.write(FetchSandbox.body(for: hours[0]), for: hours[0], fetchedAt: Date())
        let server = try await FakeMindfulServer(root: box.source, work: box.work, tokens: ["tok-progress"])
        defer { server.stop() }
        let seen = LockedBox<[FetchProgress]>([])
        _ = try await fetch(hours: hours, cache: box.cache, options: box.options(server), credentials: .bearer("tok-progress")) { p in
            seen.mutate { $0.append(p) }
        }
        let last = try #require(seen.value.last)
        #expect(last.done == 10 && last.total == 10 && last.fromCache == 1 && last.fetched == 9 && last.failed == 0)
        #expect(last.rate > 0)
        #expect(last.eta == 0)
        #expect(seen.value.map(\.done) == seen.value.map(\.done).sorted())
    }

    // MARK: pieces

    @Test func credentialsResolve() throws {
        #expect(try Credentials.resolve(environment: [:], tokenFile: nil) == nil)
        #expect(try Credentials.resolve(environment: ["MINDFUL_API_TOKEN": " abc \n"], tokenFile: nil) == .bearer("abc"))
        #expect(try Credentials.resolve(environment: ["MINDFUL_CLIENT_ID": "i", "MINDFUL_CLIENT_SECRET": "s"], tokenFile: nil)
                == .clientCredentials(id: "i", secret: "s"))
        #expect(try Credentials.resolve(environment: ["MINDFUL_API_TOKEN": "t", "MINDFUL_CLIENT_ID": "i", "MINDFUL_CLIENT_SECRET": "s"],
                                        tokenFile: nil) == .bearer("t"))
        #expect(throws: FetchError.invalidCredentials("MINDFUL_CLIENT_ID is set but MINDFUL_CLIENT_SECRET is not")) {
            try Credentials.resolve(environment: ["MINDFUL_CLIENT_ID": "i"], tokenFile: nil)
        }
        let box = try FetchSandbox()
        defer { box.remove() }
        let file = box.work.appendingPathComponent("token")
        try Data("  file-t0ken\n\n".utf8).write(to: file)
        #expect(try Credentials.resolve(environment: ["MINDFUL_API_TOKEN": "env"], tokenFile: file.path) == .bearer("file-t0ken"))
        try Data(" \n".utf8).write(to: file)
        #expect(throws: FetchError.self) { try Credentials.resolve(environment: [:], tokenFile: file.path) }
        #expect(throws: FetchError.self) { try Credentials.resolve(environment: [:], tokenFile: box.work.appendingPathComponent("none").path) }
        #expect(throws: FetchError.self) { try Credentials.resolve(environment: ["MINDFUL_API_TOKEN": "a b"], tokenFile: nil) }
    }

    @Test func retryAfterAndBackoff() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryAfter.seconds("7", now: now) == 7)
        #expect(RetryAfter.seconds(nil, now: now) == nil)
        #expect(RetryAfter.seconds("soon", now: now) == nil)
        #expect(RetryAfter.seconds("Tue, 14 Nov 2023 22:13:30 GMT", now: now) == 10)
        #expect(RetryAfter.seconds("Tuesday, 14-Nov-23 22:13:30 GMT", now: now) == 10)
        #expect(RetryAfter.seconds("Tue Nov 14 22:13:30 2023", now: now) == 10)
        #expect(RetryAfter.seconds("Tue, 14 Nov 2023 22:00:00 GMT", now: now) == 0)
        let b = Backoff(base: 0.25, cap: 10)
        for n in 1...12 {
            let d = b.delay(afterFailures: n)
            #expect(d >= 0 && d <= min(10, 0.25 * pow(2, Double(n - 1))))
        }
    }

    @Test func hourURLs() {
        let o = FetchOptions(baseURL: URL(string: "https://example.test/")!)
        let hour = UTCHour(index: 1_686_193_200 / 3600)  // 2023-06-08T03:00Z
        #expect(o.url(for: hour).absoluteString == "https://example.test/v2/data/historical/20230608/04")
        #expect(FetchOptions(labels: .start).apiPath(for: hour) == "/v2/data/historical/20230608/03")
    }
}

/// A value shared between tasks in tests.
final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T { lock.lock(); defer { lock.unlock() }; return stored }
    func mutate(_ f: (inout T) -> Void) { lock.lock(); f(&stored); lock.unlock() }
}
