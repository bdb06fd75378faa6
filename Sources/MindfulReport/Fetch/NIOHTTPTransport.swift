import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// The HTTP client of a run, on AsyncHTTPClient (SwiftNIO and BoringSSL): HTTP/1.1 or HTTP/2 as
/// the server offers, gzip and deflate answers decompressed, no redirects followed (a redirect
/// would carry the `Authorization` header elsewhere: it comes back as its 3xx answer), no
/// cookies, no cache, and no answer to authentication challenges (a 401 comes back at once,
/// whatever `WWW-Authenticate` asks for).
///
/// Certificates are checked against the system's bundle (or `SSL_CERT_FILE`'s) plus the extra
/// CA file; a certificate that fails comes back as ``TransportFailure/untrusted(host:reason:)``
/// from the first connection, never retried by the client. Each proxy in use gets a client of
/// its own (AsyncHTTPClient sets the proxy per client), made on first use.
final class NIOHTTPTransport: HTTPTransport {
    private let settings: NetworkSettings
    private let tls: TLSConfiguration
    private let maxConnections: Int
    /// Seconds from sending a request to its whole answer.
    let timeout: TimeInterval
    /// Clients by proxy (`nil`: direct), made on first use.
    private let clients = Mutex<[ProxyURL?: HTTPClient]>([:])
    /// The largest body accepted, decompressed (an hour of a very large centre is tens of MB).
    static let maxBodyBytes = 1 << 30

    /// - Throws: ``FetchError/caFileUnusable(path:reason:)`` when a trust file cannot be read
    ///   as PEM certificates.
    init(settings: NetworkSettings, maxConnections: Int, timeout: TimeInterval) throws(FetchError) {
        self.settings = settings
        self.maxConnections = maxConnections
        self.timeout = timeout
        tls = try Self.tlsConfiguration(settings.trust)
    }

    /// The client TLS configuration: the system's trust roots (or `SSL_CERT_FILE`'s) plus the
    /// extra CA file's certificates; full verification, host names included.
    static func tlsConfiguration(_ trust: TrustSettings) throws(FetchError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let bundle = trust.systemBundle {
            _ = try certificates(bundle)
            tls.trustRoots = .file(bundle)
        }
        if let file = trust.extraCAFile {
            tls.additionalTrustRoots = [.certificates(try certificates(file))]
        }
        return tls
    }

