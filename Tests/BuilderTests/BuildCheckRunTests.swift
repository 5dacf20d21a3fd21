import Builder
import Dockerfile
import Engine
import Foundation
import ImageModel
import LayerlabBasics
import Testing

/// BuildKit's build checks as the builder runs them. Every expected text is BuildKit v0.22.0's: the
/// messages from frontend/dockerfile/linter/ruleset.go (line of each rule's Format given), the one-line
/// form `Rule: message (line N)` from linter/linter.go LintFormatShort, and where and in what order each
/// check fires from frontend/dockerfile/dockerfile2llb/convert.go and instructions/parse.go.
@Suite struct BuildCheckRunTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("checks-\(UUID())")
    let clock = FixedWallClock(FixedWallClock.transcriptEpoch)

    func context(_ files: [String: String]) throws -> URL {
        let folder = root.appendingPathComponent("context-\(UUID())")
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    func build(_ folder: URL, target: String? = nil, arguments: [String: String] = [:], checksOnly: Bool) -> BuildResult {
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let request = BuildRequest(
            context: folder, dockerfile: folder.appendingPathComponent("Dockerfile"), dockerfileName: "Dockerfile", tags: [],
            target: target, buildArguments: arguments, noCache: false, checksOnly: checksOnly
        )
        return ImageBuilder(engine: engine, clock: clock).build(request)
    }

    /// What `docker build --check` finds in a Dockerfile (and the other files of its context), one line each.
    func check(_ dockerfile: String, files: [String: String] = [:], target: String? = nil, arguments: [String: String] = [:]) throws -> [String] {
        let result = build(try context(files.merging(["Dockerfile": dockerfile]) { _, new in new }), target: target, arguments: arguments, checksOnly: true)
        return try #require(result.checkReport, "\(result.failure ?? "")").warnings.map(\.short)
    }

    static let legacyENV = "LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format"

    /// The tutorial's own Dockerfile writes `ENV NAME World` on line 17 (ruleset.go:117, convert.go:1199).
    @Test func theTutorialDockerfileHasOneLegacyKeyValueWarning() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let sandbox = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sandbox/python-app")
        let result = build(sandbox, checksOnly: true)
        let report = try #require(result.checkReport, "\(result.failure ?? "")")
        #expect(report.warnings.map(\.short) == [Self.legacyENV + " (line 17)"])
        #expect(report.warnings.first?.lines == 17...17)
        #expect(report.error == nil)
    }

    /// In a build, the frontend sends its warnings to the vertex that loaded the Dockerfile
    /// (dockerui/config.go:420), and the plain printer shows them before that vertex's DONE
    /// (util/progress/progressui/printer.go:140).
    @Test func aBuildPutsItsWarningsOnTheDockerfilesVertex() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let result = build(try context(["Dockerfile": "FROM alpine:3.20\nENV NAME World\n"]), checksOnly: false)
        #expect(result.failure == nil)
        #expect(result.checkReport == nil)
        let firstVertex = Array(result.events.prefix(4))
        guard firstVertex.count == 4, case .warning(1, let warning) = firstVertex[2] else {
            Issue.record("no warning on the Dockerfile's vertex: \(firstVertex)")
            return
        }
        #expect(warning.short == Self.legacyENV + " (line 2)")
        #expect(firstVertex[3] == .completed(vertex: 1, seconds: "0.0"))
        #expect(result.events.filter { if case .warning = $0 { true } else { false } }.count == 1)
    }

    /// LABEL too, each named as written (ruleset.go:117; convert.go:1701); `env` in a file of upper-case
    /// instructions is also off the majority's case (ruleset.go:37; convert.go:2310, which runs first).
    @Test func legacyKeyValuesNameTheInstructionAsWritten() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try check("FROM scratch\nenv A b\nLABEL x y\nENV C=d\n") == [
            "ConsistentInstructionCasing: Command 'env' should match the case of the command majority (uppercase) (line 2)",
            "LegacyKeyValueFormat: \"env key=value\" should be used instead of legacy \"env key value\" format (line 2)",
            "LegacyKeyValueFormat: \"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format (line 3)",
        ])
    }

    /// Shell-form CMD and ENTRYPOINT without a SHELL (ruleset.go:61; convert.go:1715, 1731); a second CMD or
    /// HEALTHCHECK is reported at the first, the one that has no effect (ruleset.go:109; convert.go:2519).
    @Test func shellFormAndRepeatedInstructions() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try check("FROM scratch\nCMD echo one\nENTRYPOINT run\nCMD [\"two\"]\nHEALTHCHECK NONE\nHEALTHCHECK NONE\n") == [
            "JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 2)",
            "JSONArgsRecommended: JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals (line 3)",
            "MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because only the last one will be used (line 2)",
            "MultipleInstructionsDisallowed: Multiple HEALTHCHECK instructions should not be used in the same stage because only the last one will be used (line 5)",
        ])
        #expect(try check("FROM scratch\nSHELL [\"/bin/bash\", \"-c\"]\nCMD echo hi\n").isEmpty, "a SHELL makes the shell form deliberate")
    }

    /// instructions/parse.go:95-101: the stage name's case (ruleset.go:13), then AS against FROM
    /// (ruleset.go:21); a FROM of mixed case is left to ConsistentInstructionCasing.
    @Test func stageNamesAndTheirKeyword() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try check("FROM scratch as Build\nFROM build\n") == [
            "StageNameCasing: Stage name 'Build' should be lowercase (line 1)",
            "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
        ])
        #expect(try check("from scratch AS base\n") == ["FromAsCasing: 'AS' and 'from' keywords' casing do not match (line 1)"])
        // convert.go:2349: reserved names (ruleset.go:53), then names used twice (ruleset.go:45).
        #expect(try check("FROM scratch AS context\nFROM scratch AS a\nFROM scratch AS a\n") == [
            "ReservedStageName: Stage name should not use the same name as reserved stage \"context\" (line 1)",
            "DuplicateStageName: Duplicate stage name \"a\", stage names should be unique (line 3)",
        ])
    }

    /// instructions/parse.go:85 (ruleset.go:69).
    @Test func maintainerIsDeprecated() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try check("FROM scratch\nMAINTAINER Ada <ada@example.com>\n") == [
            "MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 2)",
        ])
    }

    /// Variables the stage has not defined, with a suggestion among what it has (ruleset.go:92-102;
    /// convert.go:2367). The base image's PATH counts, a declared ARG counts even without a value, RUN
    /// is left to the shell; the example is the rule's own (linter/docs/UndefinedVar.md).
    @Test func undefinedVariablesOutsideRun() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try check("FROM alpine:3.20\nARG DECLARED\nENV PATH=$PAHT:/app/bin\nCOPY $DECLARED /x\nRUN echo $UNSEEN\nUSER $NOBODY\n") == [
            "UndefinedVar: Usage of undefined variable '$PAHT' (did you mean $PATH?) (line 3)",
            "UndefinedVar: Usage of undefined variable '$NOBODY' (line 6)",
        ])
        // Every word of an ENV is expanded before it sets anything (convert.go:906 expands, then dispatchEnv).
        #expect(try check("FROM scratch\nENV A=1 B=$A\nENV C=$A\n") == ["UndefinedVar: Usage of undefined variable '$A' (line 2)"])
    }

    /// Only the first WORKDIR of the build is judged, and a stage built on another inherits it
    /// (ruleset.go:89; convert.go:1371, 1090).
    @Test func aRelativeFirstWorkdir() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try check("FROM scratch\nWORKDIR app\nWORKDIR src\n") == [
            "WorkdirRelativePath: Relative workdir \"app\" can have unexpected results if the base image changes (line 2)",
        ])
        #expect(try check("FROM scratch AS base\nWORKDIR /app\nFROM base\nWORKDIR src\n").isEmpty)
    }

    /// A word of the name between underscores is a secret's unless one is `public` (ruleset.go:140;
    /// convert.go:2545-2583).
    @Test func secretLookingNames() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try check("FROM scratch\nARG GITHUB_TOKEN\nENV DB_PASSWORD=x PUBLIC_KEY=y AUTHOR=z\n") == [
            "SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG \"GITHUB_TOKEN\") (line 2)",
            "SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV \"DB_PASSWORD\") (line 3)",
        ])
    }

    /// FROM lines against the global ARGs: with defaults only (ruleset.go:148; convert.go:2586), then each
    /// stage's undeclared ARGs with a suggestion (ruleset.go:72-82; convert.go:2449) and its --platform
    /// (ruleset.go:132, 156; convert.go:2464, 2484).
    @Test func baseImagesAndPlatforms() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try check("ARG TAG\nFROM busybox:${TAG}\nFROM node:22${VARIANT} AS js\n") == [
            "InvalidDefaultArgInFrom: Default value for ARG busybox:${TAG} results in empty or invalid base image name (line 2)",
            "UndefinedArgInFrom: FROM argument 'VARIANT' is not declared (line 3)",
        ])
        #expect(try check("FROM --platform=$BUILDPLATFROM scratch\n") == [
            "UndefinedArgInFrom: FROM argument 'BUILDPLATFROM' is not declared (did you mean BUILDPLATFORM?) (line 1)",
        ])
        #expect(try check("FROM --platform=$TARGETPLATFORM scratch\nFROM --platform=linux/amd64 scratch\nFROM --platform=linux/amd64 scratch AS build-amd64\n") == [
            "RedundantTargetPlatform: Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior (line 1)",
            "FromPlatformFlagConstDisallowed: FROM --platform flag should not use constant value \"linux/amd64\" (line 2)",
        ])
    }

    /// The parser's warning is placed on the last line it read (parser/parser.go:347; ruleset.go:29).
    @Test func anEmptyContinuationLine() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try check("FROM scratch\nENV A=1 \\\n\n  B=2\n") == ["NoEmptyContinuation: Empty continuation line (line 4)"])
    }

    /// CopyIgnoredFile is experimental: it runs only when asked for, and `skip` does not reach it
    /// (ruleset.go:159-166; linter.go:50-70; convert.go:1996).
    @Test func copiesOfIgnoredFilesOnlyWhenAskedFor() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [".dockerignore": "secret.txt\n", "secret.txt": "s3cr3t\n"]
        let body = "FROM scratch\nCOPY secret.txt /\nADD secret.txt /\n"
        #expect(try check(body, files: files).isEmpty)
        #expect(try check("# check=skip=all;experimental=CopyIgnoredFile\n" + body, files: files) == [
            "CopyIgnoredFile: Attempting to Copy file \"secret.txt\" that is excluded by .dockerignore (line 3)",
            "CopyIgnoredFile: Attempting to Add file \"secret.txt\" that is excluded by .dockerignore (line 4)",
        ])
    }

    /// `# check=skip=…` and `skip=all` (linter.go:136-190, 50-70).
    @Test func skippedRulesStaySilent() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let body = "FROM scratch\nMAINTAINER Ada\nCMD run\n"
        #expect(try check(body).count == 2)
        #expect(try check("# check=skip=JSONArgsRecommended,MaintainerDeprecated\n" + body).isEmpty)
        #expect(try check("#check = skip=all\n" + body).isEmpty)
        // BuildKit reads the directive only up to its first space (parser/directives.go:171, the
        // value newRuleLinter gets), so a space after the comma leaves the second rule running.
        #expect(try check("# check=skip=JSONArgsRecommended, MaintainerDeprecated\n" + body) == [
            "MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 3)",
        ])
        // The build argument replaces the directive (dockerui/config.go:297).
        #expect(try check("# check=skip=all\n" + body, arguments: ["BUILDKIT_DOCKERFILE_CHECK": ""]).count == 2)
    }

    /// With `error=true` the build fails once every check has run, before any step (convert.go:771-777;
    /// linter.go:72-93).
    @Test func errorTrueFailsTheBuild() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try context(["Dockerfile": "# check=error=true\nFROM alpine:3.20\nCMD run\nRUN echo never\n"])
        let result = build(folder, checksOnly: false)
        #expect(result.image == nil)
        #expect(result.failure == "ERROR: failed to solve: lint violation found for rules: JSONArgsRecommended")
        #expect(result.steps.isEmpty)
        #expect(result.events.contains { if case .warning(1, _) = $0 { true } else { false } })
        let checked = build(folder, checksOnly: true)
        #expect(checked.checkReport?.error?.message == "lint violation found for rules: JSONArgsRecommended")
        #expect(checked.checkReport?.error?.lines == nil)
        #expect(checked.checkReport?.warnings.count == 1)
    }

    /// Options BuildKit cannot read stop the build, in its words (linter.go:136-190; convert.go:189-192;
    /// dockerui/config.go:297-302, read before the Dockerfile, so nothing shows before the error).
    @Test func unreadableOptionsStopTheBuild() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let skip = build(try context(["Dockerfile": "# check=skip\nFROM scratch\n"]), checksOnly: false)
        #expect(skip.failure == "ERROR: failed to solve: failed to parse check options: invalid check option \"skip\"")
        let error = build(try context(["Dockerfile": "# check=error=maybe\nFROM scratch\n"]), checksOnly: false)
        #expect(error.failure == "ERROR: failed to solve: failed to parse check options: failed to parse check option \"error=maybe\": strconv.ParseBool: parsing \"maybe\": invalid syntax")
        let argument = build(try context(["Dockerfile": "FROM scratch\n"]), arguments: ["BUILDKIT_DOCKERFILE_CHECK": "foo=bar"], checksOnly: false)
        #expect(argument.failure == "ERROR: failed to solve: failed to parse build-arg:BUILDKIT_DOCKERFILE_CHECK: invalid check option \"foo\"")
        #expect(argument.events.isEmpty)
    }

    /// A build dispatches only the stages its target needs, and checks only those; `--check` without a
    /// target checks them all (convert.go:133-136, 663).
    @Test func onlyTheStagesBuiltAreDispatched() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let dockerfile = "FROM scratch AS unused\nCMD run\nFROM scratch AS final\nCMD [\"ok\"]\n"
        #expect(try check(dockerfile) == [
            "JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 2)",
        ])
        #expect(try check(dockerfile, target: "final").isEmpty)
    }
}
