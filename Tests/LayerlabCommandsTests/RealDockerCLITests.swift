import Foundation
import LayerlabTestSupport
import Testing

/// The real Docker CLI (28.2, client only, on every machine of this kind) against `layerlab daemon`:
/// for each command the API serves, what the CLI prints must be what layerlab's prompt prints for the
/// same command on the same world. Where the CLI is missing the suite is skipped, unless CI asks for
/// it (`LAYERLAB_REQUIRE_DOCKER_CLI=1`), and then it fails.
@Suite(.enabled(if: DockerCLIBinary.shouldRun, "the docker CLI is not on PATH"), .waitsOnOtherPrograms)
struct RealDockerCLITests: RealDockerCLISuite {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-api-\(UUID().uuidString)")

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
        #expect(networks.status != 0 && networks.error.contains("layerlab's Engine API does not serve GET /networks: layerlab simulates images, builds, containers, volumes and registries"), "\(networks.error)")
        // `docker system prune` asks for every prune, networks' and the build cache's among them.
        let pruned = try docker(["system", "prune", "-f"], socket: socket)
        #expect(pruned.status == 0 && pruned.output == "Total reclaimed space: 0B\n", "\(pruned)")
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
