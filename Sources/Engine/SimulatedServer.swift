import Foundation

/// A server program of an official image that layerlab simulates: recognised by the process its
/// container runs, it answers requests (a registry's API, a site) and ends on `docker stop` as the real
/// one does. Any other long-running program is not simulated, and what reaches it says so.
protocol SimulatedServer: Sendable {
    /// Its exit status after `docker stop`.
    static var statusAfterStop: Int32 { get }
    /// The port it listens on inside its container, as its image configures it.
    static var listeningPort: Int { get }
    /// The program's name, as the container's process execs it.
    static var program: String { get }
    static func runs(_ container: ContainerRecord) -> Bool
}

/// The servers layerlab simulates.
enum SimulatedServers {
    static let all: [any SimulatedServer.Type] = [RegistryServer.self, NginxServer.self]
    /// The programs those servers are, as a container's process runs them.
    static let programs = Set(all.map { $0.program })

    /// The simulated server the container's main process is, if any.
    static func server(of container: ContainerRecord) -> (any SimulatedServer.Type)? {
        all.first { $0.runs(container) }
    }

    /// The port the container's main process listens on, when it is a simulated server.
    static func listeningPort(of container: ContainerRecord) -> Int? {
        server(of: container)?.listeningPort
    }

    /// How the main process ends on `docker stop`. It runs as PID 1, for which the kernel drops a
    /// signal whose action is the default: `sleep`, a shell or an interpreter that sets no handler
    /// ignores SIGTERM and dies by the SIGKILL after the timeout (137, seen on the reference engine).
    static func statusAfterStop(_ container: ContainerRecord) -> Int32 {
        server(of: container)?.statusAfterStop ?? 137
    }
}

/// `registry:2`, the distribution registry: its entrypoint with its config file.
enum RegistryServer: SimulatedServer {
    static let command = ["/entrypoint.sh", "/etc/docker/registry/config.yml"]
    /// What its entrypoint execs: `registry serve CONFIG`.
    static let program = "registry"
    /// config.yml's `http.addr: :5000`.
    static let listeningPort = 5000
    /// Where it keeps what is pushed to it: its image's VOLUME.
    static let dataPath = "/var/lib/registry"

    /// Its content under the folder mounted at `dataPath`: distribution's filesystem driver writes
    /// below `docker/registry/v2` (inside, the layout is layerlab's own).
    static func root(in folder: URL) -> URL {
        folder.appendingPathComponent("docker/registry/v2")
    }
    /// A Go program has the runtime's SIGTERM handler, which cannot re-raise the signal as PID 1 and
    /// exits 2 (Go runtime/signal_unix.go, dieFromSignal).
    static let statusAfterStop: Int32 = 2

    static func runs(_ container: ContainerRecord) -> Bool {
        container.command == command
    }
}

/// The official nginx image's server, which serves the container's own files (`NginxSite`).
enum NginxServer: SimulatedServer {
    /// nginx quits gracefully on its image's STOPSIGNAL SIGQUIT.
    static let statusAfterStop: Int32 = 0
    /// The image's /etc/nginx/conf.d/default.conf: `listen 80;`.
    static let listeningPort = 80
    static let program = "nginx"

    static func runs(_ container: ContainerRecord) -> Bool {
        // The official image starts nginx through its entrypoint script, which execs its arguments.
        let words = container.command.map { String($0.split(separator: "/").last ?? "") }
        return container.unsimulatedProgram == program || (words.first == "docker-entrypoint.sh" && words.dropFirst().first == program)
    }
}
