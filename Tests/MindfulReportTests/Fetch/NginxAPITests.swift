import Foundation
import Testing
@testable import MindfulReport

/// A real web server standing in for the API: nginx over HTTPS with a private CA, HTTP/2 and
/// gzip, serving a cache folder as the API's paths, with a bearer check.
@Suite(.tags(.network)) struct NginxAPITests {
    /// nginx on 127.0.0.1, stopped with the test (and by `timeout` after 600 s whatever happens).
    final class Nginx: @unchecked Sendable {
        let port: Int
        private let process: Process
        private let end: ProcessEnd
        let accessLog: URL
        private let pidFile: URL

        init(root: URL, work: URL, token: String, tls: (cert: URL, key: URL)) async throws {
            port = RefusingPort().port  // free again once the value is gone, for nginx to bind
            let prefix = work.appendingPathComponent("nginx-\(UUID().uuidString.prefix(8))", isDirectory: true)
            try FileManager.default.createDirectory(at: prefix.appendingPathComponent("logs"), withIntermediateDirectories: true)
            accessLog = prefix.appendingPathComponent("logs/access.log")
            pidFile = prefix.appendingPathComponent("nginx.pid")
            let (cert, key) = tls
            let config = """
            worker_processes 1;
            daemon off;
            pid \(prefix.path)/nginx.pid;
            error_log \(prefix.path)/logs/error.log;
            events { worker_connections 64; }
            http {
                access_log \(accessLog.path) combined;
                client_body_temp_path \(prefix.path)/tmp;
                log_format withproto '$server_protocol $status $http_accept_encoding $sent_http_content_encoding $request_uri';
                gzip on;
                gzip_types application/json;
                gzip_min_length 1;
                server {
                    listen 127.0.0.1:\(port) ssl http2;
                    ssl_certificate \(cert.path);
                    ssl_certificate_key \(key.path);
                    access_log \(prefix.path)/logs/proto.log withproto;
                    location ~ "^/v2/data/historical/([0-9]{8})/([0-9]{2})$" {
                        if ($http_authorization != "Bearer \(token)") {
                            add_header WWW-Authenticate 'Bearer realm="mindful", error="invalid_token"' always;
                            return 401;
                        }
                        default_type application/json;
                        alias \(root.path)/$1/$2.json;
                    }
                }
            }
            """
            let file = prefix.appendingPathComponent("nginx.conf")
            try Data(config.utf8).write(to: file)
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
            process.arguments = ["600", Self.executable, "-p", prefix.path, "-c", file.path]
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            end = ProcessEnd(of: process)
            try ProcessLaunch.run(process)
            // Ready once it accepts connections (probed every 20 ms, for at most 10 s).
            for _ in 0..<500 where !Self.accepts(port) && process.isRunning {
                try await Task.sleep(for: .milliseconds(20))
            }
        }

        static let executable = ["/usr/sbin/nginx", "/usr/local/sbin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "nginx"
        static var available: Bool { FileManager.default.isExecutableFile(atPath: executable) }

        static func accepts(_ port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
        }

        /// `HTTP/2.0 200 gzip, deflate gzip /v2/...` lines.
        func protocolLog() -> [String] {
            let url = accessLog.deletingLastPathComponent().appendingPathComponent("proto.log")
            return ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        /// Stops nginx gracefully (SIGQUIT: it finishes and logs what it serves) and waits for it.
        func quit() async {
            if let text = try? String(contentsOf: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGQUIT)
            }
            await end.wait()
        }

        func stop() {
            // nginx's master first (`timeout` does not pass a signal on), then `timeout` itself.
            if let text = try? String(contentsOf: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGTERM)
            }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }

        deinit { stop() }
    }

    @Test(.enabled(if: Nginx.available, "nginx is installed by scripts/install-deps"))
    func httpsHTTP2AndGzipFromNginxAreCachedByteForByte() async throws {
        let ca = try await TestPKI.ca.path
        let (box, hours) = try FetchSandbox.serving(12)
        defer { box.remove() }
        let nginx = try await Nginx(root: box.source, work: box.work, token: "nginx-token", tls: try await TestPKI.pair("server"))
        defer { nginx.stop() }
        var options = FetchOptions(baseURL: URL(string: "https://127.0.0.1:\(nginx.port)")!, timeout: 10)
        options.network.trust = TrustSettings(extraCAFile: ca)
        let summary = try await fetch(hours: hours, cache: box.cache, options: options, credentials: .bearer("nginx-token"))
        #expect(summary.fetched == hours)
        for hour in hours { #expect(try box.cache.read(hour) == FetchSandbox.body(for: hour)) }
        await nginx.quit()  // nginx logs a request after answering it: all are logged once it has quit
        let lines = nginx.protocolLog().filter { $0.contains("/v2/data/historical/") }
        #expect(lines.count == hours.count)
        #expect(lines.allSatisfy { $0.hasPrefix("HTTP/2.0 200 ") }, "\(lines)")
        #expect(lines.allSatisfy { $0.contains(" gzip /v2/") }, "answers were gzip-compressed: \(lines)")
    }
}
