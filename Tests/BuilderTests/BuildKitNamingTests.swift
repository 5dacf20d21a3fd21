@testable import Builder
import Dockerfile
import Foundation
import Testing

/// The pieces of BuildKit's output that are pure functions: sizes, step names, the excerpt box.
@Suite struct BuildKitNamingTests {
    /// tonistiigi/units bytes.go (`floatValue`) formatted with `%.2f`, as buildkit v0.22.0
    /// util/progress/progressui/printer.go prints transfer and download sizes.
    @Test func sizesPrintAsBuildKitsProgressPrintsThem() {
        #expect(DockerSize.short(0) == "0B")
        #expect(DockerSize.short(999) == "999B")
        #expect(DockerSize.short(1000) == "1.00kB")
        #expect(DockerSize.short(2_500_070) == "2.50MB", "never 2500.07kB")
        #expect(DockerSize.short(3_623_807) == "3.62MB")
        #expect(DockerSize.short(999_999) == "1000.00kB", "the unit is chosen before rounding")
        #expect(DockerSize.short(Int64(4_200_000_000_000)) == "4.20TB")
    }

    /// buildkit v0.22.0 dockerfile2llb/convert.go: dispatchRun names a RUN after `c.String()` (flags
    /// included) through processCmdEnv with RawQuotes and SkipUnsetEnv, then uppercaseCmd.
    @Test func runNamesKeepTheirFlagsQuotesAndUnsetVariables() throws {
        let program = try DockerfileProgram.parse("FROM scratch\nrun --mount=type=cache,target=/root/.cache pip install \"$PKG\" $UNSET\n")
        guard case .run(let run) = program.stages[0].instructions[0].instruction else { Issue.record("not a RUN"); return }
        let name = StepName.run(program.stages[0].instructions[0].original, run, environment: ["PKG": "flask"], escapeToken: "\\")
        #expect(name == "RUN --mount=type=cache,target=/root/.cache pip install \"flask\" $UNSET")
    }

    /// dispatchRun appends `summarizeHeredoc` of the body to a RUN that is one heredoc: the body
    /// trimmed, its first line, `...` when more lines follow. A heredoc inside a command is not summarised.
    @Test func aHeredocRunIsSummarisedByItsFirstLine() throws {
        let program = try DockerfileProgram.parse("FROM scratch\nRUN <<EOT\necho line1 > /heredoc\necho line2 >> /heredoc\nEOT\nRUN cat <<EOF > /x\nhi\nEOF\n")
        let names = program.stages[0].instructions.map { located -> String in
            guard case .run(let run) = located.instruction else { return "" }
            return StepName.run(located.original, run, environment: [:], escapeToken: "\\")
        }
        #expect(names == ["RUN <<EOT (echo line1 > /heredoc...)", "RUN cat <<EOF > /x"])
        #expect(StepName.heredocSummary("\n  single line\n") == "single line")
    }

    /// dispatchCopy and dispatchWorkdir use the Dockerfile's own lexer: quotes go, unset variables are
    /// empty, the keyword is upper-cased.
    @Test func copyAndWorkdirNamesUseTheDockerfilesLexer() {
        #expect(StepName.command("copy \"my file.txt\" $DEST$UNSET/", environment: ["DEST": "/srv"], escapeToken: "\\") == "COPY my file.txt /srv/")
        #expect(StepName.command("WORKDIR app", environment: [:], escapeToken: "\\") == "WORKDIR app", "as written, not made absolute")
    }

    /// prefixCommand: the index padded to the total's width, the stage name when there are several
    /// dispatch states, `ONBUILD ` after the number for a trigger.
    @Test func stepNumbersArePaddedAndTriggersMarked() {
        var counter = StepCounter(stageName: "build", total: 10)
        #expect(counter.label("FROM docker.io/library/alpine:3.20") == "[build  1/10] FROM docker.io/library/alpine:3.20")
        #expect(counter.label("COPY . /app/", onBuild: true) == "[build  2/10] ONBUILD COPY . /app/")
        var none = StepCounter(stageName: nil, total: 0)
        #expect(none.label("COPY a b") == "COPY a b", "a stage that counts no step has no prefix")
    }

    /// toDispatchState clears the stage name only when there is one dispatch state; a COPY --from an
    /// image and a RUN --mount (its `from` defaults to scratch, detectRunMount) each add one.
    @Test func stageNamesShowWhenBuildKitHasMoreThanOneDispatchState() throws {
        func names(_ text: String) throws -> Bool { try StepCounter.namesStages(in: DockerfileProgram.parse(text)) }
        #expect(try !names("FROM alpine\nRUN echo hi\n"))
        #expect(try names("FROM alpine AS build\nFROM alpine\n"))
        #expect(try names("FROM alpine\nCOPY --from=busybox /bin/busybox /\n"))
        #expect(try names("FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk add git\n"))
        #expect(try !names("FROM alpine AS build\nRUN --mount=from=build,target=/x ls\n"), "a mount from a stage adds none")
    }

    /// buildkit v0.22.0 solver/errdefs/source.go, Source.Print: four lines of padding around one line
    /// (two around several), counted in rounds; the file's last newline leaves an empty last line.
    @Test func theExcerptPadsAsSourcePrintDoes() {
        let text = "FROM a\nWORKDIR /app\nRUN x\nCMD y\n"
        #expect(SourceExcerpt.render(file: "Dockerfile", text: text, lines: 3...3) == [
            "Dockerfile:3", "--------------------",
            "   1 |     FROM a", "   2 |     WORKDIR /app", "   3 | >>> RUN x", "   4 |     CMD y", "   5 |     ",
            "--------------------", "",
        ].joined(separator: "\n"))
        let long = "FROM a\nRUN x \\\n  y\nCMD z\nENV A=1\nENV B=2\n"
        #expect(SourceExcerpt.render(file: "Dockerfile", text: long, lines: 2...3) == [
            "Dockerfile:2", "--------------------",
            "   1 |     FROM a", "   2 | >>> RUN x \\", "   3 | >>>   y", "   4 |     CMD z",
            "--------------------", "",
        ].joined(separator: "\n"))
        #expect(SourceExcerpt.render(file: "Dockerfile", text: text, lines: 9...9) == "", "a line past the end has no excerpt")
    }
}
