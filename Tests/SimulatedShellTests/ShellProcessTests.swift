import ImageCatalog
import ImageModel
import LayerStore
import SimulatedShell
import Testing

@Suite struct ShellProcessTests {
    static let catalog = try! ImageCatalog.bundled()

    func process(_ image: String, environment: [String: String] = [:]) throws -> ShellProcess {
        let layers = try #require(Self.catalog.image(for: ImageReference.parse(image))).layers
        return ShellProcess(fileSystem: ContainerFileSystem(lower: UnionView(layers: layers)), environment: environment)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let script: String
        let output: String
        var status: Int32 = 0
        var testDescription: String { script }
    }

    @Test(arguments: [
        Case(script: "echo hello world", output: "hello world\n"),
        Case(script: "echo one && echo two || echo three", output: "one\ntwo\n"),
        Case(script: "false || echo fallback; echo after", output: "fallback\nafter\n"),
        Case(script: "NAME=World; echo \"Hello, $NAME\" '$NAME'", output: "Hello, World $NAME\n"),
        Case(script: "X='a  b'; for w in $X \"$X\"; do echo \"[$w]\"; done", output: "[a]\n[b]\n[a  b]\n"),
        Case(script: "echo ${MISSING:-default} ${#HOME} $((2 + 3 * 4))", output: "default 5 14\n"),
        Case(script: "V=archive.tar.gz; echo ${V%.gz} ${V%%.*} ${V#*.}", output: "archive.tar archive tar.gz\n"),
        Case(script: "echo \"$(echo inner) and `echo back`\"", output: "inner and back\n"),
        Case(script: "if [ -f /etc/os-release ]; then echo yes; else echo no; fi", output: "yes\n"),
        Case(script: "if test -d /nope; then echo yes; elif [ 1 -lt 2 ]; then echo elif; fi", output: "elif\n"),
        Case(script: "cat /etc/alpine-release | head -n 1", output: "3.20.3\n"),
        Case(script: "printf '%s=%d\\n' answer 42", output: "answer=42\n"),
        Case(script: "cd /etc && pwd && cd apk && pwd", output: "/etc\n/etc/apk\n"),
        Case(script: "(cd /tmp; pwd); pwd", output: "/tmp\n/\n"),
        Case(script: "set -e; false; echo never", output: "", status: 1),
        Case(script: "set -e; false || true; echo survives", output: "survives\n"),
        Case(script: "exit 3; echo never", output: "", status: 3),
        Case(script: "! true", output: "", status: 1),
        Case(script: "sh -c 'echo $0 $1' first second", output: "first second\n"),
        Case(script: "whoami; id", output: "root\nuid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n"),
        Case(script: "command -v apk; which nothing || echo missing", output: "/sbin/apk\nmissing\n"),
        Case(script: "set -- a 'b c'; for w in \"$@\"; do echo \"[$w]\"; done; echo ${1#a} ${2:-none} $#", output: "[a]\n[b c]\nb c 2\n"),
        Case(script: "X=1; export Y=2; sh -c 'echo [$X] [$Y]; cd /tmp; Z=3'; pwd; echo [$Z]", output: "[] [2]\n/\n[]\n"),
        Case(script: "exec echo replaced; echo never", output: "replaced\n"),
        Case(script: "for f in a.yml x.conf '*'; do case $f in *.yaml|*.yml) echo yaml;; \"*\") echo star;; *) echo other;; esac; done",
             output: "yaml\nother\nstar\n"),
        Case(script: "case serve in\n  (serve|help) echo cmd ;;\n  *) ;;\nesac\ncase nope in a) echo a;; esac; echo $?", output: "cmd\n0\n"),
    ])
    func runsScriptsLikeSh(_ testCase: Case) throws {
        let result = try process("alpine:3.20").run(script: testCase.script)
        #expect(result.standardOutput == testCase.output)
        #expect(result.status == testCase.status)
    }

    @Test func missingProgramsFailAsTheImagesShellSays() throws {
        let alpine = try process("alpine:3.20").run(script: "bash -c 'echo hi'")
        #expect(alpine.standardError == "/bin/sh: bash: not found\n")
        #expect(alpine.status == 127)
        let debian = try process("debian:bookworm-slim").run(script: "apk add curl")
        #expect(debian.standardError == "/bin/sh: 1: apk: not found\n")
        #expect(debian.status == 127)
    }

