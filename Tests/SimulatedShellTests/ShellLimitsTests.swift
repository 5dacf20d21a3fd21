import ImageModel
import LayerStore
import SimulatedShell
import Testing

/// A runaway script stops with a message naming the limit, however it runs away; before, a script
/// that ran itself overflowed the stack, doubling a variable or a file took gigabytes, and a plain
/// `while true` stopped silently after 10,000 rounds with status 0.
@Suite struct ShellLimitsTests {
    func shell(_ limits: (inout ShellLimits) -> Void = { _ in }) throws -> ShellProcess {
        let layers = try #require(ShellProcessTests.catalog.image(for: ImageReference.parse("alpine:3.20"))).layers
        let process = ShellProcess(fileSystem: ContainerFileSystem(lower: UnionView(layers: layers)), environment: [:])
        limits(&process.limits)
        return process
    }

    @Test func aLoopThatNeverEndsStopsAtTheStepLimitAndSaysSo() throws {
        let result = try shell { $0.steps = 5_000 }.run(script: "while true; do :; done; echo after")
        #expect(result.status == 1)
        #expect(result.standardError == "layerlab: stopped after 5,000 commands and loop rounds, layerlab's limit for one simulated process (a loop that never ends?)\n")
        #expect(!result.standardOutput.contains("after"), "the whole process stops, not just the loop")
        let nested = try shell { $0.steps = 5_000 }.run(script: "while true; do while true; do :; done; done")
        #expect(nested.status == 1)
    }

    @Test func aLoopWithinTheLimitRunsToItsEnd() throws {
        let result = try shell().run(script: "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo $i")
        #expect(result.status == 0)
        #expect(result.standardOutput == "20000\n")
    }

    @Test func aScriptThatRunsItselfStopsAtTheNestingLimit() throws {
        let result = try shell().run(script: "echo 'sh /s.sh' > /s.sh; sh /s.sh; echo after")
        #expect(result.status == 1)
        #expect(result.standardError == "layerlab: stopped at 64 shells running shells, layerlab's limit (a script that runs itself?)\n")
    }

    @Test func aFunctionThatCallsItselfStopsAtTheNestingLimit() throws {
        let result = try shell().run(script: "f() { f; }; f; echo after")
        #expect(result.status == 1)
        #expect(result.standardError == "layerlab: stopped at 100 functions running functions, layerlab's limit (a function that calls itself without end?)\n")
    }

    @Test func variablesAndFilesThatDoubleStopAtTheirLimits() throws {
        let variable = try shell { $0.variableBytes = 1_000 }.run(script: "x=a; while true; do x=$x$x; done")
        #expect(variable.status == 1)
        #expect(variable.standardError == "layerlab: stopped: $x would hold 1,024 bytes, over layerlab's limit of 1,000 for one variable\n")
        let exported = try shell { $0.variableBytes = 1_000 }.run(script: "x=a; while true; do export x=$x$x; done")
        #expect(exported.standardError == "layerlab: stopped: $x would hold 1,024 bytes, over layerlab's limit of 1,000 for one variable\n")
        let prefixed = try shell { $0.variableBytes = 1_000 }.run(script: "x=a; while true; do x=$x$x; X=$x$x true; done")
        #expect(prefixed.status == 1)
        let file = try shell { $0.fileBytes = 4_000 }.run(script: "echo abcdefgh > /f; while true; do cat /f /f > /g; cp /g /f; done")
        #expect(file.status == 1)
        #expect(file.standardError == "layerlab: stopped: /g would hold 4,608 bytes, over layerlab's limit of 4,000 for a file a simulated program writes\n")
    }

    /// `[` is the test command, not the start of a pattern: it used to list the whole root folder each time.
    @Test func aLoneBracketIsAWordAndAClosedOneIsAPattern() throws {
        let process = try shell()
        #expect(process.run(script: "[ 1 -eq 1 ] && echo yes").standardOutput == "yes\n")
        #expect(process.run(script: "echo /e[t]c").standardOutput == "/etc\n")
    }
}
