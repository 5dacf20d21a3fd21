import ArgumentParser
import EngineAPI
import LayerlabSession
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
        Prints the DOCKER_HOST to use in another terminal (the prompt serves the same socket while it
        runs). The socket is readable by you alone. Goals reached through it are announced here;
        layerlab lesson, check, hint and next work from any shell. Served: version, info, images,
        inspect, ps, pull, push, login, tag, rmi, history, save, load, commit, prune, diff, cp,
        system df, run (attached, -d, -i, -it), create, start, stop, kill, restart, wait, logs, rm,
        exec (also -it), events (of containers), and docker build with the classic builder (the CLI without buildx, or
        DOCKER_BUILDKIT=0). docker top says layerlab runs no processes to list; other requests answer
        that they are not served yet.
        """
    )

    @OptionGroup public var homeOptions: HomeOptions

    @Option(help: "Your name, kept as the home's when it is made, never changed after (default: your login name).")
    var name: String?

    @Option(help: ArgumentHelp("Take this lesson pack (an installed pack's ID or a folder) instead of the built-in course.", valueName: "ID|DIR"))
    var pack: String?

    @Option(name: .customLong("registry"), help: ArgumentHelp(
        "Let docker push and pull reach this real registry (repeatable; also: registries: in $LAYERLAB_HOME/config.yaml). Offline otherwise.",
        valueName: "HOST:PORT"))
    var registries: [String] = []

    @Option(name: .customLong("host"), help: ArgumentHelp("Where to listen (default: unix://$LAYERLAB_HOME/docker.sock); tcp://HOST:PORT only when you ask for it.", valueName: "unix://PATH|tcp://HOST:PORT"))
    var host: String?

    public init() {}

    public func validate() throws {
        _ = try SocketServer.address(host)
        _ = try Repl.allowedRegistries(registries)
    }

    public func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let home = LayerlabHome.locate(flag: homeOptions.home, environment: environment)
        let packFolder = try Repl.packFolder(pack, home: home)
        let lock = try Repl.lock(home)
        var configuration = try Repl.configuration(home: home, environment: environment, interactive: false, name: name)
        let course = LayerlabCommandSet.equip(&configuration, packFolder: packFolder)
        course.world.allowRegistries(try Repl.allowedRegistries(registries))
        let session = try Repl.openSession(configuration, output: StandardOutputSink())
        let address = (try? SocketServer.address(host)) ?? .unix(home.socketPath)
        // Goals reached through the socket are announced here, and `layerlab check` runs here.
        let server = try EngineAPIServer(world: course.world, address: address, observer: ServedSession(session: session, reader: nil))
        // Written at once, not buffered: a script waits for these lines before it talks to the socket.
        FileHandle.standardOutput.write(Data("layerlab serves its simulated Docker Engine on \(address.dockerHost)\nIn another terminal: export DOCKER_HOST=\(address.dockerHost)\n".utf8))
        // Ctrl-C and SIGTERM stop the server; the socket goes with it.
        let stopping = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { server.stop() }
            source.resume()
            return source
        }
        try withExtendedLifetime((lock, stopping)) { try server.serve() }
        session.finish()
    }
}
