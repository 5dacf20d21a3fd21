import Foundation
import NIOCore
import NIOHTTP1

/// moby's hijacked connections (`Connection: Upgrade`, `Upgrade: tcp`): the attach of `docker run`
/// and `docker attach`. The route decides; when it accepts, the connection answers `101` and from
/// then on carries the container's raw output (and the client's input), and the HTTP handlers leave
/// the pipeline. When it refuses (no such container), the request goes on as plain HTTP and is
/// answered with the route's error.
final class HijackUpgrader: HTTPServerProtocolUpgrader, @unchecked Sendable {
    // One per connection, used on its event loop only (NIO's upgrader protocol is not Sendable-aware).
    let supportedProtocol = "tcp"
    let requiredUpgradeHeaders: [String] = []
    private let router: EngineAPIRouter
    private let hub: StreamHub
    private var accepted: APIResponse?

    struct Refused: Error {}

    init(router: EngineAPIRouter, hub: StreamHub) {
        self.router = router
        self.hub = hub
    }

    func buildUpgradeResponse(channel: any Channel, upgradeRequest: HTTPRequestHead, initialResponseHeaders: HTTPHeaders) -> EventLoopFuture<HTTPHeaders> {
        let response = router.respond(to: APIRequest(head: upgradeRequest, body: Data()))
        guard response.isHijack else { return channel.eventLoop.makeFailedFuture(Refused()) }
        accepted = response
        var headers = initialResponseHeaders
        for header in response.headers { headers.replaceOrAdd(name: header.name, value: header.value) }
        return channel.eventLoop.makeSucceededFuture(headers)
    }

    func upgrade(context: ChannelHandlerContext, upgradeRequest: HTTPRequestHead) -> EventLoopFuture<Void> {
        guard let response = accepted else { return context.eventLoop.makeFailedFuture(Refused()) }
        let channel = context.channel
        do {
            try channel.pipeline.syncOperations.addHandler(HijackedStreamHandler())
        } catch {
            return context.eventLoop.makeFailedFuture(error)
        }
        if !response.body.isEmpty { channel.writeAndFlush(channel.allocator.buffer(bytes: response.body), promise: nil) }
        if let stream = response.stream {
            hub.subscribe(channel, to: stream, hijacked: true)
        } else {
            channel.writeAndFlush(channel.allocator.buffer(capacity: 0)).whenComplete { _ in channel.close(promise: nil) }
        }
        return context.eventLoop.makeSucceededVoidFuture()
    }
}

/// The client's side of a hijacked connection: what it types for the container's standard input.
/// The simulated processes have run by the time input could arrive, so it is read and set aside;
/// the client closing its side ends nothing (moby keeps the output flowing after stdin closes).
final class HijackedStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
