import Foundation
import LayerlabTestSupport
import Testing

/// The real Docker CLI (28.2, client only, on every machine of this kind) against `layerlab daemon`:
/// for each command the API serves, what the CLI prints must be what layerlab's prompt prints for the
/// same command on the same world. Where the CLI is missing the suite is skipped, unless CI asks for
/// it (`LAYERLAB_REQUIRE_DOCKER_CLI=1`), and then it fails.
@Suite(.enabled(if: DockerCLIBinary.shouldRun, "the docker CLI is not on PATH"), .serialized)
struct RealDockerCLITests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-api-\(UUID().uuidString)")

    /// Runs the real CLI against the socket: status, standard output, standard error.
    func docker(_ arguments: [String], socket: String) throws -> (status: Int32, output: String, error: String) {
        let cli = try #require(DockerCLIBinary.url, "the docker CLI is not on PATH")
        let process = Process()
        process.executableURL = cli
        process.arguments = arguments
        // A config folder of its own: the learner's real ~/.docker (contexts, credentials) stays out of it.
        process.environment = ["DOCKER_HOST": "unix://" + socket, "DOCKER_CONFIG": home.appendingPathComponent("cli").path, "PATH": "/usr/bin:/bin"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// Starts `layerlab daemon` on the test's home and waits until it says where its socket is.
    func startDaemon() throws -> (process: LayerlabProcess, socket: String) {
        let daemon = try LayerlabProcess(["daemon", "--home", home.path])
        let socket = home.appendingPathComponent("docker.sock").path
        #expect(daemon.waitFor("export DOCKER_HOST=unix://\(socket)"), "\(daemon.standardError)")
        return (daemon, socket)
    }

    /// A docker command as typed at the prompt, words with spaces or shell characters quoted.
    static func promptLine(_ command: [String]) -> String {
        "docker " + command.map { $0.contains { " *{>".contains($0) } ? "'\($0)'" : $0 }.joined(separator: " ")
    }

    /// Each command through the socket succeeds and prints what the prompt printed for it.
    func expectSameOutput(_ commands: [[String]], as expected: [String], socket: String) throws {
        for (command, prompted) in zip(commands, expected) {
            let real = try docker(command, socket: socket)
            #expect(real.status == 0, "docker \(command): \(real.error)")
            #expect(real.output == prompted, "docker \(command.joined(separator: " "))")
        }
    }

    func stop(_ daemon: LayerlabProcess) {
        kill(daemon.process.processIdentifier, SIGTERM)
        daemon.wait(seconds: 10)
    }

    /// What the prompt prints for each command, each output kept apart by a marker line.
    func prompt(_ commands: [String]) throws -> [String] {
        let marker = "----- next -----"
        let script = commands.flatMap { [$0, "echo '\(marker)'"] }.joined(separator: "\n") + "\n"
        let run = try BuiltBinary.run(["--home", home.path], input: script)
        return run.output.components(separatedBy: marker + "\n").dropLast().map { $0 }
    }

    @Test func theRealCLIPrintsWhatThePromptPrints() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        _ = try BuiltBinary.run(["--home", home.path], input: "docker pull alpine:3.20\ndocker run -d --name web -p 8080:80 nginx\n")
        let commands = [
            ["images"], ["images", "--digests", "alp*"], ["ps", "-a", "--format", "{{.ID}} {{.Image}} {{.Names}} {{.Ports}} {{.State}}"],
            ["image", "inspect", "alpine:3.20"], ["inspect", "--format", "{{.Name}} {{.Config.Image}} {{.State.Status}}", "web"],
            ["images", "-q"],
        ]
        let expected = try prompt(commands.map(Self.promptLine))
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        try expectSameOutput(commands, as: expected, socket: socket)
        let version = try docker(["version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}"], socket: socket)
        #expect(version.output == "28.2.2 1.50\n")
    }

    /// Changes made through the socket (pull, tag, remove) print what the same commands print at the
    /// prompt on a world of its own.
    @Test func changesThroughTheSocketPrintWhatThePromptPrints() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let commands = [["pull", "alpine:3.20"], ["pull", "alpine:3.20"], ["tag", "alpine:3.20", "mine:1"], ["history", "mine:1"], ["rmi", "mine:1"], ["rmi", "alpine:3.20"], ["images"]]
        let expected = try prompt(commands.map(Self.promptLine))
        try FileManager.default.removeItem(at: home)
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        try expectSameOutput(commands, as: expected, socket: socket)
        let missing = try docker(["pull", "nosuch"], socket: socket)
        #expect(missing.status == 1)
        #expect(missing.error.hasPrefix("Error response from daemon: pull access denied for nosuch, repository does not exist"), "\(missing.error)")
    }

    /// Containers made, started, stopped and removed through the socket list and log as at the prompt
    /// (commands that print a new container's ID are checked for the ID's shape: IDs differ by world).
    @Test func containersThroughTheSocketBehaveAsAtThePrompt() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let steps: [(command: [String], printsID: Bool)] = [
            (["run", "-d", "--name", "web", "-p", "8080:80", "nginx"], true),
            (["create", "--name", "hello", "busybox", "sh", "-c", "echo hello; echo world; echo oops >&2"], true),
            (["start", "hello"], false), (["logs", "hello"], false), (["wait", "hello"], false),
            (["ps", "-a", "--format", "{{.Names}} {{.Image}} {{.Command}} {{.Ports}} {{.State}}"], false),
            (["stop", "web"], false), (["restart", "web"], false), (["kill", "web"], false), (["rm", "web", "hello"], false), (["ps", "-a", "-q"], false),
        ]
        let quoted = steps.map { Self.promptLine($0.command) }
        let expected = try prompt(["docker pull -q nginx", "docker pull -q busybox"] + quoted).dropFirst(2)
        try FileManager.default.removeItem(at: home)
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        _ = try docker(["pull", "-q", "nginx"], socket: socket)
        _ = try docker(["pull", "-q", "busybox"], socket: socket)
        for (step, prompted) in zip(steps, expected) {
            let real = try docker(step.command, socket: socket)
            #expect(real.status == 0, "docker \(step.command): \(real.error)")
            if step.printsID {
                #expect(real.output.count == 65 && prompted.count == 65, "docker \(step.command.joined(separator: " ")): \(real.output)")
            } else {
                #expect(real.output == prompted, "docker \(step.command.joined(separator: " "))")
            }
        }
        let missing = try docker(["kill", "nosuch"], socket: socket)
        #expect(missing.status == 1 && missing.error == "Error response from daemon: No such container: nosuch\n", "\(missing.error)")
    }

    /// The daemon's errors reach the CLI as Docker's; a request the API does not serve says so.
    @Test func errorsAreTheDaemonsAndWhatIsNotServedSaysSo() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        let missing = try docker(["image", "inspect", "nosuch"], socket: socket)
        #expect(missing.status == 1 && missing.error == "Error response from daemon: No such image: nosuch:latest\n")
        let filter = try docker(["ps", "--filter", "status=bogus"], socket: socket)
        #expect(filter.error.hasPrefix("Error response from daemon: invalid filter 'status=bogus': invalid value for state (bogus)"))
        let networks = try docker(["network", "ls"], socket: socket)
        #expect(networks.status != 0 && networks.error.contains("layerlab's Engine API does not serve GET /networks yet"), "\(networks.error)")
    }

    /// The daemon takes its socket away when it stops.
    @Test func aStoppedDaemonLeavesNoSocket() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let (daemon, socket) = try startDaemon()
        #expect(FileManager.default.fileExists(atPath: socket))
        var mode = stat()
        #expect(stat(socket, &mode) == 0 && mode.st_mode & 0o777 == 0o600, "the socket is the learner's alone")
        stop(daemon)
        #expect(daemon.exitStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: socket))
    }
}

/// The real Docker CLI on PATH, if there is one.
enum DockerCLIBinary {
    static var url: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("docker") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static var shouldRun: Bool {
        url != nil || ProcessInfo.processInfo.environment["LAYERLAB_REQUIRE_DOCKER_CLI"] == "1"
    }
}
