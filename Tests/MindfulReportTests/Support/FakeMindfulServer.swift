import Foundation
@testable import MindfulReport

/// Runs `Fixtures/fake_mindful_server.py` on 127.0.0.1 (a free port) for one test or suite.
///
/// The server exits when ``stop()`` closes its stdin (and is terminated), or by itself after
/// `lifetime` seconds, so it never outlives the test process.
final class FakeMindfulServer: @unchecked Sendable {
    let logURL: URL
    private let server: PythonServer
    var port: Int { server.port }

    /// - Parameters:
    ///   - faults: path → steps, as the script's docstring describes.
    ///   - tls: a certificate and key (PEM files): the server speaks HTTPS.
    ///   - extra: more of the script's options (`--gzip`, `--insufficient-scope`...).
    init(root: URL, work: URL, faults: [String: [[String: Any]]] = [:], latency: Double = 0,
         tokens: [String] = [], client: (id: String, secret: String)? = nil, expiresIn: Double = 3600,
         lifetime: Double = 600, tls: (cert: URL, key: URL)? = nil, extra: [String] = []) async throws {
        scheme = tls == nil ? "http" : "https"
        let id = UUID().uuidString.prefix(8)
        logURL = work.appendingPathComponent("server-log-\(id).jsonl")
        var arguments = ["--root", root.path, "--log", logURL.path,
                         "--latency", "\(latency)", "--expires-in", "\(expiresIn)", "--lifetime", "\(lifetime)"]
        if !faults.isEmpty {
            let file = work.appendingPathComponent("faults-\(id).json")
            try JSONSerialization.data(withJSONObject: faults).write(to: file)
            arguments += ["--faults", file.path]
        }
        for token in tokens { arguments += ["--token", token] }
        if let client { arguments += ["--client-id", client.id, "--client-secret", client.secret] }
        if let tls { arguments += ["--tls-cert", tls.cert.path, "--tls-key", tls.key.path] }
        server = try await PythonServer(script: TestPaths.fixture("fake_mindful_server.py"), arguments: arguments + extra)
    }

    /// `http` or `https`.
    let scheme: String
    var baseURL: URL { URL(string: "\(scheme)://127.0.0.1:\(port)")! }
    var tokenURL: URL { URL(string: "\(scheme)://127.0.0.1:\(port)/oauth2/token")! }

    func stop() { server.stop() }

    /// Returns once no request is being served (with this Authorization header, when given),
    /// every request served being in the log.
    func idle(authorization: String? = nil) async {
        _ = await server.command(authorization.map { "idle \($0)" } ?? "idle")
    }

    /// Returns once `count` data requests have been answered 200 (false after 60 s without).
    func served(_ count: Int) async -> Bool {
        await server.command("served \(count)") == "served"
    }

    /// Returns once `count` requests are being served at the same time (false after 60 s without).
    func busy(_ count: Int) async -> Bool {
        await server.command("busy \(count)") == "busy"
    }

    /// How many data requests with this Authorization header were answered 200, once none is
    /// being served.
    func answered(authorization: String) async -> Int? {
        await server.command("answered \(authorization)").flatMap { Int($0) }
    }

    /// One line of the server's request log.
    struct Entry: Decodable {
        let start, end: Double
        let method, path: String
        let status, inflight, max_inflight: Int
        /// The first 16 hex digits of the SHA-256 of the Authorization header.
        let auth: String?
        let user_agent, accept_encoding: String?
    }

    /// The requests served, in the order they finished, once the server is idle: it writes an
    /// entry after sending its answer, so a client can be done before the last line is written.
    func log(authorization: String? = nil) async throws -> [Entry] {
        await idle(authorization: authorization)
        guard let data = try? Data(contentsOf: logURL) else { return [] }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONDecoder().decode(Entry.self, from: Data($0.utf8))
        }
    }

    /// Data requests (not token requests), ordered by start.
    func dataRequests(authorization: String? = nil) async throws -> [Entry] {
        try await log(authorization: authorization).filter { $0.path.hasPrefix("/v2/") }.sorted { $0.start < $1.start }
    }
}
