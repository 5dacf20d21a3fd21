import Foundation
import LayerlabTestSupport
import Testing

/// `docker run` without `-d`, `start -a`, `wait` and `logs -f` through the socket: the real CLI attaches
/// (a hijacked connection), waits (an answer whose head comes first, its body when the container ends)
/// and starts, and prints what the prompt prints, with the container's exit status as its own.
extension RealDockerCLITests {
    @Test func attachedRunsPrintWhatThePromptPrints() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let steps: [(command: [String], status: Int32)] = [
            (["run", "--rm", "alpine:3.20", "echo", "hi"], 0),
            (["run", "--name", "fails", "alpine:3.20", "sh", "-c", "echo out; echo err >&2; exit 3"], 3),
            (["start", "-a", "fails"], 3),
            (["wait", "fails"], 0),
            (["logs", "-f", "fails"], 0),
            (["run", "--rm", "alpine:3.20", "cat", "/etc/alpine-release"], 0),
            (["ps", "-a", "--format", "{{.Names}} {{.Status}}"], 0),
        ]
        let expected = try prompt(["docker pull -q alpine:3.20"] + steps.map { Self.promptLine($0.command) }).dropFirst()
        try FileManager.default.removeItem(at: home)
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        _ = try docker(["pull", "-q", "alpine:3.20"], socket: socket)
        for (step, prompted) in zip(steps, expected) {
            let real = try docker(step.command, socket: socket)
            #expect(real.status == step.status, "docker \(step.command.joined(separator: " ")): \(real.error)")
            #expect(real.output == prompted, "docker \(step.command.joined(separator: " "))")
        }
        // Standard error stays apart, as the frames of a container without a terminal keep it.
        let failing = try docker(["start", "-a", "fails"], socket: socket)
        #expect(failing.output == "out\n" && failing.error == "err\n")
        let missing = try docker(["run", "--rm", "alpine:3.20", "nosuch"], socket: socket)
        #expect(missing.status == 127, "moby's status for a command that is not found: \(missing.error)")
    }
}

/// `docker exec` and the shells of `run -it`/`exec -it` through the socket: commands run in the
/// container, a shell reads what is piped or typed, and each ends with the status moby reports.
extension RealDockerCLITests {
    @Test func execAndShellsThroughTheSocket() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        _ = try docker(["pull", "-q", "alpine:3.20"], socket: socket)
        _ = try docker(["pull", "-q", "nginx"], socket: socket)
        _ = try docker(["run", "-d", "--name", "web", "nginx"], socket: socket)
        let listed = try docker(["exec", "web", "ls", "/usr/share/nginx/html"], socket: socket)
        #expect(listed.status == 0 && listed.output.contains("index.html\n"), "\(listed)")
        // moby records 126 for an exec that could not start, and writes why on its stream.
        let missing = try docker(["exec", "web", "nosuch"], socket: socket)
        #expect(missing.status == 126 && missing.output.contains("exec: \"nosuch\": executable file not found in $PATH"), "\(missing)")
        let stopped = try docker(["exec", "nosuch", "ls"], socket: socket)
        #expect(stopped.status == 1 && stopped.error == "Error response from daemon: No such container: nosuch\n", "\(stopped)")
        // -w and -e as runc gives them: the folder must be there.
        let folder = try docker(["exec", "-w", "/etc", "-e", "GREETING=hi", "web", "sh", "-c", "pwd; echo $GREETING"], socket: socket)
        #expect(folder.status == 0 && folder.output == "/etc\nhi\n", "\(folder)")
        let nowhere = try docker(["exec", "-w", "/nope", "web", "pwd"], socket: socket)
        #expect(nowhere.status == 126 && nowhere.output.contains("chdir to cwd (\"/nope\") set in config.json failed"), "\(nowhere)")
        let inFolder = try docker(["exec", "-i", "-w", "/usr", "web", "sh"], socket: socket, input: "pwd\n")
        #expect(inFolder.output == "/usr\n", "\(inFolder)")
        // A piped shell reads lines as they come: no prompt, no echo; its exit is the exec's status.
        let piped = try docker(["exec", "-i", "web", "sh"], socket: socket, input: "echo hello > /tmp/x\ncat /tmp/x\nexit 4\n")
        #expect(piped.status == 4 && piped.output == "hello\n", "\(piped)")
        let mainShell = try docker(["run", "-i", "--rm", "alpine:3.20", "sh"], socket: socket, input: "cd /etc\npwd\n")
        #expect(mainShell.status == 0 && mainShell.output == "/etc\n", "\(mainShell)")
        // On a terminal: the prompt, what is typed echoed back, backspace rubbed out, CR LF line ends.
        let typed = try dockerOnTerminal(["run", "-it", "--name", "box", "alpine:3.20", "sh"], keys: ["echo hi\r", "cd /etc\r", "ab\u{7F}c\r", "exit 3\r"], socket: socket)
        #expect(typed.status == 3)
        #expect(typed.shown == "/ # echo hi\r\nhi\r\n/ # cd /etc\r\n/etc # ab\u{8} \u{8}c\r\n/bin/sh: ac: not found\r\n/etc # exit 3\r\n", "\(typed.shown.debugDescription)")
        let state = try docker(["ps", "-a", "--filter", "name=box", "--format", "{{.Status}}"], socket: socket)
        #expect(state.output.hasPrefix("Exited (3)"))
        let bash = try dockerOnTerminal(["exec", "-it", "web", "bash"], keys: ["pwd\r", "\u{4}"], socket: socket)
        #expect(bash.status == 0 && bash.shown.hasPrefix("root@") && bash.shown.contains(":/# pwd\r\n/\r\n"), "\(bash.shown.debugDescription)")
    }
}

