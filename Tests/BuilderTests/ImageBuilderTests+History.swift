import Builder
import Engine
import Foundation
import ImageModel
import LayerStore
import Testing

/// The history and config BuildKit makes (buildkit v0.22.0 frontend/dockerfile/dockerfile2llb/convert.go),
/// and the layers Docker 28 stores for its steps.
extension ImageBuilderTests {
    /// dispatchRun runs a lone heredoc's body as the command, a `#!` one as a file mounted at
    /// /dev/pipes/, and writes other heredocs back under the line for the shell; history records those
    /// words (runCommandString), so a body shows in `docker history`.
    @Test func aHeredocRunRecordsItsBodyInHistory() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let dockerfile = "FROM alpine:3.20\nRUN <<EOF\necho hi > /hi\nEOF\nRUN cat <<EOF > /f\nhello\nEOF\nRUN <<EOF\n#!/bin/sh\necho script > /s\nEOF\n"
        let result = try build(try context(["Dockerfile": dockerfile]), engine: engine)
        let image = try #require(result.image, "\(result.failure ?? "")")
        #expect(image.configuration.history.suffix(3).map(\.createdBy) == [
            "RUN /bin/sh -c echo hi > /hi\n # buildkit",
            "RUN /bin/sh -c cat <<EOF > /f\nhello\nEOF # buildkit",
            "RUN /bin/sh -c /dev/pipes/EOF # buildkit",
        ])
        let view = UnionView(layers: try engine.images.layers(of: image))
        #expect(view.resolve("/hi")?.entry.kind == .file(.text("hi\n")))
        #expect(view.resolve("/f")?.entry.kind == .file(.text("hello\n")))
        #expect(view.resolve("/s")?.entry.kind == .file(.text("script\n")))
        #expect(view.resolve("/dev/pipes") == nil, "the script is mounted for the step, not written to its layer")
    }

    /// runCommandString lists every ARG declared so far (`d.buildArgs`), once, in declaration order,
    /// with the value the RUN's environment has or none; an ARG after an ENV of the same name sets the
    /// value RUN sees while the config keeps the ENV's (dispatchArg), and its history shows the value in force.
    /// The reference engine agrees: FROM refbox:1, ENV MODE=env, ARG B, ARG MODE=arg, RUN echo $MODE > /mode
    /// gives /mode `arg`, history `RUN |2 B= MODE=arg /bin/sh -c echo $MODE > /mode # buildkit`, Env MODE=env.
    @Test func runHistoryListsTheDeclaredArgsInOrderWithTheValuesRunSees() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let dockerfile = "FROM alpine:3.20\nENV MODE=env\nARG B\nARG MODE=arg\nARG A=1\nRUN echo $MODE > /mode\n"
        let result = try build(try context(["Dockerfile": dockerfile]), arguments: ["A": "2"], engine: engine)
        let image = try #require(result.image, "\(result.failure ?? "")")
        #expect(image.configuration.history.suffix(4).map(\.createdBy) == [
            "ARG B", "ARG MODE=arg", "ARG A=2", "RUN |3 B= MODE=arg A=2 /bin/sh -c echo $MODE > /mode # buildkit",
        ])
        #expect(image.configuration.config.environmentValue("MODE") == "env")
        let view = UnionView(layers: try engine.images.layers(of: image))
        #expect(view.resolve("/mode")?.entry.kind == .file(.text("arg\n")))
    }

    /// A stage built on another inherits its ARGs, listed first, and their values (dispatchState.init).
    @Test func aStageBuiltOnAStageKeepsItsArgs() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let dockerfile = "FROM alpine:3.20 AS base\nARG V=1\nFROM base\nARG W=2\nRUN echo $V$W > /v\n"
        let result = try build(try context(["Dockerfile": dockerfile]), engine: engine)
        let image = try #require(result.image, "\(result.failure ?? "")")
        #expect(image.configuration.history.last?.createdBy == "RUN |2 V=1 W=2 /bin/sh -c echo $V$W > /v # buildkit")
        let view = UnionView(layers: try engine.images.layers(of: image))
        #expect(view.resolve("/v")?.entry.kind == .file(.text("12\n")))
    }

    /// dispatchCmd sets ArgsEscaped with every CMD (the reference engine's BuildKit too: `{{.Config.ArgsEscaped}}`
    /// is true after `CMD ["sh"]`) and dispatchEntrypoint leaves it alone, so an image
    /// keeps its base's; the classic builder sets it false on Linux with CMD and ENTRYPOINT (moby
    /// v28.2.2 builder/dockerfile/dispatchers.go dispatchCmd, dispatchers_unix.go resolveCmdLine).
    @Test func cmdSetsArgsEscapedAndImagesBuiltOnItKeepIt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let folder = try context(["Dockerfile": "FROM alpine:3.20\nCMD echo hi\n"])
        func built(_ dockerfile: String, tag: String) throws -> ImageRecord {
            try Data(dockerfile.utf8).write(to: folder.appendingPathComponent("Dockerfile"))
            let result = try build(folder, tags: [tag], engine: engine)
            return try #require(result.image, "\(result.failure ?? "")")
        }
        #expect(try built("FROM alpine:3.20\nCMD echo hi\n", tag: "escaped").configuration.config.argsEscaped == true)
        #expect(try built("FROM escaped\nENTRYPOINT [\"/bin/true\"]\n", tag: "kept").configuration.config.argsEscaped == true)
        #expect(try built("FROM alpine:3.20\nENTRYPOINT [\"/bin/true\"]\n", tag: "none").configuration.config.argsEscaped == nil)
        try Data("FROM escaped\nCMD [\"/bin/true\"]\n".utf8).write(to: folder.appendingPathComponent("Dockerfile"))
        let request = BuildRequest(
            context: folder, dockerfile: folder.appendingPathComponent("Dockerfile"), dockerfileName: "Dockerfile",
            tags: [try ImageReference.parse("classic")], target: nil, buildArguments: [:], noCache: false
        )
        let classic = LegacyBuilder(engine: engine, clock: clock).build(request)
        let image = try #require(classic.image, "\(classic.failure?.message ?? "")")
        #expect(image.configuration.config.argsEscaped == nil)
    }

    /// Docker 28's overlay2 diffs a step's tree against its parent's where the kernel has redirect_dir
    /// (go-archive changes.go ChangesDirs, ExportChanges): `rm -rf /d && mkdir /d` leaves a whiteout per
    /// old entry, as the reference engine's layer had (`.wh.k d d/.wh.b d/.wh.sub d/c`), and dive then
    /// counts /d/b as stored twice.
    @Test func aFolderMadeAgainInARunLeavesAWhiteoutPerOldEntry() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let dockerfile = """
        FROM alpine:3.20
        RUN mkdir -p /d/sub && echo 1 > /d/sub/a && echo 2 > /d/b && echo keep > /k
        RUN rm /k && rm -rf /d && mkdir /d && echo 3 > /d/c

        """
        let result = try build(try context(["Dockerfile": dockerfile]), engine: engine)
        let image = try #require(result.image, "\(result.failure ?? "")")
        let layers = try engine.images.layers(of: image)
        let last = try #require(layers.last)
        #expect(last.changes.map { change in if case .delete(let path) = change { "whiteout " + path } else { change.path } } == [
            "/d", "whiteout /d/b", "/d/c", "whiteout /d/sub", "whiteout /k",
        ])
        #expect(ImageEfficiency(layers: layers).wastedPaths.map(\.path) == ["/k", "/d/b"])
    }
}
