import ArgumentParser
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

    /// The address `--host` names (nil when not given), as the prompt and the daemon take it: a unix
    /// socket, or TCP on this machine only, the API having no authentication.
    static func address(_ host: String?) throws -> EngineAPIServer.Address? {
        guard let host else { return nil }
        guard let address = EngineAPIServer.Address(host) else {
            throw ValidationError("--host takes unix://PATH or tcp://HOST:PORT, as DOCKER_HOST does")
        }
        guard address.isLocal else {
            throw ValidationError("layerlab's Engine API has no authentication, so it listens on this machine only: give tcp://127.0.0.1:PORT (or a unix socket)")
        }
        return address
    }

    /// Stops the server (once it is bound) and removes its socket.
    func shutDown() {
        bound.wait()
        lock.withLock { server }?.shutDown()
    }
}
