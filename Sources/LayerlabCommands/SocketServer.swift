import EngineAPI
import Foundation
import SimulatedWorld

/// The prompt's Engine API server, bound in the background so the first prompt does not wait for it.
/// A socket that cannot be bound is said once, on standard error; the prompt goes on without it.
final class SocketServer: @unchecked Sendable {
    // Guarded by `lock`: set by the binding thread, read by the prompt's when it ends.
    private let lock = NSLock()
    private var server: EngineAPIServer?
    private let bound = DispatchGroup()

    init(world: SimulatedWorld, address: EngineAPIServer.Address, observer: any WorldChangeObserver) {
        bound.enter()
        DispatchQueue.global().async { [self] in
            defer { bound.leave() }
            do {
                let started = try EngineAPIServer(world: world, address: address, observer: observer)
                lock.withLock { server = started }
            } catch {
                FileHandle.standardError.write(Data("layerlab: cannot serve the Docker CLI on \(address.dockerHost): \(error)\n".utf8))
            }
        }
    }

    /// Stops the server (once it is bound) and removes its socket.
    func shutDown() {
        bound.wait()
        lock.withLock { server }?.shutDown()
    }
}
