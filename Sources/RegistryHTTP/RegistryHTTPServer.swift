import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Registry

/// A simulated registry's HTTP API on a real TCP port, for real clients (`docker`, `skopeo`,
/// `curl`): SwiftNIO's HTTP/1.1 with distribution's routes over a `Registry` folder. One event-loop
/// thread moves the bytes; the registry's files are read and written on a pool of threads beside it
/// (see `RegistryRequestHandler`).
public final class RegistryHTTPServer: Sendable {
    public struct Settings: Sendable {
        /// The registry's folder; each request opens it afresh, so what the prompt pushes shows.
        public var root: URL
        /// `REGISTRY_STORAGE_DELETE_ENABLED=true`; off in registry:2's own config, which answers
        /// DELETE with UNSUPPORTED.
        public var deletionEnabled: Bool
        /// Whether a request with this `Authorization` header may proceed.
        public var access: @Sendable (_ authorization: String?) -> RegistryAPI.Access
        /// What makes the blobs the engine pushed as catalog layers, when a client reads them.
        public var recreatableLayers: RecreatableLayers?

        public init(root: URL, deletionEnabled: Bool, recreatableLayers: RecreatableLayers? = nil,
                    access: @escaping @Sendable (_ authorization: String?) -> RegistryAPI.Access) {
            self.root = root
            self.recreatableLayers = recreatableLayers
            self.deletionEnabled = deletionEnabled
            self.access = access
        }
    }

    /// A connection that sends nothing for this long is closed, with any upload it was feeding.
    static let idleTimeout = TimeAmount.seconds(60)
    /// Threads for file work: a request may wait on one for a long time (an upload of gigabytes
    /// hashed as it is committed) while others are answered.
    static let fileThreads = 4

    public let port: Int
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup
    private let threadPool: NIOThreadPool

    /// Binds `host:port` (port 0: any free port, see `port`) and starts answering. Throws NIO's
    /// bind error when the port is taken.
    public init(settings: Settings, host: String, port: Int) throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let threadPool = NIOThreadPool(numberOfThreads: Self.fileThreads)
        threadPool.start()
        self.threadPool = threadPool
        let exchange = RegistryExchange(settings: settings)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: Self.idleTimeout))
                    try channel.pipeline.syncOperations.addHandler(RegistryRequestHandler(exchange: exchange, threadPool: threadPool))
                }
            }
        do {
            channel = try bootstrap.bind(host: host, port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            try? threadPool.syncShutdownGracefully()
            throw error
        }
        self.port = channel.localAddress?.port ?? port
    }

    /// Stops answering and waits until the port is free again. The pool stops before the event loop:
    /// file work under way ends while its connection's loop can still take the result.
    public func shutDown() {
        try? channel.close().wait()
        try? threadPool.syncShutdownGracefully()
        try? group.syncShutdownGracefully()
    }
}
