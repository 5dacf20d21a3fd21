import Foundation
import LayerlabTestSupport
import Testing

/// The real Docker CLI against `layerlab daemon` for what moves images and files: push to a
/// `registry:2` container and to the Hub, login, commit, save and load, the prunes, diff, cp both
/// ways and system df. Each prints what layerlab's prompt prints for the same commands on a world of
/// its own; where a command prints IDs that differ by world (a new container's, a commit's), every
/// 64-hex ID is compared as `<id>`.
@Suite(.enabled(if: DockerCLIBinary.shouldRun, "the docker CLI is not on PATH"), .waitsOnOtherPrograms)
struct RealDockerCLITransferTests: RealDockerCLISuite {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-api-\(UUID().uuidString)")

    /// A command as typed at the prompt and as given to the real CLI, which names local files by
    /// absolute paths where the prompt names them in its workspace.
    struct Step {
        var prompt: String
        var real: [String]
        /// Whether the output holds IDs of this world (a new container's, an image made here).
        var hasIDs = false

        init(_ real: [String], hasIDs: Bool = false) {
            self.init(prompt: RealDockerCLITransferTests.promptLine(real), real: real, hasIDs: hasIDs)
        }

        init(prompt: String, real: [String], hasIDs: Bool = false) {
            self.prompt = prompt
            self.real = real
            self.hasIDs = hasIDs
        }
    }

    /// Every full (64-hex) ID as `<id>`.
    static func withoutIDs(_ text: String) -> String {
        text.replacingOccurrences(of: "[0-9a-f]{64}", with: "<id>", options: .regularExpression)
    }

    /// Each step through the socket succeeds and prints what the prompt printed for it.
    func expectSame(_ steps: [Step], as expected: [String], socket: String) throws {
        #expect(steps.count == expected.count, "the prompt's outputs: \(expected)")
        for (step, prompted) in zip(steps, expected) {
            let real = try docker(step.real, socket: socket)
            #expect(real.status == 0, "\(step.prompt): \(real.error)")
            if step.hasIDs {
                #expect(Self.withoutIDs(real.output) == Self.withoutIDs(prompted), "\(step.prompt)")
            } else {
                #expect(real.output == prompted, "\(step.prompt)")
            }
        }
    }

    /// Runs each command on the daemon, which must succeed; what they print is not compared.
    func prepare(_ commands: [[String]], socket: String) throws {
        for command in commands {
            let result = try docker(command, socket: socket)
            #expect(result.status == 0, "docker \(command.joined(separator: " ")): \(result.error)")
        }
    }

    @Test func pushAndLoginPrintWhatThePromptPrints() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        // The daemon's registry listens on this port for real: not 5000, which the course replay's
        // registry (lesson 11) may hold at the same moment.
        let port = try HeldPort.free()
        let setup = [
            ["pull", "-q", "alpine:3.20"], ["pull", "-q", "registry:2"], ["run", "-d", "-p", "\(port):5000", "--name", "registry", "registry:2"],
            ["tag", "alpine:3.20", "localhost:\(port)/alpine:3.20"], ["tag", "alpine:3.20", "alice/alpine:1"],
        ]
        let steps = [
            // To a registry:2 container: every layer pushed, then already there.
            Step(["push", "localhost:\(port)/alpine:3.20"]), Step(["push", "localhost:\(port)/alpine:3.20"]),
            // registry:2 without auth takes any login; the Hub makes the account on the first one.
            Step(["login", "-u", "alice", "-p", "secret123", "localhost:\(port)"]), Step(["login", "-u", "alice", "-p", "secret123"]),
            // With the login the CLI saved, sent as X-Registry-Auth: the layers mount from library/alpine.
            Step(["push", "alice/alpine:1"]),
        ]
        let expected = try prompt(setup.map(Self.promptLine) + steps.map(\.prompt)).dropFirst(setup.count)
        try FileManager.default.removeItem(at: home)
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        try prepare(setup, socket: socket)
        try expectSame(steps, as: Array(expected), socket: socket)

