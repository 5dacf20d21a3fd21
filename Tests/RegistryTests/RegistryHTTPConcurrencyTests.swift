import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LayerlabBasics
import Registry
import RegistryHTTP
import Testing

/// The registry's port while one transfer is slow. One event-loop thread answers every connection,
/// so neither a blob whose reader takes its time nor a blob file slow to give its bytes may hold it:
/// distribution serves each connection on its own goroutine (Go's net/http), and `docker pull`
/// downloads layers side by side while it asks about others with HEAD (moby v28.2.2
/// distribution/xfer, three downloads at once).
@Suite struct RegistryHTTPConcurrencyTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("registry-concurrency-\(UUID())")

    func startServer() throws -> RegistryHTTPServer {
        try RegistryHTTPServer(settings: .init(root: root, deletionEnabled: false) { _ in .granted }, host: "127.0.0.1", port: 0)
    }

    /// The status a request gets within five seconds; nil when none comes by then. A plain socket, not
    /// URLSession, whose callbacks wait for a thread when the whole suite runs on two cores.
    func status(_ server: RegistryHTTPServer, _ method: String, _ path: String) async throws -> Int? {
        let client = try SlowReader(port: server.port, request: "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        guard let head = try? client.readHead(within: 5) else { return nil }
        return head.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }

    /// Bytes that repeat every 1,000,003 (a prime): a chunk sent twice, or out of place, shows.
    static func pattern(count: Int) -> Data {
        let unit = (0..<1_000_003).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 7) }
        var data = Data(capacity: count)
        while data.count < count { data.append(contentsOf: unit.prefix(count - data.count)) }
        return data
    }

    @Test func aReaderThatTakesItsTimeOverALargeBlobHoldsUpNoOtherClient() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        // More than the kernel's socket buffers hold on loopback, so the server must wait for the reader.
        let blob = Self.pattern(count: 32 << 20)
        let digest = try Registry(root: root).putBlob(blob, into: "app")
        let server = try startServer()
        defer { server.shutDown() }
        let reader = try SlowReader(port: server.port, request: "GET /v2/app/blobs/\(digest) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(try await status(server, "HEAD", "/v2/app/blobs/\(digest)") == 200)
        #expect(try await status(server, "GET", "/v2/") == 200)
        let (head, body) = try reader.readResponse()
        #expect(head.hasPrefix("HTTP/1.1 200 OK"))
        #expect(body.count == blob.count && Digest.sha256(of: body) == digest)
    }

    @Test func aBlobFileSlowToGiveItsBytesHoldsUpNoOtherClient() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        // A write to the FIFO below after a reader went away must fail, not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        let blob = Self.pattern(count: 300_007)
        let registry = Registry(root: root)
        let digest = try registry.putBlob(blob, into: "app")
        // The blob's file becomes a FIFO: reading it waits until the test writes, as a stalled disk would.
        let path = try #require(registry.blobFile(digest)).path
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o644) == 0)
        let server = try startServer()
        defer { server.shutDown() }
        let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/v2/app/blobs/\(digest)"))
        let download = try SlowReader(port: server.port, request: "GET \(url.path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        // A writer opens the FIFO without waiting only once the server has it open for reading.
        let writer = try await Self.openWriter(path)
        defer { close(writer) }
        #expect(try await status(server, "HEAD", "/v2/app/blobs/\(digest)") == 200, "answered while the blob's file gives nothing")
        #expect(try await status(server, "GET", "/v2/") == 200)
        let written = blob.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int in
            var offset = 0
            while offset < bytes.count, let base = bytes.baseAddress {
                let count = write(writer, base + offset, bytes.count - offset)
                guard count > 0 else { break }
                offset += count
            }
            return offset
        }
        #expect(written == blob.count)
        let (head, body) = try download.readResponse()
        #expect(head.hasPrefix("HTTP/1.1 200 OK") && body == blob)
    }

    /// The FIFO opened for writing as soon as a reader has it open, in blocking mode again.
    static func openWriter(_ path: String) async throws -> Int32 {
        for _ in 0..<1000 {
            let descriptor = open(path, O_WRONLY | O_NONBLOCK)
            if descriptor >= 0 {
                _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
                return descriptor
            }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        throw SlowReader.SocketError(call: "open \(path) for writing: no reader came")
    }
}

/// A client on a plain socket that sends its request at once and reads the answer only when asked:
/// until then the server's bytes pile up in the kernel's buffers, as with a reader on a slow link.
final class SlowReader {
    struct SocketError: Error {
        var call: String
    }

    private let descriptor: Int32

    init(port: Int, request: String) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError(call: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connection = descriptor
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(connection, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw SocketError(call: "connect") }
        let bytes = Array(request.utf8)
        guard send(connection, bytes, bytes.count, 0) == bytes.count else { throw SocketError(call: "send") }
    }

    deinit { close(descriptor) }

    /// The response: its head as text, and its body (`Content-Length` bytes).
    func readResponse() throws -> (head: String, body: Data) {
        var received = Data()
        let separator = Data("\r\n\r\n".utf8)
        while true {
            if let split = received.range(of: separator) {
                let head = String(decoding: received[..<split.lowerBound], as: UTF8.self)
                let length = head.split(separator: "\r\n").compactMap { line -> Int? in
                    guard line.lowercased().hasPrefix("content-length:") else { return nil }
                    return Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
                }.first ?? 0
                var body = Data(received[split.upperBound...])
                while body.count < length { body.append(try receive()) }
                return (head, body)
            }
            received.append(try receive())
        }
    }

    /// The answer's status line and headers, waiting at most `seconds` for them.
    func readHead(within seconds: Int) throws -> String {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var received = Data()
        let separator = Data("\r\n\r\n".utf8)
        while received.range(of: separator) == nil { received.append(try receive()) }
        return String(decoding: received, as: UTF8.self)
    }

    private func receive() throws -> Data {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw SocketError(call: "recv") }
        return Data(buffer[..<count])
    }
}
