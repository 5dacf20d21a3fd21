import Foundation
import LayerlabSession
import LayerlabTestSupport
import Testing

/// The REPL under a real pseudo-terminal (util-linux `script`): completion, history across runs, Ctrl-R,
/// Ctrl-C, and an editor started by `edit`.
@Suite(.waitsOnOtherPrograms) struct TerminalTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    /// Types `keystrokes` into layerlab running on a pty, once it shows its prompt (or the first-run
    /// question), pausing between chunks so libedit sees each. The waits sleep rather than block the
    /// thread; the first keys wait for the prompt, not for a fixed time, however loaded the machine.
    /// (Each test wakes on a thread of its own, `.waitsOnOtherPrograms`: on the shared pool, with the
    /// tests side by side, one once lost its keys.) `--name` is given
    /// unless `named` is false, so the first-run question does not take the first keystrokes.
    func type(_ keystrokes: [String], named: Bool = true, environment extra: [String: String] = [:]) async throws -> String {
        let command = "\(BuiltBinary.url.path) --home \(home.url.path)" + (named ? " --name tester" : "")
        let terminal = try LayerlabProcess(
            ["-qec", command, "/dev/null"], environment: ["TERM": "xterm", "NO_COLOR": "1"].merging(extra) { $1 },
            executable: URL(fileURLWithPath: "/usr/bin/script")
        )
        // Keys typed before libedit takes the terminal would meet the tty's own line editing (^R reprints).
        let ready = named ? ["layerlab:/workspace> "] : ["layerlab:/workspace> ", "What should layerlab call you?"]
        for _ in 0..<400 where !ready.contains(where: terminal.standardOutput.contains) { try await Task.sleep(for: .milliseconds(50)) }
        try await Task.sleep(for: .milliseconds(100))
        for chunk in keystrokes {
            terminal.type(chunk)
            try await Task.sleep(for: .milliseconds(300))
        }
        terminal.closeInput()
        // A prompt that never sees its `exit` fails the test instead of holding the run.
        for _ in 0..<3000 where terminal.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        if terminal.process.isRunning { Issue.record("layerlab was still running a minute after its last keystroke: \(terminal.standardOutput)") }
        terminal.wait(seconds: 1)
        return terminal.standardOutput.replacingOccurrences(of: "\r", with: "")
    }

    @Test func aFirstRunAtATerminalAsksTheLearnersNameOnce() async throws {
        let first = try await type(["Ada\n", "exit\n"], named: false)
        #expect(first.contains("Welcome to layerlab!"))
        #expect(first.contains("What should layerlab call you?"))
        #expect(first.contains("Hello, Ada. Type 'lessons' to see the course"))
        let again = try await type(["progress export --format csv\n", "exit\n"], named: false)
        #expect(!again.contains("What should layerlab call you?"), "asked once; the name is remembered")
        #expect(again.contains("Ada,docker-images,images-and-containers"), "the next run is Ada's")
    }

    @Test func aPasswordIsNotEchoedAndNotKeptInHistory() async throws {
        let screen = try await type(["docker login -u alice\n", "hunter2pw\n", "exit\n"])
        #expect(screen.contains("Password: "))
        #expect(screen.contains("Login Succeeded"))
        #expect(!screen.contains("hunter2pw"), "the password is typed with echo off")
        let history = try String(contentsOf: home.url.appendingPathComponent("history"), encoding: .utf8)
        #expect(history.contains("docker") && !history.contains("hunter2pw"))
        _ = try await type(["docker logout\n", "docker login\n", "alice\n", "hunter2pw\n", "exit\n"])
        let again = try String(contentsOf: home.url.appendingPathComponent("history"), encoding: .utf8)
        #expect(!again.split(separator: "\n").contains("alice"), "answers to a command's questions are not commands")
    }

    @Test func tabCompletesCommandWords() async throws {
        let screen = try await type(["hel\t", "tree\n", "exit\n"])
        #expect(screen.contains("tree: Show a folder and everything below it"))
        #expect(screen.contains("layerlab:/workspace> "))
        #expect(screen.contains("bye"))
    }

    @Test func historySurvivesARestartAndCtrlRSearchesIt() async throws {
        _ = try await type(["echo first-run-marker\n", "exit\n"])
        let history = try String(contentsOf: home.url.appendingPathComponent("history"), encoding: .utf8)
        #expect(history.contains("echo\\040first-run-marker"))
        // Ctrl-R, type part of the old line, Enter runs it again.
        let screen = try await type(["\u{12}", "first-run", "\n", "exit\n"])
        #expect(screen.components(separatedBy: "first-run-marker\n").count >= 2, "the recalled command ran: \(screen)")
    }

    /// Ctrl-R's search read Ctrl-C as the end of input, and layerlab exited. As in bash, it cancels the
    /// search and the line found, and the prompt goes on.
    @Test func ctrlCDuringCtrlRSearchCancelsTheSearch() async throws {
        let screen = try await type(["echo search-marker\n", "\u{12}", "search-m", "\u{03}", "echo still-here\n", "exit\n"])
        #expect(screen.contains("^C"))
        #expect(screen.contains("\nstill-here\n"), "the prompt went on after Ctrl-C: \(screen)")
        #expect(screen.components(separatedBy: "\nsearch-marker\n").count == 2, "the line the search found did not run: \(screen)")
    }

    /// vim and nano read the terminal: the editor must be in the terminal's foreground process group
    /// (a background job's read stops it or fails: vim's "Error reading input"), with the terminal as its
    /// input and output. This editor checks that, reads a line typed at the terminal and saves it.
    @Test func editHandsTheTerminalToTheEditor() async throws {
        try FileManager.default.createDirectory(at: home.url, withIntermediateDirectories: true)
        let editor = home.url.appendingPathComponent("terminal-checking-editor")
        try """
        #!/bin/sh
        read -r _ _ _ _ group _ _ foreground _ < /proc/$$/stat
        if [ -t 0 ] && [ -t 1 ] && [ "$group" = "$foreground" ]; then
            IFS= read -r line
            printf 'editor read: %s\\n' "$line" > "$1"
        else
            echo "the editor is not the terminal's foreground job: its group $group, the terminal's $foreground" > "$1"
        fi

        """.write(to: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
        let screen = try await type(["edit notes.txt\n", "typed-in-the-editor\n", "cat notes.txt\n", "exit\n"],
                              environment: ["VISUAL": editor.path, "EDITOR": editor.path])
        #expect(screen.contains("\neditor read: typed-in-the-editor\n"), "\(screen)")
        #expect(screen.contains("bye"))
    }

    /// The Docker CLI cancels BuildKit's context on Ctrl-C and the build fails naming nothing (docker/cli
    /// v28.2.2 cli/command/image/build.go hands the signal's context to the solve); at the prompt the
    /// build stops where it is, no image is named, and the prompt goes on.
    @Test func ctrlCStopsABuildAndNamesNothing() async throws {
        // Each step counts to 100,000 in the simulated shell: seconds per step, minutes for the build.
        let loop = #"RUN i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done"#
        let dockerfile = "FROM alpine:3.20\n" + (1...20).map { "\(loop) # step \($0)\n" }.joined()
        try FileManager.default.createDirectory(at: home.home.workspaceURL, withIntermediateDirectories: true)
        try dockerfile.write(to: home.home.workspaceURL.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        let screen = try await type(["docker pull -q alpine:3.20\n", "docker build -t slow .\n", "", "", "", "", "\u{03}",
                               "docker images --format 'listed {{.Repository}}:{{.Tag}}'\n", "echo after-build\n", "exit\n"])
        #expect(screen.contains("ERROR: failed to solve: Canceled: context canceled"), "the build was cancelled: \(screen)")
        #expect(screen.contains(" => CANCELED ["), "the step that was running reads CANCELED, as BuildKit's display shows it")
        #expect(screen.contains("listed alpine:3.20"))
        #expect(!screen.contains("listed slow:latest"), "an interrupted build names nothing")
        #expect(!screen.contains("# step 20"), "the build stopped before its last step")
        #expect(screen.contains("\nafter-build\n"), "the prompt went on")
    }

    @Test func ctrlCCancelsTheLineAndTheShellGoesOn() async throws {
        let screen = try await type(["echo never", "\u{03}", "echo after-interrupt\n", "exit\n"])
        #expect(screen.contains("^C"))
        #expect(!screen.contains("\nnever\n"), "the cancelled line did not run")
        #expect(screen.contains("after-interrupt\n"))
    }
}
