import Engine
import Foundation
import NIOCore
import NIOHTTP1

/// One connection's HTTP/1.1 requests, each read whole (its body bounded) and answered by the router.
final class APIRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// A request body larger than its route's limit is refused: most routes take small JSON bodies;
    /// an image archive to load and files copied into a container are larger, and held whole in memory.
    static let bodyLimit = 1 << 20
    /// `POST /images/load`: a `docker save` archive.
    static let archiveLoadLimit = 512 << 20
    /// `PUT /containers/{id}/archive`: a tar of what `docker cp` copies in, at most the engine's copy
    /// limit of content plus the tar's headers.
    static let copyInLimit = Int(Engine.copySizeLimit) + (16 << 20)

    /// The limit of a request's body, by its route.
    static func routeLimit(method: String, uri: String) -> Int {
        let path = APIRequest(method: method, target: uri).path
        switch method {
        case "POST" where path == "/images/load": return archiveLoadLimit
        case "PUT" where path.hasPrefix("/containers/") && path.hasSuffix("/archive"): return copyInLimit
        default: return bodyLimit
        }
    }

    private let router: EngineAPIRouter
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var tooLarge = false
    private var limit: Int = APIRequestHandler.bodyLimit

    init(router: EngineAPIRouter) {
        self.router = router
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
            tooLarge = false
            limit = Self.routeLimit(method: requestHead.method.rawValue, uri: requestHead.uri)
        case .body(var chunk):
            if tooLarge || body.readableBytes + chunk.readableBytes > limit {
                tooLarge = true
                body.clear()
            } else {
                body.writeBuffer(&chunk)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let response = tooLarge
                ? APIResponse.error("layerlab: the request body is over \(limit) bytes, more than layerlab's Engine API takes for \(head.method.rawValue) \(APIRequest(method: head.method.rawValue, target: head.uri).path)", status: 413)
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
