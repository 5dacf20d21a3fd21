import Foundation
import NIOCore
import NIOHTTP1

/// One connection's HTTP/1.1 requests, each read whole (its body bounded) and answered by the router.
final class APIRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// A request body larger than this is refused: the routes served take small JSON bodies.
    static let bodyLimit = 1 << 20

    private let router: EngineAPIRouter
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var tooLarge = false

    init(router: EngineAPIRouter) {
        self.router = router
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
            tooLarge = false
        case .body(var chunk):
            if body.readableBytes + chunk.readableBytes > Self.bodyLimit { tooLarge = true } else { body.writeBuffer(&chunk) }
        case .end:
            guard let head else { return }
            self.head = nil
            let response = tooLarge
                ? APIResponse.error("the request body is over \(Self.bodyLimit) bytes, more than this API takes", status: 413)
                : router.respond(to: APIRequest(method: head.method.rawValue, target: head.uri,
                                              headers: Dictionary(head.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }), body: Data(body.readableBytesView)))
            if !response.isPending { write(response, keepAlive: head.isKeepAlive, context: context) }
        }
    }

    private func write(_ response: APIResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.add(name: "Content-Length", value: String(response.body.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
