import Foundation
import Testing
@testable import MindfulReport

/// The edges a real deployment meets first, against servers that answer as the RFCs say:
/// OAuth errors (RFC 6749 §5.2), bearer errors (RFC 6750 §3), TLS trust, proxies (RFC 9110
/// §9.3.6), unreachable hosts, compressed answers.
@Suite(.tags(.network)) struct ProductionEdgesTests {
    static let client = (id: "acme-reports", secret: "s3cr3t+/=:%value")

    // MARK: OAuth token endpoint (RFC 6749)

    @Test func aRefusedClientSecretStopsAtOnceQuotingTheOAuthError() async throws {
        let (box, _) = try FetchSandbox.serving(3)
        defer { box.remove() }
        let server = try await FakeMindfulServer(root: box.source, work: box.work, client: (Self.client.id, "the-right-secret"))
        defer { server.stop() }
        let error = try await #require(throws: FetchError.self) {
            _ = try await fetch(hours: box.hours(3), cache: box.cache, options: box.options(server),
                                credentials: .clientCredentials(id: Self.client.id, secret: Self.client.secret))
        }
        guard case .tokenRefused(_, 401, let said, _) = error else { Issue.record("\(error)"); return }
        #expect(said == "invalid_client: Client authentication failed")
        #expect(error.description.contains("MINDFUL_CLIENT_ID") && error.description.contains("MINDFUL_CLIENT_SECRET"))
        #expect(!error.description.contains(Self.client.secret))
        let log = try await server.log()
        #expect(log.filter { $0.path == "/oauth2/token" }.count == 1, "never retried")
        #expect(log.filter { $0.path.hasPrefix("/v2/") }.isEmpty)
        #expect(try box.cacheFiles().isEmpty)
    }

    /// The client authenticates as RFC 6749 §2.3.1 says (form-encoding before HTTP Basic), so a
    /// secret with `+`, `/`, `=`, `:` and `%` is accepted by a server that decodes it that way.
    @Test func aSecretWithReservedCharactersIsAcceptedByAnRFCServer() async throws {
        let (box, _) = try FetchSandbox.serving(2)
        defer { box.remove() }
        let server = try await FakeMindfulServer(root: box.source, work: box.work, client: Self.client)
        defer { server.stop() }
        let summary = try await fetch(hours: box.hours(2), cache: box.cache, options: box.options(server),
                                      credentials: .clientCredentials(id: Self.client.id, secret: Self.client.secret))
        #expect(summary.fetched.count == 2)
        #expect(summary.tokenRequests == 1)
    }

    /// A careless server echoes what the client sent; the secret never reaches the message,
    /// control characters are removed and the text is cut to 200 characters.
    @Test func aTokenErrorThatEchoesTheSecretNeverShowsIt() async throws {
        let box = try FetchSandbox()
        defer { box.remove() }
        let description = "client {client_id} with secret {secret} is unknown\u{1B}[31m\n" + String(repeating: "x", count: 300)
        let server = try await FakeMindfulServer(root: box.source, work: box.work, client: (Self.client.id, "other"),
                                           extra: ["--token-error-description", description])
        defer { server.stop() }
        let error = try await #require(throws: FetchError.self) {
            _ = try await fetch(hours: box.hours(1), cache: box.cache, options: box.options(server),
                                credentials: .clientCredentials(id: Self.client.id, secret: Self.client.secret))
        }
        let text = error.description
        #expect(text.contains("client acme-reports with secret <redacted> is unknown"))
        #expect(!text.contains(Self.client.secret))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 })
        guard case .tokenRefused(_, _, let said, _) = error else { Issue.record("\(error)"); return }
        #expect(said.count <= 201)
    }

    @Test(arguments: [400, 401, 403])
    func anyClientErrorOfTheTokenEndpointIsFinal(status: Int) async throws {
        let box = try FetchSandbox()
        defer { box.remove() }
        let server = try await FakeMindfulServer(root: box.source, work: box.work, faults: ["/oauth2/token": [["status": status, "times": -1]]],
                                           client: Self.client)
        defer { server.stop() }
        await #expect(throws: FetchError.self) {
            _ = try await fetch(hours: box.hours(1), cache: box.cache, options: box.options(server),
                                credentials: .clientCredentials(id: Self.client.id, secret: Self.client.secret))
        }
        #expect(try await server.log().filter { $0.path == "/oauth2/token" }.count == 1)
    }

    @Test func aTokenEndpointThatIsBusyIsRetried() async throws {
        let (box, _) = try FetchSandbox.serving(1)
        defer { box.remove() }
        let server = try await FakeMindfulServer(root: box.source, work: box.work,
                                           faults: ["/oauth2/token": [["status": 503], ["status": 429, "retry_after": "0"]]],
                                           client: Self.client)
        defer { server.stop() }
        let summary = try await fetch(hours: box.hours(1), cache: box.cache, options: box.options(server),
                                      credentials: .clientCredentials(id: Self.client.id, secret: Self.client.secret))
        #expect(summary.fetched.count == 1)
        #expect(try await server.log().filter { $0.path == "/oauth2/token" }.map(\.status) == [503, 429, 200])
    }

    // MARK: Resource server (RFC 6750)

    /// A static token the server does not know: the run stops at its first answer, quoting the
    /// bearer error, and never shows the token.
    @Test func aRejectedStaticTokenStopsTheRunQuotingTheBearerError() async throws {
        let (box, hours) = try FetchSandbox.serving(4)
        defer { box.remove() }
        let server = try await FakeMindfulServer(root: box.source, work: box.work, tokens: ["good"])
        defer { server.stop() }
        let error = try await #require(throws: FetchError.self) {
            _ = try await fetch(hours: hours, cache: box.cache, options: box.options(server) { $0.concurrency = 1 }, credentials: .bearer("stale-token"))
        }
        guard case .unauthorized(_, _, false, let said) = error else { Issue.record("\(error)"); return }
        #expect(said == "invalid_token")
        #expect(error.description.contains("error=\"invalid_token\""))
        #expect(!error.description.contains("stale-token"))
        #expect(try await server.dataRequests().count == 1)
        #expect(try box.cacheFiles().isEmpty)
    }

    @Test func insufficientScopeIsForbiddenAndQuoted() async throws {
        let (box, _) = try FetchSandbox.serving(2)
        defer { box.remove() }
        let server = try await FakeMindfulServer(root: box.source, work: box.work, tokens: ["good"], extra: ["--insufficient-scope"])
        defer { server.stop() }
        let error = try await #require(throws: FetchError.self) {
            _ = try await fetch(hours: box.hours(2), cache: box.cache, options: box.options(server), credentials: .bearer("good"))
        }
        guard case .forbidden(_, _, let said) = error else { Issue.record("\(error)"); return }
        #expect(said == "insufficient_scope")
    }

    @Test func challengeAttributesAreReadQuotedOrNot() {
        let header = #"Bearer realm="mindful", error="invalid_token", error_description="The \"token\" expired""#
        #expect(BearerChallenge.attribute("error", in: header) == "invalid_token")
        #expect(BearerChallenge.attribute("error_description", in: header) == #"The "token" expired"#)
        #expect(BearerChallenge.attribute("error", in: "Bearer error=insufficient_scope, scope=read") == "insufficient_scope")
        #expect(BearerChallenge.attribute("error", in: #"Bearer realm="x""#) == nil)
    }

    // MARK: TLS

    @Test func anUntrustedCertificateStopsTheRunWithoutRetries() async throws {
        let (box, _) = try FetchSandbox.serving(6)
        defer { box.remove() }
        let server = try await Self.tlsServer(box)
        defer { server.stop() }
        let error = try await #require(throws: FetchError.self) {
            _ = try await fetch(hours: box.hours(6), cache: box.cache, options: box.options(server), credentials: .bearer("good"))
        }
        guard case .untrusted(let host, let reason) = error else { Issue.record("\(error)"); return }
        #expect(host == "127.0.0.1")
        #expect(reason == "the certificate is not signed by a trusted CA (a company CA can be given as a CA file)")
        #expect(try await server.log().isEmpty, "no request got through")
        #expect(try box.cacheFiles().isEmpty)
    }

    /// Where the company CA is given: as a CA file beside the system bundle, or as the bundle
    /// itself in `SSL_CERT_FILE` (which replaces the system one).
    enum CASource: String, CaseIterable, Sendable { case caFile, sslCertFile }

    @Test(arguments: CASource.allCases)
    func theCompanyCAMakesTheServerTrusted(given source: CASource) async throws {
        let ca = try await TestPKI.ca.path
        let (box, hours) = try FetchSandbox.serving(5)
        defer { box.remove() }
        let server = try await Self.tlsServer(box)
        defer { server.stop() }
        let trust = source == .caFile ? TrustSettings(extraCAFile: ca) : TrustSettings.resolve(extraCAFile: nil, environment: ["SSL_CERT_FILE": ca])
        if source == .sslCertFile { #expect(trust.systemBundle == ca) }
        let summary = try await fetch(hours: hours, cache: box.cache, options: box.options(server) { $0.network.trust = trust }, credentials: .bearer("good"))
        #expect(summary.fetched == hours)
        for hour in hours { #expect(try box.cache.read(hour) == FetchSandbox.body(for: hour)) }
    }

    @Test(arguments: [("wrong-host", "the certificate is not for this host name"), ("expired", "the certificate expired on ")])
    func aCertificateForAnotherHostOrExpiredIsRefused(pair: String, words: String) async throws {
        let ca = try await TestPKI.ca.path
        let (box, _) = try FetchSandbox.serving(2)
        defer { box.remove() }
        let server = try await FakeMindfulServer(root: box.source, work: box.work, tokens: ["good"], tls: TestPKI.pair(pair))
        defer { server.stop() }
        let options = box.options(server) { $0.network.trust = TrustSettings(extraCAFile: ca) }
        let error = try await #require(throws: FetchError.self) {
            _ = try await fetch(hours: box.hours(2), cache: box.cache, options: options, credentials: .bearer("good"))
        }
        guard case .untrusted(_, let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.hasPrefix(words), "\(reason)")
    }

    @Test func aCAFileThatIsNotPEMIsRefused() async throws {
        let ca = try await TestPKI.ca.path
        let box = try FetchSandbox()
        defer { box.remove() }
        let notPEM = box.work.appendingPathComponent("ca.pem")
        try Data("not a certificate\n".utf8).write(to: notPEM)
        #expect(!Preflight.caFile(notPEM.path).passed)
        #expect(!Preflight.caFile(box.work.appendingPathComponent("missing.pem").path).passed)
        #expect(Preflight.caFile(ca).passed)
    }

    /// An HTTPS server with the shared CA's `server` pair, accepting the token `good`.
    static func tlsServer(_ box: FetchSandbox) async throws -> FakeMindfulServer {
        try await FakeMindfulServer(root: box.source, work: box.work, tokens: ["good"], tls: TestPKI.pair("server"))
    }

    // MARK: Proxies

    /// An HTTPS server (the shared CA's `server` pair, token `good`), a proxy that asks for
    /// `user` and `password`, and the options that trust the CA and go through the proxy as
    /// `proxies` (given the proxy's port) says.
    static func serverBehindProxy(_ box: FetchSandbox, user: String, password: String,
                                  proxies: (Int) throws -> ProxySettings) async throws -> (FakeMindfulServer, ForwardProxy, FetchOptions) {
        let ca = try await TestPKI.ca.path
        let server = try await tlsServer(box)
        let proxy = try await ForwardProxy(work: box.work, user: user, password: password)
        let settings = try proxies(proxy.port)
        return (server, proxy, box.options(server) { $0.network = NetworkSettings(trust: TrustSettings(extraCAFile: ca), proxies: settings) })
    }

    @Test func requestsGoThroughTheProxyAsATunnel() async throws {
        let (box, hours) = try FetchSandbox.serving(3)
        defer { box.remove() }
        let (server, proxy, options) = try await Self.serverBehindProxy(box, user: "alice", password: "pa:ss word") {
            try ProxySettings.resolve(explicit: nil, environment: ["HTTPS_PROXY": "http://alice:pa%3Ass%20word@127.0.0.1:\($0)"])
        }
        defer { server.stop(); proxy.stop() }
        let summary = try await fetch(hours: hours, cache: box.cache, options: options, credentials: .bearer("good"))
        #expect(summary.fetched == hours)
        let tunnels = proxy.log().filter { $0.method == "CONNECT" }
        #expect(!tunnels.isEmpty && tunnels.allSatisfy { $0.target == "127.0.0.1:\(server.port)" && $0.status == 200 })
    }

    @Test func aProxyThatAsksForCredentialsStopsTheRun() async throws {
        let (box, _) = try FetchSandbox.serving(3)
        defer { box.remove() }
        let (server, proxy, options) = try await Self.serverBehindProxy(box, user: "alice", password: "right") {
            try ProxySettings.resolve(explicit: "http://alice:wrong-password@127.0.0.1:\($0)", environment: [:])
        }
        defer { server.stop(); proxy.stop() }
        let error = try await #require(throws: FetchError.self) {
            _ = try await fetch(hours: box.hours(3), cache: box.cache, options: options, credentials: .bearer("good"))
        }
        guard case .proxyFailed(let shown, let reason) = error else { Issue.record("\(error)"); return }
        #expect(shown == "http://127.0.0.1:\(proxy.port)")
        #expect(reason.contains("407"))
        #expect(!error.description.contains("wrong-password") && !error.description.contains("alice"))
        #expect(try await server.log().isEmpty)
    }

    @Test func aProxyThatRefusesConnectionsStopsTheRun() async throws {
        let (box, _) = try FetchSandbox.serving(2)
        defer { box.remove() }
        let server = try await FakeMindfulServer(root: box.source, work: box.work, tokens: ["good"])
        defer { server.stop() }
        let refusing = RefusingPort()
        defer { withExtendedLifetime(refusing) {} }  // held until the test ends
        let proxies = try ProxySettings.resolve(explicit: "127.0.0.1:\(refusing.port)", environment: [:])
        let error = try await #require(throws: FetchError.self) {
            _ = try await fetch(hours: box.hours(2), cache: box.cache, options: box.options(server) { $0.network.proxies = proxies },
                                credentials: .bearer("good"))
        }
        guard case .proxyFailed(_, let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("cannot be reached"))
        #expect(try box.cacheFiles().isEmpty)
    }

    @Test func proxyVariablesAreReadAsCurlReadsThem() throws {
        let env = ["https_proxy": "http://lower:3128", "HTTPS_PROXY": "http://upper:3128", "HTTP_PROXY": "upper-http:8080",
                   "NO_PROXY": "internal.example, .corp.example,10.0.0.0/8,[::1]"]
        let settings = try ProxySettings.resolve(explicit: nil, environment: env)
        #expect(settings.https?.host == "lower")
        #expect(settings.http?.description == "http://upper-http:8080")
        #expect(settings.proxy(for: URL(string: "https://api.getmindful.com/v2")!)?.host == "lower")
        #expect(settings.proxy(for: URL(string: "https://internal.example/x")!) == nil)
        #expect(settings.proxy(for: URL(string: "https://a.internal.example/x")!) == nil)
        #expect(settings.proxy(for: URL(string: "https://corp.example/x")!) == nil)
        #expect(settings.proxy(for: URL(string: "https://notinternal.example/x")!) != nil)
        #expect(settings.proxy(for: URL(string: "https://10.1.2.3/x")!) == nil)
        #expect(settings.proxy(for: URL(string: "https://11.1.2.3/x")!) != nil)
        #expect(settings.proxy(for: URL(string: "https://[::1]:8443/x")!) == nil)
        #expect(try ProxySettings.resolve(explicit: nil, environment: ["NO_PROXY": "*", "HTTPS_PROXY": "p:1"]).proxy(for: URL(string: "https://x")!) == nil)
        // An explicit proxy replaces the variables.
        #expect(try ProxySettings.resolve(explicit: "http://explicit:1", environment: env).https?.host == "explicit")
        // A missing port is 1080, as curl has it; a bad URL names its variable, never its password.
        #expect(try ProxyURL.parse("proxy.example").port == 1080)
        #expect(throws: ProxySettingsError.self) { try ProxySettings.resolve(explicit: nil, environment: ["HTTPS_PROXY": "https://u:hunter2@p:1"]) }
        do {
            _ = try ProxySettings.resolve(explicit: nil, environment: ["https_proxy": "ftp://u:hunter2@p:1"])
        } catch {
            #expect(error.description.hasPrefix("https_proxy:"))
            #expect(!error.description.contains("hunter2"))
        }
        #expect(try ProxyURL.parse("http://u:hunter2@p:1").description == "http://p:1")
    }

    // MARK: Unreachable hosts

    @Test func anUnreachableHostIsWaitedForThenStopsTheRun() async throws {
        let box = try FetchSandbox()
        defer { box.remove() }
        let refusing = RefusingPort()
        defer { withExtendedLifetime(refusing) {} }  // held until the test ends
        var options = FetchOptions(baseURL: URL(string: "http://127.0.0.1:\(refusing.port)")!, timeout: 5, backoff: Backoff(base: 0.01, cap: 0.05))
        options.unreachableWindow = 2
        let progress = ProgressLog()
        let error = try await #require(throws: FetchError.self) {
            _ = try await fetch(hours: box.hours(3), cache: box.cache, options: options, credentials: .bearer("good"),
                                progress: { progress.add($0) })
        }
        guard case .unreachable(let host, let cause, let waited) = error else { Issue.record("\(error)"); return }
        #expect(host == "127.0.0.1")
        #expect(cause.contains("refused"))
        #expect(waited == 2)
        // Tried more than the hours' own tries would allow, and no hour was given up as missing.
        #expect(progress.last?.failed == 0)
        #expect(try box.cacheFiles().isEmpty)
    }

    @Test func theWindowStartsAtTheFirstFailureAndEndsWithAnAnswer() {
        let reachability = Reachability(window: 3600)
        #expect(reachability.failed() != nil)
        reachability.reached()
        #expect(Reachability(window: 0).failed() == nil)
    }

    // MARK: Compression and identity

    @Test func aGzipAnswerIsCachedAsThePlainBody() async throws {
        let (box, hours) = try FetchSandbox.serving(4)
        defer { box.remove() }
        let server = try await FakeMindfulServer(root: box.source, work: box.work, tokens: ["good"], extra: ["--gzip"])
        defer { server.stop() }
        _ = try await fetch(hours: hours, cache: box.cache, options: box.options(server), credentials: .bearer("good"))
        for hour in hours { #expect(try box.cache.read(hour) == FetchSandbox.body(for: hour)) }
        let log = try await server.dataRequests()
        #expect(log.allSatisfy { ($0.accept_encoding ?? "").contains("gzip") })
        #expect(log.allSatisfy { $0.user_agent == "mindful-report/\(MindfulReportVersion.string)" })
    }
}

/// Progress reports as they came.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [FetchProgress] = []
    func add(_ p: FetchProgress) { lock.withLock { items.append(p) } }
    var last: FetchProgress? { lock.withLock { items.last } }
}
