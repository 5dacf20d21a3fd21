import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SimulatedWorld

/// The Engine API served on a unix socket (mode 0600: the learner's alone), as dockerd serves
/// `/var/run/docker.sock`, or on a TCP address when the learner asks for one.
public final class EngineAPIServer: Sendable {
    /// Where the server listens: `unix:///path` or `tcp://host:port`, as DOCKER_HOST names it.
    public enum Address: Sendable, Equatable {
        case unix(String)
        case tcp(host: String, port: Int)

        /// Reads `unix://PATH` or `tcp://HOST:PORT`; nil for anything else.
        public init?(_ text: String) {
            if text.hasPrefix("unix://"), text.count > "unix://".count {
                self = .unix(String(text.dropFirst("unix://".count)))
            } else if text.hasPrefix("tcp://"), let colon = text.lastIndex(of: ":"), colon > text.index(text.startIndex, offsetBy: 6),
                      let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) {
                self = .tcp(host: String(text[text.index(text.startIndex, offsetBy: 6)..<colon]), port: port)
            } else {
                return nil
            }
        }

        /// Whether only this machine can reach it: a unix socket, or TCP on a loopback address. The
        /// API has no authentication, so layerlab listens on nothing else.
        public var isLocal: Bool {
            switch self {
            case .unix: true
            case .tcp(let host, _): ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) || host.hasPrefix("127.")
            }
        }

        /// As DOCKER_HOST takes it.
        public var dockerHost: String {
            switch self {
            case .unix(let path): "unix://\(path)"
            case .tcp(let host, let port): "tcp://\(host):\(port)"
            }
        }
    }

    public let address: Address
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup
    private let world: SimulatedWorld
    private let observation: Int
    private let registries: RegistryListeners

    /// Binds the address (an old socket left by a killed server is replaced) and starts answering.
    public convenience init(world: SimulatedWorld, socketPath: String, observer: (any WorldChangeObserver)? = nil) throws {
        try self.init(world: world, address: .unix(socketPath), observer: observer)
    }

    public init(world: SimulatedWorld, address: Address, observer: (any WorldChangeObserver)? = nil) throws {
        self.address = address
        self.world = world
        if case .unix(let path) = address { try? FileManager.default.removeItem(atPath: path) }
        let router = EngineAPIRouter(world: world, observer: observer)
        // One thread: requests are answered one after the other, as the world takes them anyway.
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let eventLoop = group.next()
        let hub = try eventLoop.submit { NIOLoopBound(StreamHub(eventLoop: eventLoop), eventLoop: eventLoop) }.wait()
        // Whoever changes a container (a request here, the learner at the prompt), the streams hear of it.
        let observation = world.observeContainerActivity { activity in
            eventLoop.execute { hub.value.deliver(activity) }
        }
        self.observation = observation
        registries = RegistryListeners(world: world)
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
            switch address {
            case .unix(let path):
                channel = try bootstrap.bind(unixDomainSocketPath: path).wait()
                chmod(path, 0o600)
            case .tcp(let host, let port):
                channel = try bootstrap.bind(host: host, port: port).wait()
            }
        } catch {
            world.stopObserving(observation)
            registries.shutDown()
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    /// Serves until `stop`, then shuts the server down and removes the socket.
    public func serve() throws {
        try channel.closeFuture.wait()
        finish()
    }

    /// Stops answering; `serve` then returns. Safe from any thread (a signal handler's).
    public func stop() {
        channel.close(promise: nil)
    }

    /// Stops answering and waits until the server is down and its socket gone (for a server that was
    /// not running `serve`: the prompt's).
    public func shutDown() {
        try? channel.close().wait()
        finish()
    }

    private func finish() {
        // The world outlives the server: it must not hand activity to a loop that is gone.
        world.stopObserving(observation)
        registries.shutDown()
        try? group.syncShutdownGracefully()
        if case .unix(let path) = address { try? FileManager.default.removeItem(atPath: path) }
    }
}
