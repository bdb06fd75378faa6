import Foundation
@testable import MindfulReport

/// Runs `Fixtures/forward_proxy.py` on 127.0.0.1 for one test; it stops with the test, or by
/// itself after `lifetime` seconds.
final class ForwardProxy: @unchecked Sendable {
    let logURL: URL
    private let server: PythonServer
    var port: Int { server.port }

    init(work: URL, user: String? = nil, password: String? = nil, refuseTunnels: Bool = false, lifetime: Double = 600) async throws {
        logURL = work.appendingPathComponent("proxy-log-\(UUID().uuidString).jsonl")
        var arguments = ["--log", logURL.path, "--lifetime", "\(lifetime)"]
        if let user, let password { arguments += ["--user", user, "--password", password] }
        if refuseTunnels { arguments.append("--refuse-tunnels") }
        server = try await PythonServer(script: TestPaths.fixture("forward_proxy.py"), arguments: arguments)
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

    func stop() { server.stop() }
}

/// A port on 127.0.0.1 that refuses connections: bound, never listening, and held while this
/// value lives, so that no server started by a test running in parallel can take it.
final class RefusingPort: @unchecked Sendable {
    let port: Int
    private let fd: Int32

    init() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.fd = fd
    }

    deinit { close(fd) }
}
