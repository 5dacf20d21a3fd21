import Dockerfile
import Testing

/// What BuildKit runs, and records in history, for a RUN with heredocs (buildkit v0.22.0
/// frontend/dockerfile/dockerfile2llb/convert.go dispatchRun).
@Suite struct RunInstructionTests {
    func run(_ dockerfile: String) throws -> RunInstruction {
        let program = try DockerfileProgram.parse("FROM a\n" + dockerfile)
        let runs = program.stages[0].instructions.compactMap { located -> RunInstruction? in
            if case .run(let run) = located.instruction { return run }
            return nil
        }
        return try #require(runs.first)
    }

    @Test func aLoneHeredocRunsItsBodyAsTheCommand() throws {
        let plain = try run("RUN <<EOF\necho one\necho two\nEOF\n")
        #expect(plain.buildKitArguments == ["echo one\necho two\n"])
        #expect(plain.buildKitScript == nil)
        // `<<-` strips the tabs that start each line (parser.ChompHeredocContent).
        #expect(try run("RUN <<-EOF\n\techo one\n\t\techo two\n\tEOF\n").buildKitArguments == ["echo one\necho two\n"])
    }

    @Test func aLoneHeredocWithAShebangRunsAsAMountedFile() throws {
        let script = try run("RUN <<EOF\n#!/bin/sh\necho hi\nEOF\n")
        #expect(script.buildKitArguments == ["/dev/pipes/EOF"])
        #expect(script.buildKitScript?.path == "/dev/pipes/EOF")
        #expect(script.buildKitScript?.content == "#!/bin/sh\necho hi\n")
    }

    @Test func otherHeredocsAreWrittenBackUnderTheLineForTheShell() throws {
        let one = try run("RUN cat <<EOF > /f\nhello $X\nEOF\n")
        #expect(one.buildKitArguments == ["cat <<EOF > /f\nhello $X\nEOF"])
        let two = try run("RUN cat <<A <<-B\none\nA\n\ttwo\n\tB\n")
        #expect(two.buildKitArguments == ["cat <<A <<-B\none\nA\n\ttwo\nB"], "bodies as written, each followed by its delimiter")
    }

    @Test func aRunWithoutHeredocsIsAsWritten() throws {
        #expect(try run("RUN echo hi\n").buildKitArguments == ["echo hi"])
        #expect(try run("RUN [\"echo\", \"hi\"]\n").buildKitArguments == ["echo", "hi"])
    }
}
