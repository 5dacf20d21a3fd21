import Foundation
import LayerlabTestSupport
import Testing

/// The course with the real CLI: the prompt serves its world while it runs, so a change through the
/// socket shows at the prompt at once, is announced when it reaches the goal, and is undone by `undo`;
/// `layerlab lesson`, `check` and `env` work from any shell, with or without a program serving.
extension RealDockerCLITests {
    @Test func thePromptServesItsWorldAndJudgesWhatTheCLIDoes() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let prompt = try LayerlabProcess(["--home", home.path, "--serve"])
        let socket = home.appendingPathComponent("docker.sock").path
        prompt.send("lesson 1")
        #expect(prompt.waitFor("Exercise 1.1 (pull-alpine)"))
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socket) && Date() < deadline { usleep(10_000) }
        let pulled = try docker(["pull", "-q", "alpine:3.20"], socket: socket)
        #expect(pulled.status == 0, "\(pulled.error)")
        #expect(prompt.waitFor("Goal reached: exercise 1.1 (pull-alpine)", seconds: 10), "\(prompt.standardOutput)")
        prompt.send("docker images --format '{{.Repository}}:{{.Tag}}'")
        #expect(prompt.waitFor("alpine:3.20\n"))
        // From another shell, the prompt answers: it holds the world.
        let checked = try BuiltBinary.run(["check", "--home", home.path], input: "")
        #expect(checked.status == 0 && checked.output.contains("[x] alpine:3.20 exists"), "\(checked.output)\(checked.error)")
        // Undo takes back what came through the socket too, and the socket sees it at once.
        prompt.send("undo")
        #expect(prompt.waitFor("Undid: docker-api POST /images/create fromImage=docker.io/library/alpine tag=3.20"), "\(prompt.standardOutput)")
        let listed = try docker(["images", "-q"], socket: socket)
        #expect(listed.output.isEmpty, "\(listed.output)")
        prompt.closeInput()
        prompt.wait(seconds: 20)
        #expect(prompt.exitStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: socket), "the prompt takes its socket away")
        // With nothing serving, `layerlab check` opens the world itself.
        let alone = try BuiltBinary.run(["check", "--home", home.path], input: "")
        #expect(alone.status == 1 && alone.output.contains("[ ] there is no image alpine:3.20 yet"), "\(alone.output)\(alone.error)")
        let environment = try BuiltBinary.run(["env", "--home", home.path], input: "")
        #expect(environment.output == "export DOCKER_HOST=unix://\(socket)\n")
    }

    /// `layerlab daemon` announces goals reached through its socket on its own output.
    @Test func theDaemonAnnouncesGoals() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        _ = try BuiltBinary.run(["lesson", "1", "--home", home.path], input: "")
        let opened = try BuiltBinary.run(["next", "--home", home.path], input: "")
        #expect(opened.output.contains("Exercise 1.2"), "\(opened.output)\(opened.error)")
        let hint = try BuiltBinary.run(["hint", "--home", home.path], input: "")
        #expect(hint.output.contains("docker run"), "\(hint.output)")
        let ran = try docker(["run", "-d", "--name", "web", "-p", "8080:80", "nginx:1.27"], socket: socket)
        #expect(ran.status == 0, "\(ran.error)")
        #expect(daemon.waitFor("Goal reached: exercise 1.2 (run-a-web-server)", seconds: 10), "\(daemon.standardOutput)")
    }
}

/// While a command at the prompt holds the session (here `docker login` waiting for its answers), a
/// request that would change the world waits for it, and the others are answered meanwhile.
extension RealDockerCLITests {
    @Test(.timeLimit(.minutes(1))) func aBusyPromptHoldsOnlyTheRequestsThatWaitForIt() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let prompt = try LayerlabProcess(["--home", home.path, "--serve"])
        defer { prompt.closeInput(); prompt.wait(seconds: 20) }
        let socket = home.appendingPathComponent("docker.sock").path
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socket) && Date() < deadline { usleep(10_000) }
        prompt.send("docker login")
        #expect(prompt.waitFor("Log in with your Docker ID"))
        let cli = try #require(DockerCLIBinary.url)
        let pull = Process()
        pull.executableURL = cli
        pull.arguments = ["pull", "-q", "alpine:3.20"]
        pull.environment = ["DOCKER_HOST": "unix://" + socket, "DOCKER_CONFIG": home.appendingPathComponent("cli").path]
        pull.standardOutput = FileHandle.nullDevice
        try pull.run()
        usleep(500_000)
        #expect(pull.isRunning, "the pull waits for the prompt's command")
        let listed = try docker(["ps"], socket: socket)
        #expect(listed.status == 0 && listed.output.hasPrefix("CONTAINER ID"), "\(listed)")
        prompt.send("learner1")
        prompt.send("learner1-password")
        pull.waitUntilExit()
        #expect(pull.terminationStatus == 0)
        #expect(try docker(["images", "-q"], socket: socket).output.count == 13)
    }
}
