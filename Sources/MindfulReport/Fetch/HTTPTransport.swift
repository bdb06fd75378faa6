import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP answer, body complete as far as the transport could tell.
struct HTTPAnswer: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    /// A header by case-insensitive name.
    func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.key.lowercased() == lower }?.value
    }
}

/// Why no HTTP answer came back.
enum TransportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case timedOut
    case connectionRefused
    case connectionLost
    case cancelled
    case other(code: Int, text: String)

    /// Worth another try.
    var isTransient: Bool {
        switch self {
        case .timedOut, .connectionRefused, .connectionLost: return true
        case .cancelled: return false
        case .other(let code, _):
            return [URLError.Code.cannotFindHost, .dnsLookupFailed, .notConnectedToInternet, .badServerResponse,
                    .resourceUnavailable, .zeroByteResource, .cannotParseResponse, .cannotDecodeContentData,
                    .cannotDecodeRawData, .secureConnectionFailed, .unknown].map(\.rawValue).contains(code)
        }
    }

    var description: String {
        switch self {
        case .timedOut: return "timed out"
        case .connectionRefused: return "connection refused"
        case .connectionLost: return "connection lost or body cut short"
        case .cancelled: return "cancelled"
        case .other(let code, let text): return "\(text) (URL error \(code))"
        }
    }

    init(_ error: Error) {
        guard let error = error as? URLError else {
            let ns = error as NSError
            self = .other(code: ns.code, text: ns.localizedDescription)
            return
        }
        switch error.code {
        case .timedOut: self = .timedOut
        case .cannotConnectToHost: self = .connectionRefused
        case .networkConnectionLost: self = .connectionLost
        case .cancelled: self = .cancelled
        default: self = .other(code: error.code.rawValue, text: error.localizedDescription)
        }
    }
}

/// A `URLSession` for one fetch run: no cookies, no URL cache, no redirects followed (a redirect
/// would carry the `Authorization` header elsewhere; it comes back as its 3xx answer instead).
final class HTTPTransport: Sendable {
    private let session: URLSession

    /// Seconds from sending a request to its whole answer before it counts as timed out.
    let timeout: TimeInterval

    init(maxConnections: Int, timeout: TimeInterval) {
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maxConnections
        // swift-corelibs-foundation truncates these to whole seconds (0.5 s times out at once),
        // so they are only a safety net; `send` enforces `timeout` itself.
        configuration.timeoutIntervalForRequest = (timeout + 1).rounded(.up)
        configuration.timeoutIntervalForResource = (timeout + 2).rounded(.up)
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCredentialStorage = nil
        session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    /// Ends the session once running requests are done.
    func close() { session.finishTasksAndInvalidate() }

    /// Sends `request`; task cancellation cancels the request. Gives up with
    /// ``TransportFailure/timedOut`` when the whole answer has not come within ``timeout``.
    func send(_ request: URLRequest) async throws(TransportFailure) -> HTTPAnswer {
        var request = request
        request.timeoutInterval = (timeout + 1).rounded(.up)
        let handle = TaskHandle()
        let result: Result<HTTPAnswer, TransportFailure> = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<HTTPAnswer, TransportFailure>, Never>) in
                let task = session.dataTask(with: request) { data, response, error in
                    if let error {
                        let failure = TransportFailure(error)
                        continuation.resume(returning: .failure(failure == .cancelled && handle.timedOut ? .timedOut : failure))
                    } else if let http = response as? HTTPURLResponse {
                        var headers: [String: String] = [:]
                        for (k, v) in http.allHeaderFields {
                            if let k = k as? String, let v = v as? String { headers[k] = v }
                        }
                        continuation.resume(returning: .success(HTTPAnswer(status: http.statusCode, headers: headers, body: data.map { [UInt8]($0) } ?? [])))
                    } else {
                        continuation.resume(returning: .failure(.other(code: URLError.Code.badServerResponse.rawValue, text: "not an HTTP answer")))
                    }
                }
                handle.start(task)
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { handle.timeOut() }
            }
        } onCancel: {
            handle.cancel()
        }
        return try result.get()
    }
}

/// The data task of one request, cancellable from any thread, even before it exists.
private final class TaskHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var cancelled = false

    func start(_ task: URLSessionDataTask) {
        lock.lock()
        self.task = task
        let cancelled = self.cancelled
        lock.unlock()
        task.resume()
        if cancelled { task.cancel() }
    }

    private var expired = false

    /// True once ``timeOut()`` cancelled the request.
    var timedOut: Bool {
        lock.lock()
        defer { lock.unlock() }
        return expired
    }

    func timeOut() {
        lock.lock()
        expired = !cancelled
        lock.unlock()
        if expired { cancel() }
    }

    func cancel() {
        lock.lock()
        cancelled = true
        let task = self.task
        lock.unlock()
        task?.cancel()
    }
}

private final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
