import ArgumentParser
import Course
import DockerCLI
import Engine
import EngineAPI
import Foundation
import LayerlabBasics
import LayerlabSession
import LineEditor
import Shell

/// `layerlab [repl]`: the interactive shell, or the same commands read from a pipe.
public struct Repl: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Start the layerlab shell (the default). With standard input not a terminal, reads commands line by line."
    )

    @OptionGroup public var homeOptions: HomeOptions

    @Option(help: "Your name, kept as the home's when it is made, never changed after (default: asked at a terminal, else your login name).")
    public var name: String?

    @Option(help: ArgumentHelp("Take this lesson pack (an installed pack's ID or a folder) instead of the built-in course.", valueName: "ID|DIR"))
    public var pack: String?

    @Option(name: .customLong("registry"), help: ArgumentHelp(
        "Let docker push and pull reach this real registry (repeatable; also: registries: in $LAYERLAB_HOME/config.yaml). Offline otherwise.",
        valueName: "HOST:PORT"))
    var registries: [String] = []

    @Flag(inversion: .prefixedNo, help: "Serve your world to the real Docker CLI on $LAYERLAB_HOME/docker.sock while the shell runs (default: on a terminal).")
    var serve: Bool?

    @Option(name: .customLong("host"), help: ArgumentHelp("Serve on this address instead (tcp://HOST:PORT only when you ask for it).", valueName: "unix://PATH|tcp://HOST:PORT"))
    var host: String?

    public func validate() throws {
        _ = try SocketServer.address(host)
        _ = try Self.allowedRegistries(registries)
    }

    public init() {}

    public func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let interactive = LineReaders.standardInputIsTerminal
        let home = LayerlabHome.locate(flag: homeOptions.home, environment: environment)
        let packFolder = try Self.packFolder(pack, home: home)
        let lock = try Self.lock(home)
        var configuration = try Self.configuration(home: home, environment: environment, interactive: interactive, name: name)
        let course = LayerlabCommandSet.equip(&configuration, packFolder: packFolder)
        course.world.allowRegistries(try Self.allowedRegistries(registries))
        let output = StandardOutputSink()
        let session = try Self.openSession(configuration, output: output)
        CrashGuard.install(marker: home.crashNotePath)
        // A reader that goes away (`layerlab < script | head`) loses the rest of the output; the
        // commands still run to the end, so the world and the progress are what the script made.
        signal(SIGPIPE, SIG_IGN)
        let reader = LineReaders.make(historyPath: configuration.home.historyPath, completionProvider: session)
        let status: Int32
        if serve ?? (interactive || host != nil) {
            let served = ServedSession(session: session, reader: reader)
            let gated = GatedLineReader(reader, served: served)
            // Bound after the first prompt shows: the prompt comes as fast as without a server.
            let server = SocketServer(world: course.world, address: (try? SocketServer.address(host)) ?? .unix(home.socketPath), observer: served)
            status = withExtendedLifetime(lock) { session.run(reader: gated) }
            gated.release()
            server.shutDown()
        } else {
            status = withExtendedLifetime(lock) { session.run(reader: reader) }
        }
        if interactive { output.write("bye\n", to: .standardOutput) }
        throw ExitCode(status)
    }

    /// A learner's session as the prompt, the daemon and `layerlab check` open it, for the learner the
    /// home belongs to (`HomeLearner`); says why not when `name` is not theirs.
    static func configuration(home: LayerlabHome, environment: [String: String], interactive: Bool, name: String?) throws -> SessionConfiguration {
        let learner: HomeLearner
        do {
            learner = try HomeLearner(home: home, given: name, interactive: interactive, environment: environment)
        } catch {
            throw cannotStart(error)
        }
        return SessionConfiguration(
            home: home,
            environment: environment,
            clock: SystemWallClock(),
            style: TerminalStyle.detect(
                environment: environment, outputIsTerminal: isatty(1) == 1, terminalWidth: TerminalSize.columns()
            ),
            isInteractive: interactive,
            learnerName: learner.name,
            asksLearnerName: learner.isAsked
        )
    }

    /// The real registries `--registry` names; a value that is not HOST[:PORT] is a usage error.
    static func allowedRegistries(_ values: [String]) throws -> [AllowedRegistries.Entry] {
        var entries: [AllowedRegistries.Entry] = []
        for value in values {
            do throws(AllowedRegistryError) {
                entries.append(try AllowedRegistries.Entry(parsing: value))
            } catch {
                throw ValidationError("--registry: \(error.message)")
            }
        }
        return entries
    }

    /// The folder of the pack `--pack` names (an installed pack's ID or a folder); nil for the built-in course.
    static func packFolder(_ pack: String?, home: LayerlabHome) throws -> URL? {
        guard let pack else { return nil }
        guard let folder = InstalledPacks(home: home.url).folder(of: pack)
            ?? (FileManager.default.fileExists(atPath: URL(fileURLWithPath: pack).appendingPathComponent("pack.yaml").path) ? URL(fileURLWithPath: pack) : nil)
        else {
            throw fail(PackError("no pack '\(pack)': neither an installed pack nor a folder with pack.yaml", hint: "'layerlab pack list' shows the installed packs"))
        }
        return folder
    }

    /// Takes the home for this process, before anything else is read from it, so a second layerlab on
    /// the home hears that it is in use; says why not when it cannot.
    static func lock(_ home: LayerlabHome) throws -> HomeLock {
        do {
            return try HomeLock(home: home)
        } catch {
            throw cannotStart(error)
        }
    }

    /// Opens the session (the home locked first); says why not when it cannot.
    static func openSession(_ configuration: SessionConfiguration, output: any OutputSink) throws -> Session {
        do {
            return try configuration.openSession(output: output)
        } catch {
            throw cannotStart(error)
        }
    }

    /// Says on standard error why a session cannot start; the status to fail with.
    static func cannotStart(_ error: some UserFacingError) -> ExitCode {
        FileHandle.standardError.write(Data("layerlab: \(error.message)\n".utf8))
        if let hint = error.hint { FileHandle.standardError.write(Data("\(hint)\n".utf8)) }
        return ExitCode(1)
    }
}
