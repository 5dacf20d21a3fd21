import SimulatedShell
import Testing

/// Functions and the builtins entrypoint scripts lean on (`local`, `return`, `read`, `.`, `eval`,
/// `umask`, `break`/`continue`, `set -u`), in each image's shell. Every expected output is what
/// Debian bookworm's dash 0.5.12 and bash 5.2 and BusyBox 1.35's ash (Debian's busybox-static)
/// print for the same script with `sh -c` on this machine; where the shells differ, each case says so.
@Suite struct ShellFunctionsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let script: String
        let output: String
        var status: Int32 = 0
        var testDescription: String { script }
    }

    /// What the three shells print alike.
    static let everyShell: [Case] = [
        Case(script: "f() { echo \"in $# $1 $2\"; return 3; }; f a 'b c'; echo \"st=$?\"", output: "in 2 a b c\nst=3\n"),
        Case(script: "f() { echo \"$1\"; }; set -- outer; f inner; echo \"$1\"", output: "inner\nouter\n"),
        Case(script: "umask; umask 077; umask; umask -S; (umask 0); umask", output: "0022\n0077\nu=rwx,g=,o=\n0077\n"),
        Case(script: "printf 'a b\\nc\\n' | { read x y; read z; echo \"[$x][$y][$z]\"; }", output: "[a][b][c]\n"),
        Case(script: "echo hi | read v; echo \"[$v]\"", output: "[]\n"),
        Case(script: "while read -r line; do echo \"<$line>\"; done <<EOF\none\ntwo\nEOF", output: "<one>\n<two>\n"),
        Case(script: "for i in 1 2 3; do for j in a b; do [ $j = b ] && continue 2; echo $i$j; done; done", output: "1a\n2a\n3a\n"),
        Case(script: "for i in 1 2 3; do [ $i = 2 ] && break; echo $i; done", output: "1\n"),
        Case(script: "cmd='echo evaluated'; eval \"$cmd\"", output: "evaluated\n"),
        Case(script: "echo 'echo sourced $1; return 4; echo no' > /tmp/s.sh; . /tmp/s.sh; echo \"st=$?\"", output: "sourced\nst=4\n"),
        Case(script: "set -e; f() { false; echo no; }; f || echo caught; echo end", output: "no\nend\n"),
        Case(script: "[ -n x -a -z \"\" ] && echo and; [ -z x -o 1 -eq 1 ] && echo or", output: "and\nor\n"),
        Case(script: "g() ( cd /tmp; pwd ); g; pwd", output: "/tmp\n/\n"),
        Case(script: "f() { echo inside; } > /tmp/f.out; f; cat /tmp/f.out", output: "inside\n"),
        Case(script: "{ echo a; echo b >&2; } 2>&1 >/dev/null | tr a-z A-Z", output: "B\n"),
        Case(script: "x=$(false); echo \"st=$?\"", output: "st=1\n"),
    ]

    @Test(arguments: everyShell)
    func dashRunsFunctionsAndBuiltins(_ testCase: Case) throws {
        let result = try ImageShell.run(testCase.script, in: ImageShell.gnu)
        #expect(result.standardOutput == testCase.output)
        #expect(result.status == testCase.status)
    }

    @Test(arguments: everyShell)
    func ashRunsFunctionsAndBuiltins(_ testCase: Case) throws {
        let result = try ImageShell.run(testCase.script, in: ImageShell.busybox)
        #expect(result.standardOutput == testCase.output)
        #expect(result.status == testCase.status)
    }

    @Test(arguments: everyShell)
    func bashRunsFunctionsAndBuiltins(_ testCase: Case) throws {
        let shell = try ImageShell.make(ImageShell.gnu)
        shell.environment["SCRIPT"] = testCase.script
        let result = shell.run(script: "bash -c \"$SCRIPT\"")
        #expect(result.standardOutput == testCase.output)
        #expect(result.status == testCase.status)
    }

    @Test func localKeepsTheValueInDashAndUnsetsItInAshAndBash() throws {
        let script = "x=5; g() { local x; echo \"g[$x]\"; x=2; }; g; echo \"after[$x]\""
        #expect(try ImageShell.run(script, in: ImageShell.gnu).standardOutput == "g[5]\nafter[5]\n")
        #expect(try ImageShell.run(script, in: ImageShell.busybox).standardOutput == "g[]\nafter[5]\n")
        let bash = try ImageShell.make(ImageShell.gnu)
        bash.environment["SCRIPT"] = script
        #expect(bash.run(script: "bash -c \"$SCRIPT\"").standardOutput == "g[]\nafter[5]\n")
    }

    @Test func commandAndTypeKnowFunctions() throws {
        let script = "command -v f; f() { :; }; command -v f; type f"
        #expect(try ImageShell.run(script, in: ImageShell.gnu).standardOutput == "f\nf is a shell function\n")
        #expect(try ImageShell.run(script, in: ImageShell.busybox).standardOutput == "f\nf is a function\n")
    }

    @Test func anUnsetVariableEndsTheShellUnderSetU() throws {
        let script = "set -u; echo \"${UNSET:-ok}\"; echo $UNSET; echo never"
        let dash = try ImageShell.run(script, in: ImageShell.gnu)
        #expect(dash.standardOutput == "ok\n")
        #expect(dash.standardError == "/bin/sh: 1: UNSET: parameter not set\n")
        #expect(dash.status == 2)
        let ash = try ImageShell.run(script, in: ImageShell.busybox)
        #expect(ash.standardError == "/bin/sh: UNSET: parameter not set\n")
        #expect(ash.status == 2)
    }

    @Test func dashRefusesPipefailAndLayerlabSaysWhatItDoesNotSimulate() throws {
        // dash 0.5.12 has no pipefail: `dash: 1: set: Illegal option -o pipefail`, and the shell ends with 2.
        let dash = try ImageShell.run("set -o pipefail; echo never", in: ImageShell.gnu)
        #expect(dash.standardError == "/bin/sh: 1: set: Illegal option -o pipefail\n")
        #expect(dash.status == 2)
        let noglob = try ImageShell.run("set -f; echo *", in: ImageShell.gnu)
        #expect(noglob.standardError.hasPrefix("layerlab: `set -f` is not simulated"))
    }
}