    @Test func filesChangeOnlyTheUpperLayer() throws {
        let shell = try process("alpine:3.20")
        let result = shell.run(script: """
        mkdir -p /app/data && cd /app && echo 'print("hi")' > app.py && echo more >> app.py
        cp app.py copy.py && mv copy.py moved.py && chmod +x moved.py && ln -s moved.py link.py
        rm /etc/motd 2>/dev/null; rm -f /etc/shells; touch data/empty
        cat app.py; ls /app
        """)
        #expect(result.standardOutput == "print(\"hi\")\nmore\napp.py\ndata\nlink.py\nmoved.py\n")
        let diff = shell.fileSystem.diff.map { "\($0.kind) \($0.path)" }
        #expect(diff == ["A /app", "A /app/app.py", "A /app/data", "A /app/data/empty", "A /app/link.py", "A /app/moved.py", "C /etc", "D /etc/shells"])
        #expect(shell.fileSystem.entry(at: "/app/moved.py")?.mode == 0o755)
    }

    @Test func globsMatchTheContainersFiles() throws {
        let shell = try process("debian:bookworm-slim")
        let result = shell.run(script: "echo /etc/host*; rm -rf /var/lib/apt/lists/*; ls /var/lib/apt/lists | wc -l; echo /nope/*")
        #expect(result.standardOutput == "/etc/hostname\n0\n/nope/*\n")
    }

    @Test func heredocsAndRedirections() throws {
        let shell = try process("alpine:3.20")
        let result = shell.run(script: "NAME=x\ncat <<EOF > /tmp/out\nvalue $NAME\nEOF\ncat <<'EOF' >> /tmp/out\nraw $NAME\nEOF\ncat /tmp/out; cat /nope 2>&1 | head -1")
        #expect(result.standardOutput == "value x\nraw $NAME\ncat: can't open '/nope': No such file or directory\n")
    }

    @Test func programsLayerlabDoesNotSimulateAreReportedNotFaked() throws {
        let shell = try process("python:3.12-alpine")
        let result = shell.run(script: "python3 -c 'print(1)'; echo next")
        #expect(result.standardOutput == "next\n")
        #expect(result.standardError.contains("`python3` is not simulated"))
        #expect(shell.unsimulated == ["python3"])
    }

    @Test func usersComeFromTheImagesPasswd() throws {
        let shell = try process("node:20-alpine")
        shell.user = ShellProcess.User(name: "node", uid: 1000, gid: 1000)
        let result = shell.run(script: "whoami; touch /tmp/f; ls -l /tmp/f")
        #expect(result.standardOutput == "node\n-rw-r--r--    1 node     node             0 Jan  1  1970 /tmp/f\n")
    }

    @Test func shellScriptsRunThroughTheirInterpreter() throws {
        let shell = try process("alpine:3.20")
        let script = "#!/bin/sh\nset -e\necho \"$0 got $# args: $*\"\ncd /tmp\nexec echo \"last: $1\"\n"
        shell.fileSystem.createDirectories("/app")
        shell.fileSystem.write(.file("/app/run.sh", .text(script), mode: 0o755))
        shell.fileSystem.write(.file("/app/plain.sh", .text(script), mode: 0o644))
        shell.fileSystem.write(.file("/app/bash.sh", .text("#!/bin/bash\necho hi\n"), mode: 0o755))
        let run = shell.run(script: "cd /app && ./run.sh one two; pwd")
        #expect(run.standardOutput == "./run.sh got 2 args: one two\nlast: one\n/app\n", "the script's cd stays in the script")
        #expect(shell.unsimulated.isEmpty)
        #expect(shell.run(script: "/app/plain.sh").status == 126, "no execute bit: Permission denied")
        let bash = shell.run(script: "/app/bash.sh")
        #expect(bash.status == 127, "Alpine has no bash, so the script's interpreter is not found")
        #expect(bash.standardError == "/bin/sh: /app/bash.sh: not found\n")
    }
}