    /// The certificates of a PEM file; throws when it cannot be read or holds none.
    static func certificates(_ path: String) throws(FetchError) -> [NIOSSLCertificate] {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .caFileUnusable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file")
        }
        let certificates: [NIOSSLCertificate]
        do { certificates = try NIOSSLCertificate.fromPEMFile(path) } catch {
            throw .caFileUnusable(path: path, reason: "not PEM certificates (\(error))")
        }
        guard !certificates.isEmpty else { throw .caFileUnusable(path: path, reason: "no certificate in it") }
        return certificates
    }

    private func client(for url: URL) -> (HTTPClient, ProxyURL?) {
        let proxy = settings.proxies.proxy(for: url)
        return clients.withLock { clients in
            if let existing = clients[proxy] { return (existing, proxy) }
            var configuration = HTTPClient.Configuration(
                tlsConfiguration: tls,
                redirectConfiguration: .disallow,
                timeout: .init(connect: .milliseconds(Int64(min(timeout, 10) * 1000)), read: .milliseconds(Int64(timeout * 1000))),
                connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnections),
                proxy: proxy.map(Self.clientProxy),
                ignoreUncleanSSLShutdown: false,
                decompression: .enabled(limit: .size(Self.maxBodyBytes))
            )
            // A connection that cannot be made fails its request at once, with the real reason
            // (a refused port, an untrusted certificate): the fetch layer decides on retries.
            configuration.connectionPool.retryConnectionEstablishment = false
            configuration.httpVersion = .automatic
            let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
            clients[proxy] = client
            return (client, proxy)
        }
    }

    private static func clientProxy(_ proxy: ProxyURL) -> HTTPClient.Configuration.Proxy {
        switch proxy.kind {
        case .socks5:
            return .socksServer(host: proxy.host, port: proxy.port)
        case .http:
            let authorization = proxy.user.map { HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "") }
            return .server(host: proxy.host, port: proxy.port, authorization: authorization)
        }
    }

    func send(_ request: HTTPRequest) async throws(TransportFailure) -> HTTPAnswer {
        let (client, proxy) = client(for: request.url)
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        outgoing.headers.add(name: "User-Agent", value: settings.userAgent)
        outgoing.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        for (name, value) in request.headers { outgoing.headers.replaceOrAdd(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(body) }
        let host = request.url.host ?? "the server"
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            let body = try await response.body.collect(upTo: Self.maxBodyBytes)
            return HTTPAnswer(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                              body: Array(body.readableBytesView))
        } catch {
            if Task.isCancelled { throw .cancelled }
            let failure = Self.failure(error, host: host, proxy: proxy)
            // BoringSSL says only "verify failed": look at the certificate for the reason.
            if case .untrusted(_, let reason) = failure, reason.hasPrefix(Self.verifyFailed), proxy == nil,
               let better = await TLSDiagnosis.reason(host: host, port: request.url.port ?? 443) {
                throw .untrusted(host: host, reason: better)
            }
            throw failure
        }
    }

    func shutdown() async {
        let all = clients.withLock { clients in
            let all = Array(clients.values)
            clients.removeAll()
            return all
        }
        for client in all { try? await client.shutdown() }
    }

    /// What an error of SwiftNIO, NIOSSL or AsyncHTTPClient means for the fetch.
    static func failure(_ error: any Error, host: String, proxy: ProxyURL?) -> TransportFailure {
        if let failure = error as? TransportFailure { return failure }
        // Connecting: through a proxy, any connection failure is the proxy's.
        if let connection = error as? NIOConnectionError {
            let cause = connectionCause(connection)
            if let proxy { return .proxy(proxy: proxy.description, reason: "cannot be reached: \(cause)") }
            return .unreachable(host: host, cause: cause)
        }
        if let io = error as? IOError, [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH].contains(io.errnoCode) {
            let cause = String(cString: strerror(io.errnoCode)).lowercased()
            if let proxy { return .proxy(proxy: proxy.description, reason: "cannot be reached: \(cause)") }
            return .unreachable(host: host, cause: cause)
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return .timedOut
            case .proxyAuthenticationRequired:
                return .proxy(proxy: proxy?.description ?? "proxy", reason: "asks for credentials (HTTP 407): give a user and password in the proxy URL")
            case .invalidProxyResponse:
                return .proxy(proxy: proxy?.description ?? "proxy", reason: "refused to open a tunnel to \(host)")
            case .remoteConnectionClosed, .cancelled:
                return .connectionLost("\(client)")
            case .socksHandshakeTimeout:
                return .proxy(proxy: proxy?.description ?? "proxy", reason: "did not answer the SOCKS handshake")
            default:
                return .other("\(client)")
            }
        }
        if let ssl = error as? NIOSSLExtraError, ssl == .failedToValidateHostname {
            return .untrusted(host: host, reason: "the certificate is not for this host name")
        }
        if let ssl = error as? NIOSSLError {
            switch ssl {
            case .handshakeFailed(let boring):
                return .untrusted(host: host, reason: tlsReason(boring))
            case .uncleanShutdown:
                return .connectionLost("TLS connection closed without a close_notify")
            default:
                return .other("TLS: \(ssl)")
            }
        }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout:
                if let proxy { return .proxy(proxy: proxy.description, reason: "cannot be reached: connection timed out") }
                return .timedOut
            case .ioOnClosedChannel, .alreadyClosed, .eof, .outputClosed, .inputClosed:
                return .connectionLost("\(channel)")
            default:
                return .other("\(channel)")
            }
        }
        if let io = error as? IOError, [ECONNRESET, EPIPE].contains(io.errnoCode) {
            return .connectionLost(String(cString: strerror(io.errnoCode)).lowercased())
        }
        if error is NIOTooManyBytesError { return .other("the answer is larger than \(maxBodyBytes >> 20) MB") }
        return .other("\(error)")
    }

    /// `connection refused`, `the name does not resolve`...: the first cause that explains a
    /// failed connection.
    private static func connectionCause(_ error: NIOConnectionError) -> String {
        if let first = error.connectionErrors.first {
            if let io = first.error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
            return "\(first.error)"
        }
        if error.dnsAError != nil || error.dnsAAAAError != nil {
            return "the name \(error.host) does not resolve"
        }
        return "no address to connect to"
    }

    static let verifyFailed = "certificate verification failed"

    /// The verification failure in words, from BoringSSL's error queue.
    private static func tlsReason(_ error: BoringSSLError) -> String {
        let text = "\(error)".lowercased()
        if text.contains("expired") { return "the certificate has expired" }
        if text.contains("not yet valid") { return "the certificate is not yet valid" }
        if text.contains("certificate_verify_failed") || text.contains("certificate verify failed") {
            return verifyFailed + ": not signed by a trusted CA, expired, or not for this host name "
                + "(a company CA can be given as a CA file)"
        }
        return "TLS handshake failed (\(error))"
    }
}
