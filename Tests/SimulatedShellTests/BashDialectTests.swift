import SimulatedShell
import Testing

/// Bash's own language, which the postgres and mysql entrypoints are written in: arrays, `[[ … ]]`,
/// `${!name}`, `${v:o:l}`, `${v/p/r}`, `$'…'`, `<<<`, braces, `FUNCNAME`, `pipefail`, `$(< file)`.
/// Each expected output is what bash 5.2 (Debian bookworm) prints for `bash -c SCRIPT` on this
/// machine. The same text read by dash is not bash's, and fails as dash fails.
@Suite struct BashDialectTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let script: String
        let output: String
        var testDescription: String { script }
    }

    func bash(_ script: String) throws -> ShellProcess.Result {
        let shell = try ImageShell.make(ImageShell.gnu)
        shell.environment["SCRIPT"] = script
        return shell.run(script: "bash -c \"$SCRIPT\"")
    }

    @Test(arguments: [
        Case(script: "a=(x \"y z\"); a+=(w); echo \"${#a[@]} ${a[1]} ${a[@]}\"; for e in \"${a[@]}\"; do echo \"<$e>\"; done",
             output: "3 y z x y z w\n<x>\n<y z>\n<w>\n"),
        Case(script: "declare -A m=([k]=v); m[two]=2; echo \"${m[k]} ${m[two]} ${#m[@]}\"", output: "v 2 2\n"),
        Case(script: "[[ abc == a* && -n x ]] && echo yes; [[ \"a*\" == a\\* ]] && echo lit; [[ b < c ]] && echo less; [[ abc == \"a*\" ]] || echo quoted",
             output: "yes\nlit\nless\nquoted\n"),
        Case(script: "v=hello; n=v; echo \"${!n} ${v:1:3} ${v/l/L} ${v//l/L} ${v^^} ${v: -2}\"", output: "hello ell heLlo heLLo HELLO lo\n"),
        Case(script: "echo $'a\\tb'", output: "a\tb\n"),
        Case(script: "read -r w <<< \"here string\"; echo \"$w\"", output: "here string\n"),
        Case(script: "echo {a,b}{1,2} x{1..3}", output: "a1 a2 b1 b2 x1 x2 x3\n"),
        Case(script: "x=abc; echo \"[${x: -10}] [${x: -2}] [${x:5}] [${x:1:-1}] [${x: -3:2}]\"", output: "[] [bc] [] [b] [ab]\n"),
        Case(script: "echo {01..03} {1..3..0} {-01..2} {5..1..-2} {a..e..2} {007..10}", output: "01 02 03 1 2 3 -01 000 001 002 5 3 1 a c e 007 008 009 010\n"),
        Case(script: "f() { echo \"${FUNCNAME[0]} ${#FUNCNAME[@]}\"; }; f", output: "f 1\n"),
        Case(script: "set -o pipefail; false | true; echo $?", output: "1\n"),
        Case(script: "echo content > /tmp/c; x=$(< /tmp/c); echo \"$x\"", output: "content\n"),
        Case(script: "f() { local -a l=(\"$@\"); echo \"${#l[@]}:${l[1]}\"; }; f a \"b c\" d", output: "3:b c\n"),
        Case(script: "set -- a b c; echo \"${@:2}\" \"${#@}\"", output: "b c 3\n"),
        Case(script: "declare -A m; m[a]=1; m[b]=2; for k in \"${!m[@]}\"; do echo \"$k=${m[$k]}\"; done | sort", output: "a=1\nb=2\n"),
        Case(script: "[[ x123 =~ ^x([0-9]+)$ ]] && echo \"${BASH_REMATCH[1]}\"", output: "123\n"),
        Case(script: "f() { return 4; }; f; echo $?; g() { f; echo \"after $?\"; }; g", output: "4\nafter 4\n"),
    ])
    func bashReadsItsOwnLanguage(_ testCase: Case) throws {
        let result = try bash(testCase.script)
        #expect(result.standardOutput == testCase.output)
        #expect(result.status == 0)
    }

    @Test func dashDoesNotReadBashsArrays() throws {
        // dash 0.5.12: `sh: 1: Syntax error: "(" unexpected`, status 2.
        let result = try ImageShell.run("a=(x y); echo never", in: ImageShell.gnu)
        #expect(result.standardOutput.isEmpty)
        #expect(result.status == 2)
    }

    /// bash 5.2 tries to make every word of `{1..100000000000}` and fails for memory; layerlab counts
    /// them first and refuses at its limit, and a step of Int.min does not trap.
    @Test func aHugeSequenceIsRefusedBeforeItIsMade() throws {
        let huge = try bash("echo {1..100000000000}; echo after")
        #expect(huge.status != 0 || !huge.standardError.isEmpty, "refused, not made: \(huge.standardError)")
        #expect(!huge.standardOutput.contains("100000000000"))
        let step = try bash("echo {1..2..-9223372036854775808}")
        #expect(step.standardOutput == "{1..2..-9223372036854775808}\n")
    }

    /// `${v:?}` in each shell's words: bash 5.2 and dash 0.5.12 on this machine.
    @Test func aMissingParameterIsSaidInEachShellsWords() throws {
        #expect(try bash("v=; echo ${v:?}").standardError == "bash: v: parameter null or not set\n")
        #expect(try bash("unset v; echo ${v?}").standardError == "bash: v: parameter not set\n")
        #expect(try ImageShell.run("v=; echo ${v:?}", in: ImageShell.gnu).standardError == "/bin/sh: 1: v: parameter not set or null\n")
        #expect(try ImageShell.run("echo ${v:?custom}", in: ImageShell.gnu).standardError == "/bin/sh: 1: v: custom\n")
        let negative = try bash("x=abc; echo \"[${x:1:-5}]\"; echo after")
        #expect(negative.standardError == "bash: -5: substring expression < 0\n" && negative.standardOutput.isEmpty)
    }

    @Test func whatBashHasButLayerlabDoesNotSimulateIsSaid() throws {
        let options = try bash("shopt -s extglob; echo after")
        #expect(options.standardError == "layerlab: `shopt -s extglob` is not simulated\n")
        let substitution = try bash("cat <(echo hi)")
        #expect(substitution.standardError.hasPrefix("layerlab: process substitution `<(echo hi)` is not simulated"))
    }
}
