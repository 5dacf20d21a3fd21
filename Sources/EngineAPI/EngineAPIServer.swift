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
    public init(world: SimulatedWorld, socketPath: String) throws {
        self.socketPath = socketPath
        try? FileManager.default.removeItem(atPath: socketPath)
        let router = EngineAPIRouter(world: world)
        // One thread: requests are answered one after the other, as the world takes them anyway.
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(APIRequestHandler(router: router))
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
}