        let refused = try docker(["login", "-u", "alice", "-p", "wrong-password"], socket: socket)
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.error.contains("Error response from daemon: Get \"https://registry-1.docker.io/v2/\": unauthorized: incorrect username or password"), "\(refused.error)")
        let missing = try docker(["push", "localhost:\(port)/nosuch:1"], socket: socket)
        #expect(missing.status == 1 && missing.output == "The push refers to repository [localhost:\(port)/nosuch]\n", "\(missing.output)")
        #expect(missing.error.contains("An image does not exist locally with the tag: localhost:\(port)/nosuch"), "\(missing.error)")
    }

    @Test func commitSaveLoadAndPrunesPrintWhatThePromptPrints() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let setup = [["pull", "-q", "busybox"]]
        let archive = home.appendingPathComponent("local/mybox.tar").path
        let steps = [
            Step(["create", "--name", "box", "busybox", "sh", "-c", "echo hi > /hello.txt"], hasIDs: true),
            Step(["start", "box"]), Step(["diff", "box"]),
            Step(["commit", "-m", "added hello", "-a", "Ada", "box", "mybox:1"], hasIDs: true),
            Step(["image", "inspect", "--format", "{{.Author}}|{{.Comment}}", "mybox:1"]),
            Step(prompt: "docker save -o mybox.tar mybox:1", real: ["save", "-o", archive, "mybox:1"]),
            Step(["rmi", "mybox:1"], hasIDs: true),
            Step(prompt: "docker load -i mybox.tar", real: ["load", "-i", archive]),
            Step(["images", "--format", "{{.Repository}}:{{.Tag}} {{.Size}}"]),
            Step(["container", "prune", "-f"], hasIDs: true),
            Step(["image", "prune", "-f"]),
            Step(["image", "prune", "-a", "-f"], hasIDs: true),
            Step(["images", "-q"]),
        ]
        let expected = try prompt(setup.map(Self.promptLine) + steps.map(\.prompt)).dropFirst(setup.count)
        try FileManager.default.removeItem(at: home)
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        try FileManager.default.createDirectory(at: home.appendingPathComponent("local"), withIntermediateDirectories: true)
        try prepare(setup, socket: socket)
        try expectSame(steps, as: Array(expected), socket: socket)
    }

    @Test func diffCopyAndSystemDFPrintWhatThePromptPrints() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let local = home.appendingPathComponent("local")
        func path(_ name: String) -> String { local.appendingPathComponent(name).path }
        let setup = ["docker pull -q busybox", "echo hello > note.txt", "mkdir -p assets/css", "echo 'body {}' > assets/css/site.css", "mkdir out"]
        let steps = [
            Step(["run", "-d", "--name", "keep", "busybox", "sh", "-c", "echo kept > /kept.txt; sleep 1000"], hasIDs: true),
            // Into a folder that exists, and under a new name into its parent.
            Step(prompt: "docker cp note.txt keep:/tmp/", real: ["cp", path("note.txt"), "keep:/tmp/"]),
            Step(prompt: "docker cp assets keep:/tmp/static", real: ["cp", path("assets"), "keep:/tmp/static"]),
            Step(["diff", "keep"]),
            // Out: a file under a new name, a folder into a folder.
            Step(prompt: "docker cp keep:/kept.txt out/kept.txt", real: ["cp", "keep:/kept.txt", path("out/kept.txt")]),
            Step(prompt: "docker cp keep:/tmp/static out", real: ["cp", "keep:/tmp/static", path("out")]),
            Step(["system", "df"]),
        ]
        let expected = try prompt(setup + steps.map(\.prompt)).dropFirst(setup.count)
        try FileManager.default.removeItem(at: home)
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        try FileManager.default.createDirectory(at: local.appendingPathComponent("assets/css"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: local.appendingPathComponent("out"), withIntermediateDirectories: true)
        try Data("hello\n".utf8).write(to: local.appendingPathComponent("note.txt"))
        try Data("body {}\n".utf8).write(to: local.appendingPathComponent("assets/css/site.css"))
        try prepare([["pull", "-q", "busybox"]], socket: socket)
        try expectSame(steps, as: Array(expected), socket: socket)
        #expect(try String(contentsOfFile: path("out/kept.txt"), encoding: .utf8) == "kept\n")
        #expect(try String(contentsOfFile: path("out/static/css/site.css"), encoding: .utf8) == "body {}\n")

        let missing = try docker(["cp", "keep:/nope", path("out")], socket: socket)
        #expect(missing.status == 1 && missing.error == "Error response from daemon: Could not find the file /nope in container keep\n", "\(missing.error)")
        // layerlab runs no processes, so there is no list to show; it says so (the prompt says top is not simulated).
        let top = try docker(["top", "keep"], socket: socket)
        #expect(top.status == 1 && top.error.contains("layerlab: docker top (layerlab runs no processes"), "\(top.error)")
    }
}