/// `docker events`: what happened to containers, kept for `--since` and streamed as it happens, in
/// moby's events (create, start, die with the exit code, destroy).
extension RealDockerCLITests {
    @Test func eventsTellWhatHappenedToContainers() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        _ = try docker(["pull", "-q", "alpine:3.20"], socket: socket)
        _ = try docker(["run", "--rm", "--name", "hello", "alpine:3.20", "sh", "-c", "exit 4"], socket: socket)
        let until = String(Int(Date().timeIntervalSince1970) + 1)
        let past = try docker(["events", "--since", "0", "--until", until, "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.exitCode}}"], socket: socket)
        #expect(past.status == 0 && past.output == "container create hello <no value>\ncontainer start hello <no value>\ncontainer die hello 4\ncontainer destroy hello <no value>\n", "\(past)")
        let filtered = try docker(["events", "--since", "0", "--until", until, "--filter", "event=die", "--format", "{{.Action}}"], socket: socket)
        #expect(filtered.output == "die\n")
        let unknown = try docker(["events", "--since", "0", "--until", until, "--filter", "volume=x"], socket: socket)
        #expect(unknown.status != 0 && unknown.error.contains("invalid filter 'volume': layerlab's events cover containers only"), "\(unknown)")
    }
}

/// TCP only when asked for, on the address given; a --host that is neither form is refused.
extension RealDockerCLITests {
    @Test func theDaemonListensOnTCPWhenAsked() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let port = try HeldPort.free()
        let daemon = try LayerlabProcess(["daemon", "--home", home.path, "--host", "tcp://127.0.0.1:\(port)"])
        defer { stop(daemon) }
        #expect(daemon.waitFor("export DOCKER_HOST=tcp://127.0.0.1:\(port)"), "\(daemon.standardError)")
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("docker.sock").path))
        let cli = try #require(DockerCLIBinary.url)
        let process = Process()
        process.executableURL = cli
        process.arguments = ["version", "--format", "{{.Server.Version}}"]
        process.environment = ["DOCKER_HOST": "tcp://127.0.0.1:\(port)", "DOCKER_CONFIG": home.appendingPathComponent("cli").path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let said = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: said, as: UTF8.self) == "28.2.2\n")
        let refused = try BuiltBinary.run(["daemon", "--home", home.path, "--host", "http://127.0.0.1:1"], input: "")
        #expect(refused.status != 0 && refused.error.contains("--host takes unix://PATH or tcp://HOST:PORT"))
    }
}

/// A wait hears of a container removed by force while it runs (moby kills it first: 137), and a
/// TCP address off this machine is refused: the API has no authentication.
extension RealDockerCLITests {
    @Test func aForcedRemovalEndsAWaitAndTCPStaysLocal() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        _ = try docker(["pull", "-q", "nginx"], socket: socket)
        _ = try docker(["run", "-d", "--name", "web", "nginx"], socket: socket)
        let cli = try #require(DockerCLIBinary.url)
        let waiting = Process()
        waiting.executableURL = cli
        waiting.arguments = ["wait", "web"]
        waiting.environment = ["DOCKER_HOST": "unix://" + socket, "DOCKER_CONFIG": home.appendingPathComponent("cli").path]
        let said = Pipe()
        waiting.standardOutput = said
        try waiting.run()
        usleep(300_000)
        let removed = try docker(["rm", "-f", "web"], socket: socket)
        #expect(removed.status == 0)
        let answer = said.fileHandleForReading.readDataToEndOfFile()
        waiting.waitUntilExit()
        #expect(String(decoding: answer, as: UTF8.self) == "137\n")
        let remote = try BuiltBinary.run(["daemon", "--home", home.path, "--host", "tcp://0.0.0.0:2375"], input: "")
        #expect(remote.status != 0 && remote.error.contains("listens on this machine only"), "\(remote.error)")
    }
}
