import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A bearer-token service as distribution's token auth describes one (docs/spec/auth/token.md): `GET
/// /token?service=…&scope=…` with the login as basic auth answers `{"token":…}`; a wrong login is a
/// 401. It remembers what each request asked, for the tests to look at.
final class TokenService: @unchecked Sendable {
    let port: Int
    let token = "token-\(UUID().uuidString)"
    private let login: String
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup
    private let lock = NSLock()
    private var seen: [(query: String, authorization: String?)] = []

    /// The queries and `Authorization` headers of the requests so far.
    var requests: [(query: String, authorization: String?)] { lock.withLock { seen } }

    init(username: String, password: String) throws {
        login = "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.group = group
        let answers = Answers()
        channel = try ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(TokenHandler(answers: answers))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress?.port ?? 0
        answers.service = self
    }

    func answer(uri: String, authorization: String?) -> (status: Int, body: String) {
        lock.withLock { seen.append((URLComponents(string: uri)?.percentEncodedQuery ?? "", authorization)) }
        guard authorization == login else { return (401, "{\"details\":\"incorrect username or password\"}") }
        return (200, "{\"token\":\"\(token)\",\"expires_in\":300}")
    }

    func shutDown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// Hands requests to the service, which is made after the server it answers on.
private final class Answers: @unchecked Sendable {
    weak var service: TokenService?
}

private final class TokenHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let answers: Answers
    private var head: HTTPRequestHead?

    init(answers: Answers) {
        self.answers = answers
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
        case .body:
            break
        case .end:
            guard let head else { return }
            let (status, body) = answers.service?.answer(uri: head.uri, authorization: head.headers.first(name: "Authorization")) ?? (503, "{}")
            let headers = HTTPHeaders([("Content-Type", "application/json"), ("Content-Length", String(body.utf8.count))])
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: status), headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
