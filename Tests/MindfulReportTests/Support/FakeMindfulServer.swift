import Foundation
@testable import MindfulReport

/// Runs `Fixtures/fake_mindful_server.py` on 127.0.0.1 (a free port) for one test.
///
/// The server exits when ``stop()`` closes its stdin (and is terminated), or by itself after
/// `lifetime` seconds, so it never outlives the test process.
final class FakeMindfulServer: @unchecked Sendable {
    let port: Int
    let logURL: URL
    private let process: Process
    private let stdin: Pipe

    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fake_mindful_server.py")
    }

    /// - Parameter faults: path → steps, as the script's docstring describes.
    /// - Parameters:
    ///   - tls: a certificate and key (PEM files): the server speaks HTTPS.
    ///   - extra: more of the script's options (`--gzip`, `--insufficient-scope`...).
    init(root: URL, work: URL, faults: [String: [[String: Any]]] = [:], latency: Double = 0,
         tokens: [String] = [], client: (id: String, secret: String)? = nil, expiresIn: Double = 3600,
         lifetime: Double = 600, tls: (cert: URL, key: URL)? = nil, extra: [String] = []) throws {
        scheme = tls == nil ? "http" : "https"
        logURL = work.appendingPathComponent("server-log.jsonl")
        var arguments = [Self.script.path, "--root", root.path, "--log", logURL.path,
                         "--latency", "\(latency)", "--expires-in", "\(expiresIn)", "--lifetime", "\(lifetime)"]
        if !faults.isEmpty {
            let file = work.appendingPathComponent("faults.json")
            try JSONSerialization.data(withJSONObject: faults).write(to: file)
            arguments += ["--faults", file.path]
        }
        for token in tokens { arguments += ["--token", token] }
        if let client { arguments += ["--client-id", client.id, "--client-secret", client.secret] }
        if let tls { arguments += ["--tls-cert", tls.cert.path, "--tls-key", tls.key.path] }
        arguments += extra
        (process, stdin, port) = try Self.launch(pythonArguments: arguments)
    }

    /// Starts a Python server script that prints its port on its first line and exits when its
    /// stdin closes: the process, its stdin and the port.
    static func launch(pythonArguments arguments: [String]) throws -> (Process, Pipe, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdout = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw ServerError.noPort
        }
        return (process, stdin, port)
    }

    enum ServerError: Error { case noPort }

    /// `http` or `https`.
    let scheme: String
    var baseURL: URL { URL(string: "\(scheme)://127.0.0.1:\(port)")! }
    var tokenURL: URL { URL(string: "\(scheme)://127.0.0.1:\(port)/oauth2/token")! }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }

    /// One line of the server's request log.
    struct Entry: Decodable {
        let start: Double
        let end: Double
        let method: String
        let path: String
        let status: Int
        let auth: String?
        let inflight: Int
        let max_inflight: Int
        let user_agent: String?
        let accept_encoding: String?
    }

    /// The requests served so far, in the order they finished.
    /// The request log once it has settled: the server writes an entry after sending its
    /// answer, so a client can be done before the last line is written.
    func log() throws -> [Entry] {
        var previous = try? Data(contentsOf: logURL)
        for _ in 0..<40 {
            usleep(50_000)
            let now = try? Data(contentsOf: logURL)
            if now == previous && now != nil { break }
            previous = now
        }
        guard let data = previous else { return [] }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONDecoder().decode(Entry.self, from: Data($0.utf8))
        }
    }

    /// Data requests (not token requests), ordered by start.
    func dataRequests() throws -> [Entry] {
        try log().filter { $0.path.hasPrefix("/v2/") }.sorted { $0.start < $1.start }
    }
}
