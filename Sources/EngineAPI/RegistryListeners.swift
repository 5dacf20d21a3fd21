import Dispatch
import Engine
import Foundation
import Registry
import RegistryHTTP
import SimulatedWorld

/// While the Engine API is served, each running registry:2 container with a published port answers on
/// that real port too, so the real Docker CLI, skopeo and curl reach it as they reach a real registry.
/// A listener starts when its container starts and closes when it stops or goes; a port another
/// program holds is said once on standard error, and the container answers only inside layerlab.
final class RegistryListeners: @unchecked Sendable {
    private let world: SimulatedWorld
    // Listeners and what they serve are touched only on this queue.
    private let queue = DispatchQueue(label: "layerlab.registry-listeners")
    private var listening: [ServedRegistry: RegistryHTTPServer] = [:]
    private var refused: Set<ServedRegistry> = []
    private var observation: Int?

    init(world: SimulatedWorld) {
        self.world = world
        observation = world.observeContainerActivity { [weak self] activity in
            guard activity.contains(where: { if case .output = $0 { false } else { true } }) else { return }
            guard let self else { return }
            queue.async { self.sync() }
        }
        queue.async { [self] in sync() }
    }

    /// Listens for the registries that run now, and stops listening for the others.
    private func sync() {
        let (served, recreatableLayers) = world.perform { ($0.servedRegistries(), $0.recreatableLayers) }
        let wanted = Set(served)
        for (served, server) in listening where !wanted.contains(served) {
            server.shutDown()
            listening[served] = nil
        }
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
        queue.sync {
            for server in listening.values { server.shutDown() }
            listening = [:]
        }
    }
}
