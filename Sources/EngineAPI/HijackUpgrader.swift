import Engine
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
    /// The route's answer once it accepted, and whether the client sends its input (`stdin=1`).
    private var accepted: (response: APIResponse, takesInput: Bool)?

    struct Refused: Error {}

    init(router: EngineAPIRouter, hub: StreamHub) {
        self.router = router
        self.hub = hub
    }

    func buildUpgradeResponse(channel: any Channel, upgradeRequest: HTTPRequestHead, initialResponseHeaders: HTTPHeaders) -> EventLoopFuture<HTTPHeaders> {
        let request = APIRequest(head: upgradeRequest, body: Data())
        let loop = channel.eventLoop
        guard router.waitsForSession(request) else { return accept(router.respond(to: request), for: request, headers: initialResponseHeaders, on: loop) }
        // An exec's start runs as a command of the serving session: answered off the server's thread.
        let promise = loop.makePromise(of: HTTPHeaders.self)
        let router = router
        EngineAPIRouter.sessionQueue.async {
            let response = router.respond(to: request)
            loop.execute { promise.completeWith(self.accept(response, for: request, headers: initialResponseHeaders, on: loop)) }
        }
        return promise.futureResult
    }

    /// Keeps an answer that hijacks the connection (on the connection's loop); refuses any other.
    private func accept(_ response: APIResponse, for request: APIRequest, headers initial: HTTPHeaders, on loop: any EventLoop) -> EventLoopFuture<HTTPHeaders> {
        guard response.isHijack else { return loop.makeFailedFuture(Refused()) }
        accepted = (response, request.flag("stdin"))
        var headers = initial
        for header in response.headers { headers.replaceOrAdd(name: header.name, value: header.value) }
        return loop.makeSucceededFuture(headers)
    }

    func upgrade(context: ChannelHandlerContext, upgradeRequest: HTTPRequestHead) -> EventLoopFuture<Void> {
        guard let (response, takesInput) = accepted else { return context.eventLoop.makeFailedFuture(Refused()) }
        let channel = context.channel
        let input = HijackedStreamHandler()
        do {
            try channel.pipeline.syncOperations.addHandler(input)
        } catch {
            return context.eventLoop.makeFailedFuture(error)
        }
        let output = StreamOutput(channel: channel, hijacked: true)
        output.send(response.body)
        switch response.stream {
        case .exec(let execID, _):
            startExec(execID, output: output, input: input)
        case .some(let stream):
            if case .containerOutput(let containerID, _, let multiplexed) = stream, takesInput {
                attachShell(of: containerID, terminal: !multiplexed, output: output, input: input)
            }
            hub.subscribe(channel, to: stream, hijacked: true)
        case nil:
            output.finish()
        }
        return context.eventLoop.makeSucceededVoidFuture()
    }

    /// A client attached with its input to a container whose main process is (or will be, once
    /// started) a shell waiting for it: what it types goes to that shell.
    private func attachShell(of containerID: String, terminal: Bool, output: StreamOutput, input: HijackedStreamHandler) {
        let world = router.world
        guard let (shell, waiting) = world.perform({ engine -> (ContainerShell, Bool)? in
            guard let container = engine.container(containerID), container.interactive else { return nil }
            return (ContainerShell(container: container, isMainProcess: true, user: nil, engine: engine), container.shellAwaitsInput)
        }) else { return }
        let connection = ShellConnection(world: world, shell: shell, output: output, terminal: terminal, observer: router.observer)
        input.connection = connection
        if waiting { connection.begin(showingPrompt: false) }
        hub.subscribe(output.channel, containerID: containerID) { event in
            if case .started(let record) = event, record.shellAwaitsInput { connection.begin(showingPrompt: true) }
            return false
        }
    }

    /// `POST /exec/{id}/start` hijacked for a shell: what the client types goes to it, until it
    /// exits or its container ends. (A command that is not a shell ran as the request was answered.)
    private func startExec(_ execID: String, output: StreamOutput, input: HijackedStreamHandler) {
        let world = router.world
        let execs = router.execs
        guard let instance = execs.instance(execID), let shell = world.perform({ engine -> ContainerShell? in
            engine.container(instance.containerID).map { ContainerShell(container: $0, program: instance.command[0], isMainProcess: false, user: instance.user,
                           environment: instance.environment, workingDirectory: instance.workingDirectory, engine: engine) }
        }) else { return output.finish() }
        execs.update(execID) { $0.running = true }
        let connection = ShellConnection(world: world, shell: shell, output: output, terminal: instance.tty, observer: router.observer) { status in
            execs.update(execID) {
                $0.running = false
                $0.exitCode = status
            }
        }
        input.connection = connection
        connection.begin(showingPrompt: true)
        hub.subscribe(output.channel, containerID: instance.containerID) { event in
            switch event {
            case .exited, .removed:
                connection.containerEnded()
                return true
            default:
                return false
            }
        }
    }
}

/// The client's side of a hijacked connection: what it types, for a shell reading it. Anything else
/// (the input of a process the simulation has already run) is read and set aside; the client closing
/// its side ends nothing but that input (moby keeps the output flowing after stdin closes).
final class HijackedStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    var connection: ShellConnection?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection?.receive(unwrapInboundIn(data))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { connection?.inputClosed() }
        context.fireUserInboundEventTriggered(event)
    }
}
