import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP server on 127.0.0.1 that answers each request as a test scripts it: what a registry
/// or its token service would say, including what no well-behaved one says. It keeps the requests it
/// got, for the test to look at.
final class ScriptedServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var uri: String
        var authorization: String?
    }

    struct Answer: Sendable {
        var status: Int
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        var body: String

        init(status: Int = 200, headers: [(String, String)] = [("Content-Type", "application/json")], body: String) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    let port: Int
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup
    private let recorder: Recorder

    /// The requests so far, in order.
    var requests: [Request] { recorder.requests }

    init(answer: @escaping @Sendable (Request) -> Answer) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let recorder = Recorder()
        self.group = group
        self.recorder = recorder
        channel = try ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(ScriptedHandler(recorder: recorder, answer: answer))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress?.port ?? 0
    }

    func shutDown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

private final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [ScriptedServer.Request] = []

    var requests: [ScriptedServer.Request] { lock.withLock { seen } }

    func record(_ request: ScriptedServer.Request) {
        lock.withLock { seen.append(request) }
    }
}

private final class ScriptedHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let recorder: Recorder
    private let answer: @Sendable (ScriptedServer.Request) -> ScriptedServer.Answer
    private var head: HTTPRequestHead?

    init(recorder: Recorder, answer: @escaping @Sendable (ScriptedServer.Request) -> ScriptedServer.Answer) {
        self.recorder = recorder
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
        case .body:
            break
        case .end:
            guard let head else { return }
            let request = ScriptedServer.Request(method: head.method.rawValue, uri: head.uri, authorization: head.headers.first(name: "Authorization"))
            recorder.record(request)
            let reply = answer(request)
            let headers = HTTPHeaders(reply.headers + [("Content-Length", String(reply.body.utf8.count))])
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: reply.status), headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: reply.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
