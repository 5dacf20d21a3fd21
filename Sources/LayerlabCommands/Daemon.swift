import ArgumentParser
import EngineAPI
import Foundation
import LayerlabBasics
import Shell
import SimulatedWorld

/// `layerlab daemon`: the learner's world served as a Docker Engine API on a unix socket, for the
/// real Docker CLI (`DOCKER_HOST=unix://…`), without a prompt. Stops cleanly on Ctrl-C or SIGTERM,
/// taking its socket away.
public struct Daemon: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Serve your simulated world to the real Docker CLI on a unix socket (no prompt).",
        discussion: """
        Prints the DOCKER_HOST to use in another terminal. The socket is readable by you alone. This API
        serves docker version, info, images, image inspect, ps, inspect, pull, tag, rmi, history, push,
        login, save, load, commit, image prune, container prune, diff, cp (both ways), system df,
        docker build with the classic builder (the CLI without buildx, or DOCKER_BUILDKIT=0; a context
        of at most 512 MiB) and containers without a terminal attached (run -d, create, start, stop,
        kill, restart, wait, logs, rm) for now; docker top says layerlab runs no processes to list, and
        other requests answer that they are not served yet.
        """
    )

    @OptionGroup public var homeOptions: HomeOptions

    @Option(name: .customLong("host"), help: ArgumentHelp("Where to listen (default: unix://$LAYERLAB_HOME/docker.sock).", valueName: "unix://PATH"))
    var host: String?

    public init() {}

    public func validate() throws {
        if let host, !host.hasPrefix("unix://") {
            throw ValidationError("layerlab serves its API on a unix socket only: give --host unix://PATH")
        }
    }

    public func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let home = LayerlabHome.locate(flag: homeOptions.home, environment: environment)
        let lock: HomeLock
        do {
            lock = try HomeLock(home: home)
        } catch {
            FileHandle.standardError.write(Data("layerlab: \(error.message)\n".utf8))
            if let hint = error.hint { FileHandle.standardError.write(Data("\(hint)\n".utf8)) }
            throw ExitCode(1)
        }
        let socket = host.map { String($0.dropFirst("unix://".count)) } ?? home.url.appendingPathComponent("docker.sock").path
        let server = try EngineAPIServer(world: SimulatedWorld(home: home.url, clock: SystemWallClock()), socketPath: socket)
        // Written at once, not buffered: a script waits for these lines before it talks to the socket.
        FileHandle.standardOutput.write(Data("layerlab serves its simulated Docker Engine on \(socket)\nIn another terminal: export DOCKER_HOST=unix://\(socket)\n".utf8))
        // Ctrl-C and SIGTERM stop the server; the socket goes with it.
        let stopping = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { server.stop() }
            source.resume()
            return source
        }
        try withExtendedLifetime((lock, stopping)) { try server.serve() }
    }
}
