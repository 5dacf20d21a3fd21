import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LayerlabBasics

/// One HTTP request over URLSession, waited for (the engine works synchronously, inside the world's
/// `perform`). The body goes from memory or is streamed from a file; a successful answer's body is
/// kept in memory or streamed to a file and hashed as it arrives, each up to a limit past which the
/// transfer is cut off. Any other answer keeps its body (an error document) in memory, up to 64 KiB.
/// A connection that stays quiet for `idleTimeout` fails; credentials are not sent on to another
/// host a redirect names (a storage service's signed URL).
final class HTTPExchange: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    enum Body {
        case empty
        case data(Data)
        case file(URL)
    }

    /// Where a 2xx answer's body goes, how many bytes it may have, and what to say when it has more.
    enum Sink {
        case memory(limit: Int, refusal: String)
        case file(URL, limit: Int64, refusal: String)
    }

    struct Answer {
        var response: HTTPURLResponse
        /// The body, unless it went to the file.
        var body: Data
        /// What went to the file: the bytes' digest and count.
        var written: (digest: Digest, size: Int64)?

        var status: Int { response.statusCode }

        func header(_ name: String) -> String? { response.value(forHTTPHeaderField: name) }
    }

    /// Seconds without a byte either way before a request fails (URLSession on Linux restarts this
    /// timer with every transfer).
    static let idleTimeout: TimeInterval = 30
    static let errorBodyLimit = 64 << 10
    static let redirectLimit = 10

    private let sink: Sink
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    // Guarded by `lock`: written on the session's delegate queue, read once `done` is signalled.
    private var response: HTTPURLResponse?
    private var body = Data()
    private var file: FileHandle?
    private var hasher = DigestHasher()
    private var received: Int64 = 0
    private var refusal: RemoteRegistryError?
    private var transportError: (any Error)?
    private var redirects = 0

    private init(sink: Sink) {
        self.sink = sink
        super.init()
    }

    /// Sends the request and waits for the whole answer.
    static func perform(_ request: URLRequest, body: Body = .empty, sink: Sink) throws(RemoteRegistryError) -> Answer {
        let exchange = HTTPExchange(sink: sink)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = idleTimeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.urlCredentialStorage = nil
        // The session keeps its delegate until it is invalidated. Its callbacks run on a queue of their
        // own: an OperationQueue without one runs them on a global queue whose threads libdispatch on
        // Linux counts as busy while callers (tests on the cooperative pool among them) wait here, which
        // on two cores left the answer never delivered.
        let callbackQueue = DispatchQueue(label: "layerlab.registry-client")
        let callbacks = OperationQueue()
        callbacks.underlyingQueue = callbackQueue
        callbacks.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: exchange, delegateQueue: callbacks)
        defer { session.finishTasksAndInvalidate() }
        let task: URLSessionTask
        switch body {
        case .empty: task = session.dataTask(with: request)
        case .data(let data): task = session.uploadTask(with: request, from: data)
        case .file(let url): task = session.uploadTask(with: request, fromFile: url)
        }
        task.resume()
        exchange.done.wait()
        withExtendedLifetime(callbackQueue) {}
        return try exchange.answer(to: request)
    }

    private func limit(forStatus status: Int) -> Int64 {
        guard (200..<300).contains(status) else { return Int64(Self.errorBodyLimit) }
        switch sink {
        case .memory(let limit, _): return Int64(limit)
        case .file(_, let limit, _): return limit
        }
    }

    private var overflow: RemoteRegistryError {
        switch sink {
        case .memory(_, let refusal), .file(_, _, let refusal): .refused(refusal)
        }
    }

    /// layerlab answers a registry's challenge itself (`RemoteRegistry+Auth`), so URLSession's own
    /// handling is cancelled and the 401 it had received is the answer (see `answer(to:)`). On Linux,
    /// URLSession's default handling of a 401 with a challenge never ended the request.
    func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @Sendable @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        completionHandler(.cancelAuthenticationChallenge, nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @Sendable @escaping (URLSession.ResponseDisposition) -> Void) {
        let disposition: URLSession.ResponseDisposition = lock.withLock {
            guard let http = response as? HTTPURLResponse else {
                refusal = .refused("\(response.url?.absoluteString ?? "the registry") did not answer with HTTP")
                return .cancel
            }
            self.response = http
            body = Data()
            received = 0
            hasher = DigestHasher()
            // A HEAD's Content-Length is the size of what a GET would send.
            if dataTask.originalRequest?.httpMethod != "HEAD", http.expectedContentLength > limit(forStatus: http.statusCode) {
                refusal = overflow
                return .cancel
            }
            if (200..<300).contains(http.statusCode), case .file(let url, _, _) = sink {
                guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = try? FileHandle(forWritingTo: url) else {
                    refusal = .refused("layerlab cannot write \(url.path)")
                    return .cancel
                }
                file = handle
            }
            return .allow
        }
        completionHandler(disposition)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let keepGoing: Bool = lock.withLock {
            received += Int64(data.count)
            guard received <= limit(forStatus: response?.statusCode ?? 0) else {
                refusal = overflow
                return false
            }
            guard let file else {
                body.append(data)
                return true
            }
            hasher.update(data)
            do {
                try file.write(contentsOf: data)
            } catch {
                refusal = .refused("layerlab cannot write what the registry sends: \(error.localizedDescription)")
                return false
            }
            return true
        }
        if !keepGoing { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @Sendable @escaping (URLRequest?) -> Void) {
        let follow: Bool = lock.withLock {
            redirects += 1
            return redirects <= Self.redirectLimit
        }
        var next = request
        let from = task.originalRequest?.url
        if next.url?.scheme != from?.scheme || next.url?.host != from?.host || next.url?.port != from?.port {
            next.setValue(nil, forHTTPHeaderField: "Authorization")
        }
        // Not following hands the redirect itself back, which the caller refuses as unexpected.
        completionHandler(follow ? next : nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        lock.withLock {
            transportError = error
            try? file?.close()
            file = nil
        }
        done.signal()
    }

    private func answer(to request: URLRequest) throws(RemoteRegistryError) -> Answer {
        lock.lock()
        defer { lock.unlock() }
        if let refusal { throw refusal }
        // A challenge cancelled above ends the task with NSURLErrorCancelled after its 401 arrived.
        if let transportError, !(response?.statusCode == 401 && (transportError as NSError).code == NSURLErrorCancelled) {
            throw Self.transportFailure(request, transportError)
        }
        guard let response else { throw .refused("\(request.url?.absoluteString ?? "the registry") sent no answer") }
        var written: (digest: Digest, size: Int64)?
        if case .file = sink, (200..<300).contains(response.statusCode) { written = (hasher.finalize(), received) }
        return Answer(response: response, body: body, written: written)
    }

    /// A request that got no answer, worded as Go's HTTP client words it in Docker's messages:
    /// `Get "http://…": dial tcp 127.0.0.1:5000: connect: connection refused`.
    static func transportFailure(_ request: URLRequest, _ error: any Error) -> RemoteRegistryError {
        let method = request.httpMethod ?? "GET"
        let verb = method.prefix(1).uppercased() + method.dropFirst().lowercased()
        let url = request.url
        let address = "\(url?.host ?? ""):\(url?.port ?? (url?.scheme == "https" ? 443 : 80))"
        let reason: String
        switch (error as NSError).code {
        case NSURLErrorCannotConnectToHost: reason = "dial tcp \(address): connect: connection refused"
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: reason = "dial tcp: lookup \(url?.host ?? ""): no such host"
        case NSURLErrorTimedOut: reason = "net/http: timeout: nothing came from \(address) for \(Int(idleTimeout)) seconds"
        default: reason = error.localizedDescription
        }
        return .transport("\(verb) \"\(url?.absoluteString ?? "")\": \(reason)")
    }
}
