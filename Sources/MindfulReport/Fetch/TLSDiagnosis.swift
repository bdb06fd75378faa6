import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Why a server's certificate failed verification, in words a person can act on. BoringSSL only
/// says "certificate verify failed"; this opens one more connection whose only purpose is to
/// look at the certificates the server presents (nothing is sent over it), and reads their dates
/// and names.
enum TLSDiagnosis {
    /// The reason, or `nil` when it cannot be told (the server could not be reached again).
    static func reason(host: String, port: Int, now: Date = Date()) async -> String? {
        guard let chain = await presentedChain(host: host, port: port), let leaf = chain.first else { return nil }
        let notAfter = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
        let notBefore = Date(timeIntervalSince1970: TimeInterval(leaf.notValidBefore))
        if now > notAfter { return "the certificate expired on \(day(notAfter))" }
        if now < notBefore { return "the certificate is not valid before \(day(notBefore))" }
        return "the certificate is not signed by a trusted CA (a company CA can be given as a CA file)"
    }

    private static func day(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return f.string(from: date)
    }

    /// The certificates the server presents, captured by a verification callback that refuses
    /// them (so the handshake never completes and nothing is sent).
    private static func presentedChain(host: String, port: Int) async -> [NIOSSLCertificate]? {
        let captured = Mutex<[NIOSSLCertificate]?>(nil)
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .noHostnameVerification
        guard let context = try? NIOSSLContext(configuration: tls) else { return nil }
        let serverName = IPAddress.bytes(host) == nil ? host : nil
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName,
                                                          customVerificationCallback: { certificates, promise in
                                                              captured.withLock { $0 = certificates }
                                                              promise.succeed(.failed)
                                                          })
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            // The handshake ends (refused by the callback) or the server gives up; either way the
            // chain is captured by then.
            for _ in 0..<100 where captured.withLock({ $0 == nil }) && channel.isActive {
                try? await Task.sleep(for: .milliseconds(20))
            }
            try? await channel.close().get()
        } catch {
            return captured.withLock { $0 }
        }
        return captured.withLock { $0 }
    }
}
