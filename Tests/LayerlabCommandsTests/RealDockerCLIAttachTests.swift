import Foundation
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
