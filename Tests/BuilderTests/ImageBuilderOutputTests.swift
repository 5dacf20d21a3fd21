@testable import Builder
import Engine
import Foundation
import ImageModel
import LayerStore
import Testing

/// What a build reports, vertex by vertex, as BuildKit v0.22.0 names and orders it.
extension ImageBuilderTests {
    func startedNames(_ result: BuildResult) -> [String] {
        result.events.compactMap { if case .started(_, let name) = $0 { name } else { nil } }
    }

    /// The status lines of the vertex whose name starts with `prefix`.
    func statuses(of prefix: String, in result: BuildResult) -> [String] {
        let vertices = result.events.compactMap { event -> Int? in
            if case .started(let vertex, let name) = event, name.hasPrefix(prefix) { vertex } else { nil }
        }
        return result.events.compactMap { event -> String? in
            if case .status(let vertex, let text) = event, vertices.contains(vertex) { text } else { nil }
        }
    }

    /// buildkit v0.22.0 dockerfile2llb/convert.go follows only the expanded COPY/ADD sources
    /// (`ctxPaths` → `llb.FollowPaths`), so a large file nothing copies is never sent.
    @Test func theContextTransferSendsOnlyWhatCopyNamesAfterExpansion() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let folder = try context(["Dockerfile": "FROM scratch\nARG SRC=app.py\nCOPY $SRC /app/\n", "app.py": "print('hi')\n"])
        try Data(repeating: 7, count: 2_500_000).write(to: folder.appendingPathComponent("model.bin"))
        let result = try build(folder, engine: engine)
        #expect(result.image != nil, "\(result.failure ?? "")")
        let sent = try BuildContext(root: folder).transfer(following: ["app.py"]).transfer.size
        #expect(statuses(of: "[internal] load build context", in: result) == ["transferring context: \(DockerSize.short(sent)) done"])
        #expect(sent < 100)
        #expect(result.steps.map(\.label) == ["[1/1] COPY app.py /app/"], "the name shows the expanded source")
    }

    /// moby v28.2.2 builder-next/adapters/containerimage/pull.go: a base the store lacks is pulled in
    /// the FROM step, which reports each blob and each layer's extraction; the context loads meanwhile,
    /// so its vertex comes between the FROM step's resolve line and the pull's lines.
    @Test func aFirstBuildShowsItsBasesDownloadAroundTheContext() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let folder = try context(["Dockerfile": "FROM alpine:3.20\nCOPY app.py /\n", "app.py": "x\n"])
        let first = try build(folder, engine: engine)
        let alpine = try #require(engine.buildCache.base(for: try ImageReference.parse("alpine:3.20"))?.image)
        let layer = try #require(alpine.layers.first?.blobDigest)
        let layerSize = DockerSize.short(try #require(alpine.layers.first?.blobSize))
        let from = "[1/2] FROM docker.io/library/alpine:3.20@sha256:"
        let fromLines = statuses(of: from, in: first)
        #expect(fromLines.first?.hasPrefix("resolve docker.io/library/alpine:3.20@sha256:") == true)
        #expect(fromLines.contains("\(layer) \(layerSize) / \(layerSize) done"))
        #expect(fromLines.last == "extracting \(layer) done")
        let order = first.events.compactMap { event -> String? in
            switch event {
            case .started(_, let name): name
            case .status(_, let text) where text.hasPrefix("resolve ") || text.hasPrefix("extracting "): text
            default: nil
            }
        }
        let contextIndex = try #require(order.firstIndex(of: "[internal] load build context"))
        #expect(order[contextIndex - 1].hasPrefix("resolve "), "the context vertex follows the resolve line")
        #expect(order[contextIndex + 1].hasPrefix("extracting "), "and comes before the layers are extracted")

        let second = try build(folder, engine: engine)
        #expect(!statuses(of: "[1/2] FROM", in: second).contains { $0.hasPrefix("extracting ") }, "a local base is not pulled")
    }

    /// initOnBuildTriggers counts every trigger in the stage's total, prefixCommand numbers those that
    /// make a vertex and marks them `ONBUILD `; a trigger's COPY reads the context, so BuildKit loads it.
    @Test func onbuildTriggersAreNamedAsBuildKitNamesThem() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let base = try context(["Dockerfile": "FROM alpine:3.20\nONBUILD ENV MODE=child\nONBUILD COPY . /app/\n"])
        _ = try #require(try build(base, tags: ["base"], engine: engine).image)
        let child = root.appendingPathComponent("child")
        try FileManager.default.createDirectory(at: child, withIntermediateDirectories: true)
        try Data("FROM base\nRUN ls /app\n".utf8).write(to: child.appendingPathComponent("Dockerfile"))
        let result = try build(child, tags: ["child"], engine: engine)
        // The ENV trigger is in the total (4) but has no vertex, so no number of its own.
        #expect(result.steps.map(\.label) == ["[2/4] ONBUILD COPY . /app/", "[3/4] RUN ls /app"])
        #expect(startedNames(result).contains("[internal] load build context"))
    }

    /// toDispatchState keeps stage names when a `RUN --mount` adds a dispatch state (detectRunMount);
    /// dispatchRun's name keeps the flags. With --target the stages are named as ever.
    @Test func stageNamesShowForMountsAndTargets() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let mounted = try context(["Dockerfile": "FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache echo hi\n"])
        let result = try build(mounted, engine: engine)
        #expect(result.steps.map(\.label) == ["[stage-0 2/2] RUN --mount=type=cache,target=/root/.cache echo hi"])
        #expect(!startedNames(result).contains("[internal] load build context"), "a cache mount does not read the context")

        let staged = try context(["Dockerfile": "FROM alpine:3.20 AS build\nWORKDIR /\nRUN echo hi > /x\nFROM scratch\nCOPY --from=build /x /x\n"])
        let target = try build(staged, target: "build", engine: engine)
        // WORKDIR / makes no folder and so no step (dispatchWorkdir): counted in the total, never numbered.
        #expect(target.steps.map(\.label) == ["[build 2/3] RUN echo hi > /x"])
    }

    /// A COPY whose source is missing fails computing its cache key: its vertex shows the error, and
    /// buildx prints the excerpt of the Dockerfile (solver/errdefs/source.go) before `ERROR:`.
    @Test func aFailingCopyHasItsVertexAndTheExcerpt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let result = try build(try context(["Dockerfile": "FROM scratch\nCOPY missing.txt /\n"]), engine: engine)
        let failed = result.events.compactMap { event -> (Int, String)? in
            if case .failed(let vertex, let message) = event { (vertex, message) } else { nil }
        }
        #expect(failed.count == 1)
        #expect(failed.first?.1.hasSuffix("\"/missing.txt\": not found") == true)
        #expect(startedNames(result).last == "[1/1] COPY missing.txt /")
        #expect(result.failure?.hasPrefix("Dockerfile:2\n--------------------\n   1 |     FROM scratch\n   2 | >>> COPY missing.txt /\n   3 |     \n") == true)
    }

    /// instructions/parse.go locates an unknown instruction at its node, and buildx prints the excerpt.
    @Test func aParseErrorShowsTheDockerfileAroundIt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let result = try build(try context(["Dockerfile": "FROM alpine:3.20\nRNU echo hi\n"]), engine: engine)
        #expect(result.failure == [
            "Dockerfile:2", "--------------------", "   1 |     FROM alpine:3.20", "   2 | >>> RNU echo hi", "   3 |     ", "--------------------",
            "ERROR: failed to solve: dockerfile parse error on line 2: unknown instruction: RNU (did you mean RUN?)",
        ].joined(separator: "\n"))
    }

    /// solver/llbsolver/bridge.go completes the `load metadata` vertex with the resolver's error;
    /// dockerfile2llb/convert.go wraps it with the base as written (`origName`) and locates it at the FROM line.
    @Test func aBaseNoRegistryHasFailsItsMetadataVertex() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let result = try build(try context(["Dockerfile": "FROM nosuchbase\n"]), engine: engine)
        let cause = "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
        #expect(result.events.contains(.failed(vertex: 2, message: cause)))
        #expect(startedNames(result) == ["[internal] load build definition from Dockerfile", "[internal] load metadata for docker.io/library/nosuchbase:latest"])
        #expect(result.failure == [
            "Dockerfile:1", "--------------------", "   1 | >>> FROM nosuchbase", "   2 |     ", "--------------------",
            "ERROR: failed to solve: nosuchbase: failed to resolve source metadata for docker.io/library/nosuchbase:latest: " + cause,
        ].joined(separator: "\n"))
    }
}
