import Foundation
@testable import MindfulReport

/// A private CA and server certificates, made once per test run by `Fixtures/make_pki.py`:
/// `ca.pem`, `server.pem/.key` (127.0.0.1 and localhost), `wrong-host.pem/.key`,
/// `expired.pem/.key`, `other-ca.pem`.
enum TestPKI {
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mindful-pki-\(UUID().uuidString)", isDirectory: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/make_pki.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, url.path]
        try? process.run()
        process.waitUntilExit()
        return url
    }()

    static func file(_ name: String) -> URL { folder.appendingPathComponent(name) }
    static var ca: URL { file("ca.pem") }
    static func pair(_ name: String) -> (cert: URL, key: URL) { (file("\(name).pem"), file("\(name).key")) }
}

/// Runs `Fixtures/forward_proxy.py` on 127.0.0.1 for one test; it stops with the test, or by
/// itself after `lifetime` seconds.
final class ForwardProxy: @unchecked Sendable {
    let port: Int
    let logURL: URL
    private let process: Process
    private let stdin: Pipe

    init(work: URL, user: String? = nil, password: String? = nil, refuseTunnels: Bool = false, lifetime: Double = 600) throws {
        logURL = work.appendingPathComponent("proxy-log-\(UUID().uuidString).jsonl")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/forward_proxy.py")
        var arguments = [script.path, "--log", logURL.path, "--lifetime", "\(lifetime)"]
        if let user, let password { arguments += ["--user", user, "--password", password] }
        if refuseTunnels { arguments.append("--refuse-tunnels") }
        (process, stdin, port) = try FakeMindfulServer.launch(pythonArguments: arguments)
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// What the proxy was asked, in order: `CONNECT 127.0.0.1:1234 → 200`.
    struct Entry: Decodable, Equatable {
        let method: String
        let target: String
        let status: Int
    }

    func log() -> [Entry] {
        guard let data = try? Data(contentsOf: logURL) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONDecoder().decode(Entry.self, from: Data($0.utf8))
        }
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// A port on 127.0.0.1 that nothing listens on (bound, then closed): connections are refused.
func closedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}
