import Foundation
import Testing
@testable import MindfulReport

/// The production edges as a cron operator meets them: each ends in seconds with the documented
/// exit status, one line that says what to fix, and nothing written when nothing could be.
@Suite(.tags(.network, .cli)) struct ProductionEdgesCLITests {
    static let day = ["--date", "2023-06-08", "--timezone", "UTC"]
    static var data: URL { get async throws { try await ReportMatrixTests.data } }

    /// Nothing in the output folder and no hour file in the cache.
    func expectNothingWritten(_ box: EndToEndSandbox, out: URL? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if let out { #expect(!FileManager.default.fileExists(atPath: out.path), "\(out.path) written", sourceLocation: sourceLocation) }
        #expect(try EndToEndSandbox.hourFiles(box.cache).isEmpty, "hours cached", sourceLocation: sourceLocation)
    }

    func errorLines(_ run: CLIResult) -> [String] { run.stderrLines.filter { $0.hasPrefix("mindful-report: error:") } }

    @Test func aRefusedClientSecretStopsWithTheOAuthErrorAndWritesNothing() async throws {
        let box = try EndToEndSandbox()
        let server = try await FakeMindfulServer(root: Self.data, work: box.work, client: ("acme", "right-secret"))
        defer { server.stop() }
        let out = box.out("report")
        let run = try await runCLI(["report"] + Self.day + box.fetchArguments(server) + ["--out", out.path],
                                   environment: ["MINDFUL_CLIENT_ID": "acme", "MINDFUL_CLIENT_SECRET": "wrong-S3CRET"], work: box.work)
        #expect(run.status == 1, "\(run.summary)")
        let errors = errorLines(run)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("invalid_client: Client authentication failed") == true, "\(run.summary)")
        #expect(errors.first?.contains("MINDFUL_CLIENT_SECRET") == true)
        #expect(!run.stderr.contains("wrong-S3CRET") && !run.stdout.contains("wrong-S3CRET"))
        #expect(try await server.log().map(\.path) == ["/oauth2/token"])
        try expectNothingWritten(box, out: out)
    }

    /// A token endpoint that echoes what the client sent: the secret appears in no output, no
    /// cache file and no file the run leaves anywhere in its folders.
    @Test func aTokenErrorThatEchoesTheSecretLeaksItNowhere() async throws {
        let box = try EndToEndSandbox()
        let secret = "E2E-echo-S3CRET-value"
        let server = try await FakeMindfulServer(root: Self.data, work: box.work, client: ("acme", "right"),
                                           extra: ["--token-error-description", "client {client_id} sent secret {secret}"])
        defer { server.stop() }
        let run = try await runCLI(["report"] + Self.day + box.fetchArguments(server) + ["--out", box.out("report").path],
                                   environment: ["MINDFUL_CLIENT_ID": "acme", "MINDFUL_CLIENT_SECRET": secret], work: box.work)
        #expect(run.status == 1)
        #expect(errorLines(run).first?.contains("client acme sent secret <redacted>") == true, "\(run.summary)")
        #expect(!run.stdout.contains(secret) && !run.stderr.contains(secret))
        for (path, bytes) in try EndToEndSandbox.files(box.dir) where !path.hasPrefix("work/server-log") {
            #expect(!String(decoding: bytes, as: UTF8.self).contains(secret), "\(path)")
        }
    }

    @Test func anUntrustedServerStopsWithExit1AndTheCompanyCAMakesTheSameReport() async throws {
        let ca = try await TestPKI.ca.path
        let box = try EndToEndSandbox()
        let server = try await FakeMindfulServer(root: Self.data, work: box.work, tokens: ["tls-token"], tls: TestPKI.pair("server"))
        defer { server.stop() }
        let out = box.out("report")
        let refused = try await runCLI(["report"] + Self.day + box.fetchArguments(server) + ["--out", out.path],
                                       environment: EndToEndSandbox.token("tls-token"), work: box.work)
        #expect(refused.status == 1, "\(refused.summary)")
        #expect(errorLines(refused).first?.contains("certificate") == true, "\(refused.summary)")
        #expect(errorLines(refused).first?.contains("127.0.0.1") == true)
        try expectNothingWritten(box, out: out)

        let trusted = try await runCLI(["report"] + Self.day + box.fetchArguments(server) + ["--out", out.path, "--ca-file", ca],
                                       environment: EndToEndSandbox.token("tls-token"), work: box.work)
        #expect(trusted.status == 0, "\(trusted.summary)")
        let offline = box.out("offline")
        let run = try await runCLI(["report", "--offline", "--cache", Self.data.path, "--out", offline.path] + Self.day, work: box.work)
        try #require(run.status == 0)
        try expectSameCSVs(out, offline)
    }

    @Test func theProxyInHTTPSProxySeesTheRequests() async throws {
        let ca = try await TestPKI.ca.path
        let box = try EndToEndSandbox()
        let server = try await FakeMindfulServer(root: Self.data, work: box.work, tokens: ["proxy-token"], tls: TestPKI.pair("server"))
        defer { server.stop() }
        let proxy = try await ForwardProxy(work: box.work, user: "ops", password: "pr0xy-pass")
        defer { proxy.stop() }
        let run = try await runCLI(["report"] + Self.day + box.fetchArguments(server) + ["--out", box.out("report").path, "--ca-file", ca],
                                   environment: ["MINDFUL_API_TOKEN": "proxy-token", "HTTPS_PROXY": "http://ops:pr0xy-pass@127.0.0.1:\(proxy.port)"],
                                   work: box.work)
        #expect(run.status == 0, "\(run.summary)")
        #expect(proxy.log().contains { $0.method == "CONNECT" && $0.target == "127.0.0.1:\(server.port)" && $0.status == 200 })
        #expect(try await server.dataRequests().count == 24)
        #expect(!run.stderr.contains("pr0xy-pass"))
    }

    /// Settings that cannot work are refused before any request reaches the API and before
    /// anything is written, with one line naming the option.
    @Test(arguments: [
        (["--sendmail"], "--mail-from"),
        (["--sendmail", "--mail-from", "reports@example.com", "--mail-to", "ops@example.com", "--sendmail-path", "/nonexistent/sendmail"], "--sendmail-path"),
        (["--email", "x.eml", "--mail-from", "not an address", "--mail-to", "ops@example.com"], "--mail-from"),
        (["--ca-file", "/nonexistent/ca.pem"], "--ca-file"),
        (["--proxy", "https://proxy.example:3128"], "--proxy"),
        (["--templates", "/nonexistent/templates"], "--templates"),
    ])
    func aMisconfigurationIsRefusedBeforeAnyWork(extra: [String], names: String) async throws {
        let box = try EndToEndSandbox()
        let server = try await FakeMindfulServer(root: Self.data, work: box.work, client: ("acme", "secret"))
        defer { server.stop() }
        let out = box.out("report")
        let run = try await runCLI(["report"] + Self.day + box.fetchArguments(server) + ["--out", out.path] + extra,
                                   environment: ["MINDFUL_CLIENT_ID": "acme", "MINDFUL_CLIENT_SECRET": "secret"], work: box.work)
        #expect(run.status == 1, "\(run.summary)")
        #expect(errorLines(run).count == 1)
        #expect(errorLines(run).first?.contains(names) == true, "\(run.summary)")
        #expect(try await server.log().isEmpty, "no request, not even for a token")
        try expectNothingWritten(box, out: out)
        #expect(!FileManager.default.fileExists(atPath: box.work.appendingPathComponent("x.eml").path))
    }

    @Test func aForeignSiteFolderOrAMissingOfflineCacheIsRefusedUpFront() async throws {
        let box = try EndToEndSandbox()
        let site = box.out("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: site.appendingPathComponent("notes.txt"))
        let foreign = try await runCLI(["report", "--offline", "--cache", Self.data.path, "--site", site.path] + Self.day, work: box.work)
        #expect(foreign.status == 1 && errorLines(foreign).first?.contains("--site") == true, "\(foreign.summary)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path) == ["notes.txt"])

        let typo = box.out("no-such-cache")
        let missing = try await runCLI(["report", "--offline", "--cache", typo.path, "--out", box.out("r").path] + Self.day, work: box.work)
        #expect(missing.status == 1 && errorLines(missing).first?.contains("--cache") == true, "\(missing.summary)")
        #expect(!FileManager.default.fileExists(atPath: box.out("r").path))
        #expect(!FileManager.default.fileExists(atPath: typo.path))
    }

    @Test func aRunThatReadsNotOneHourPublishesNothing() async throws {
        let box = try EndToEndSandbox()
        let server = try await FakeMindfulServer(root: box.source, work: box.work, tokens: ["t"])  // serves nothing: 404s
        defer { server.stop() }
        let out = box.out("report")
        let eml = box.out("r.eml")
        let run = try await runCLI(["report"] + Self.day + box.fetchArguments(server)
                                   + ["--out", out.path, "--email", eml.path, "--mail-from", "a@example.com", "--mail-to", "b@example.com"],
                                   environment: EndToEndSandbox.token("t"), work: box.work)
        #expect(run.status == 1, "\(run.summary)")
        #expect(errorLines(run).first?.contains("24 hours missing: 404 not found ×24") == true, "\(run.summary)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(!FileManager.default.fileExists(atPath: eml.path))
    }

    @Test func aSendmailThatRefusesAtSendTimeGivesExit5WithTheReportPublished() async throws {
        let box = try EndToEndSandbox()
        let sendmail = box.work.appendingPathComponent("sendmail")
        try Data("#!/bin/sh\ncat >/dev/null\necho 'relay refused' >&2\nexit 75\n".utf8).write(to: sendmail)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sendmail.path)
        let out = box.out("report")
        let run = try await runCLI(["report", "--offline", "--cache", Self.data.path, "--out", out.path, "--sendmail", "--sendmail-path", sendmail.path,
                                    "--mail-from", "reports@example.com", "--mail-to", "ops@example.com"] + Self.day, work: box.work)
        #expect(run.status == 5, "\(run.summary)")
        #expect(run.stderr.contains("relay refused"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("index.html").path))
    }

    @Test func anUnreachableAPIStopsTheRunAndWritesNothing() async throws {
        let box = try EndToEndSandbox()
        let out = box.out("report")
        let refusing = RefusingPort()
        defer { withExtendedLifetime(refusing) {} }  // held until the test ends
        let port = refusing.port
        let run = try await runCLI(["report"] + Self.day + ["--base-url", "http://127.0.0.1:\(port)", "--unreachable-wait", "2",
                                                            "--cache", box.cache.path, "--out", out.path],
                                   environment: EndToEndSandbox.token("t"), work: box.work, timeout: 90)
        #expect(run.status == 1, "\(run.summary)")
        #expect(errorLines(run).first?.contains("cannot reach 127.0.0.1") == true, "\(run.summary)")
        try expectNothingWritten(box, out: out)
    }

    @Test func checkPassesWithGoodSettingsAndWritesNothing() async throws {
        let ca = try await TestPKI.ca.path
        let box = try EndToEndSandbox()
        let server = try await FakeMindfulServer(root: Self.data, work: box.work, client: ("acme", "secret"), tls: TestPKI.pair("server"))
        defer { server.stop() }
        let run = try await runCLI(["check", "--ca-file", ca, "--out", box.out("report").path] + box.fetchArguments(server),
                                   environment: ["MINDFUL_CLIENT_ID": "acme", "MINDFUL_CLIENT_SECRET": "secret"], work: box.work)
        #expect(run.status == 0, "\(run.summary)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.hasPrefix("ok") }, "\(run.summary)")
        #expect(lines.contains { $0.contains("access token obtained") })
        #expect(lines.contains { $0.contains("GET /v2/data/historical/") })
        #expect(try await server.log().filter { $0.path.hasPrefix("/v2/") }.count == 1)
        try expectNothingWritten(box, out: box.out("report"))
        let cached = (try? FileManager.default.contentsOfDirectory(atPath: box.cache.path)) ?? []
        #expect(cached.isEmpty)
    }

    @Test func checkFailsWithBadCredentialsNamingThem() async throws {
        let box = try EndToEndSandbox()
        let server = try await FakeMindfulServer(root: Self.data, work: box.work, client: ("acme", "secret"))
        defer { server.stop() }
        let run = try await runCLI(["check"] + box.fetchArguments(server),
                                   environment: ["MINDFUL_CLIENT_ID": "acme", "MINDFUL_CLIENT_SECRET": "not-the-secret"], work: box.work)
        #expect(run.status == 1, "\(run.summary)")
        let failed = run.stdout.split(separator: "\n").filter { $0.hasPrefix("FAIL") }
        #expect(failed.count == 1 && failed[0].contains("invalid_client"), "\(run.summary)")
        #expect(!run.stdout.contains("not-the-secret"))
    }
}
