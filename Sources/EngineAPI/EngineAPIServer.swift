import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SimulatedWorld

/// The Engine API served on a unix socket (mode 0600: the learner's alone), as dockerd serves
/// `/var/run/docker.sock`.
public final class EngineAPIServer: Sendable {
    public let socketPath: String
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup

    /// Binds the socket (an old one left by a killed server is replaced) and starts answering.
    public init(world: SimulatedWorld, socketPath: String, observer: (any WorldChangeObserver)? = nil) throws {
        self.socketPath = socketPath
        try? FileManager.default.removeItem(atPath: socketPath)
        let router = EngineAPIRouter(world: world, observer: observer)
        // One thread: requests are answered one after the other, as the world takes them anyway.
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let eventLoop = group.next()
        let hub = try eventLoop.submit { NIOLoopBound(StreamHub(eventLoop: eventLoop), eventLoop: eventLoop) }.wait()
        // Whoever changes a container (a request here, the learner at the prompt), the streams hear of it.
        world.observeContainerActivity { activity in
            eventLoop.execute { hub.value.deliver(activity) }
        }
        let bootstrap = ServerBootstrap(group: eventLoop)
            .serverChannelOption(.backlog, value: 64)
            // An attached client closes its side when its input ends and still reads the output.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                let upgrader = HijackUpgrader(router: router, hub: hub.value)
                let upgrade: NIOHTTPServerUpgradeSendableConfiguration = (upgraders: [upgrader], completionHandler: { context in
                    context.pipeline.syncOperations.removeHandler(name: APIRequestHandler.name, promise: nil)
                })
                return channel.pipeline.configureHTTPServerPipeline(withServerUpgrade: upgrade, withErrorHandling: true).flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(APIRequestHandler(router: router, hub: hub.value), name: APIRequestHandler.name)
                }
            }
        do {
            channel = try bootstrap.bind(unixDomainSocketPath: socketPath).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        chmod(socketPath, 0o600)
    }

    /// Serves until `stop`, then shuts the server down and removes the socket.
    public func serve() throws {
        try channel.closeFuture.wait()
        try? group.syncShutdownGracefully()
        try? FileManager.default.removeItem(atPath: socketPath)
    }

    /// Stops answering; `serve` then returns. Safe from any thread (a signal handler's).
    public func stop() {
        channel.close(promise: nil)
    }

    /// Stops answering and waits until the server is down and its socket gone (for a server that was
    /// not running `serve`: the prompt's).
    public func shutDown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
        try? FileManager.default.removeItem(atPath: socketPath)
    }
}
