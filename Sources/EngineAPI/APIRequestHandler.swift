import Engine
import Foundation
import NIOCore
import NIOHTTP1

/// One connection's HTTP/1.1 requests, each read whole (its body bounded) and answered by the router.
final class APIRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    static let name = "engine-api"
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// A request body larger than its route's limit is refused: most routes take small JSON bodies;
    /// an image archive to load, a build's context and files copied into a container are larger, and
    /// held whole in memory.
    static let bodyLimit = 1 << 20
    /// `POST /images/load`: a `docker save` archive.
    static let archiveLoadLimit = 512 << 20
    /// `POST /build`: the tar of a build's context, as the CLI sends it to the classic builder (what
    /// `.dockerignore` lets through, uncompressed), held whole while the build reads it.
    static let buildContextLimit = 512 << 20
    /// `PUT /containers/{id}/archive`: a tar of what `docker cp` copies in, at most the engine's copy
    /// limit of content plus the tar's headers.
    static let copyInLimit = Int(Engine.copySizeLimit) + (16 << 20)

    /// The limit of a request's body, by its route.
    static func routeLimit(method: String, uri: String) -> Int {
        let path = APIRequest(method: method, target: uri).path
        switch method {
        case "POST" where path == "/images/load": return archiveLoadLimit
        case "POST" where path == "/build": return buildContextLimit
        case "PUT" where path.hasPrefix("/containers/") && path.hasSuffix("/archive"): return copyInLimit
        default: return bodyLimit
        }
    }

    private let router: EngineAPIRouter
    private let hub: StreamHub
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var tooLarge = false
    private var limit: Int = APIRequestHandler.bodyLimit

    init(router: EngineAPIRouter, hub: StreamHub) {
        self.router = router
        self.hub = hub
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
            if tooLarge {
                let path = APIRequest(method: head.method.rawValue, target: head.uri).path
                return answer(.error("layerlab: the request body is over \(limit) bytes, more than layerlab's Engine API takes for \(head.method.rawValue) \(path)", status: 413), head: head, context: context)
            }
            let request = APIRequest(head: head, body: Data(body.readableBytesView))
            guard router.waitsForSession(request) else { return answer(router.respond(to: request), head: head, context: context) }
            // Answered off this thread; the connection takes no other request until this one's end.
            let router = router
            let loop = context.eventLoop
            let waiting = NIOLoopBound((self, context), eventLoop: loop)
            EngineAPIRouter.sessionQueue.async {
                let response = router.respond(to: request)
                loop.execute {
                    let (handler, context) = waiting.value
                    handler.answer(response, head: head, context: context)
                }
            }
        }
    }

    private func answer(_ response: APIResponse, head: HTTPRequestHead, context: ChannelHandlerContext) {
        var response = response
        if response.isHijack {
            // Reached only without `Upgrade: tcp` (the upgrader takes those): every client this API
            // serves upgrades, so say what is missing rather than hijack a plain HTTP answer.
            response = .error("attaching needs a hijacked connection: send the request with 'Connection: Upgrade' and 'Upgrade: tcp'", status: 400)
        }
        write(response, keepAlive: head.isKeepAlive, context: context)
    }

    private func write(_ response: APIResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        // A streamed answer has no length: HTTP/1.1 sends it chunked.
        if response.stream == nil { headers.add(name: "Content-Length", value: String(response.body.count)) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if !response.body.isEmpty || response.stream == nil {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        }
        if let stream = response.stream {
            context.flush()
            hub.subscribe(context.channel, to: stream, hijacked: false)
            return
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
