import Dispatch
import Engine
import Foundation
import Registry
import RegistryHTTP
import SimulatedWorld

/// While the Engine API is served, each running registry:2 container with a published port answers on
/// that real port too, so the real Docker CLI, skopeo and curl reach it as they reach a real registry.
/// A listener starts when its container starts and closes when it stops or goes. The engine asks,
/// as such a container starts, whether another program holds its port (then `docker run` fails as
/// Docker's does); a port taken in between, or one this user may not bind (below 1024), is said
/// once on standard error, and the container answers only inside layerlab.
final class RegistryListeners: RealPorts, @unchecked Sendable {
    private let world: SimulatedWorld
    // Listeners and what they serve are touched only on this queue.
    private let queue = DispatchQueue(label: "layerlab.registry-listeners")
    private var listening: [ServedRegistry: RegistryHTTPServer] = [:]
    private var refused: Set<ServedRegistry> = []
    private var observation: Int?
    /// The ports the listeners hold, for the engine's question, which comes from inside the world's
    /// `perform` (so never waiting on `queue`, whose work waits on the world).
    private let portsLock = NSLock()
    private var heldPorts: Set<Int> = []

    init(world: SimulatedWorld) {
        self.world = world
        observation = world.observeContainerActivity { [weak self] activity in
            guard activity.contains(where: { if case .output = $0 { false } else { true } }) else { return }
            guard let self else { return }
            queue.async { self.sync() }
        }
        world.useRealPorts(self)
        queue.async { [self] in sync() }
    }

    /// A port one of these listeners holds is free for the container that takes it over: the listener
    /// moves to it at the next sync. Otherwise the port is bound once, and let go at once.
    func isHeldElsewhere(host: String, port: Int) -> Bool {
        if portsLock.withLock({ heldPorts.contains(port) }) { return false }
        return Self.addressInUse(host: host, port: port)
    }

    /// Whether binding `host:port` (an IPv4 address) fails with EADDRINUSE, as the daemon's bind
    /// would; SO_REUSEADDR as NIO's listeners set it, so a port in TIME_WAIT is free.
    static func addressInUse(host: String, port: Int) -> Bool {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        guard (1...65535).contains(port), inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return false }
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound != 0 && errno == EADDRINUSE
    }

    /// Listens for the registries that run now, and stops listening for the others.
    private func sync() {
        let (served, recreatableLayers) = world.perform { ($0.servedRegistries(), $0.recreatableLayers) }
        let wanted = Set(served)
        for (served, server) in listening where !wanted.contains(served) {
            server.shutDown()
            listening[served] = nil
        }
        defer { portsLock.withLock { heldPorts = Set(listening.keys.map(\.port)) } }
        refused.formIntersection(wanted)
        for served in wanted where listening[served] == nil && !refused.contains(served) {
            let settings = RegistryHTTPServer.Settings(root: served.root, deletionEnabled: false, recreatableLayers: recreatableLayers) { served.access($0) }
            do {
                listening[served] = try RegistryHTTPServer(settings: settings, host: served.host, port: served.port)
            } catch {
                refused.insert(served)
                FileHandle.standardError.write(Data("layerlab: the registry of container \(served.containerID.prefix(12)) cannot listen on \(served.host):\(served.port) (\(error)); it answers inside layerlab only\n".utf8))
            }
        }
    }

    func shutDown() {
        if let observation { world.stopObserving(observation) }
        world.useRealPorts(nil)
        queue.sync {
            for server in listening.values { server.shutDown() }
            listening = [:]
        }
    }
}
