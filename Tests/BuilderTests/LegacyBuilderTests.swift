import Builder
import Engine
import Foundation
import ImageModel
import LayerlabBasics
import LayerlabTestSupport
import LayerStore
import Testing

/// The legacy builder against what the reference engine (dockerd 20.10 with the docker CLI 28.2.2,
/// `DOCKER_BUILDKIT=0`) printed and made for the same Dockerfiles and contexts (LegacyReference/), and
/// against moby v28.2.2's legacy builder source where the two differ. The reference's base image
/// `refbox:1` is played by alpine:3.20 under that name, so the Dockerfiles are the reference's own.
@Suite struct LegacyBuilderTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("legacy-builder-\(UUID())")
    let clock = FixedWallClock(FixedWallClock.transcriptEpoch)

    /// An engine with `refbox:1`, and the reference transcript's context written out.
    func setUp(_ transcript: LegacyReferenceTranscript) throws -> (engine: Engine, context: URL) {
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        _ = try engine.pull(ImageReference.parse("alpine:3.20"))
        try engine.tag(source: "alpine:3.20", target: ImageReference.parse("refbox:1"))
        let context = root.appendingPathComponent("context")
        try transcript.writeFiles(to: context)
        return (engine, context)
    }

    func build(_ context: URL, tags: [String] = ["lab:1"], noCache: Bool = false, engine: Engine) throws -> LegacyBuildResult {
        let request = BuildRequest(
            context: context, dockerfile: context.appendingPathComponent("Dockerfile"), dockerfileName: "Dockerfile",
            tags: try tags.map { try ImageReference.parse($0) }, target: nil, buildArguments: [:], noCache: noCache
        )
        return LegacyBuilder(engine: engine, clock: clock).build(request)
    }

    /// The daemon's stream as lines with IDs masked, as LegacyReferenceTranscript masks the reference's.
    static func lines(of events: [LegacyBuildEvent]) -> [String] {
        var lines: [String] = []
        for event in events {
            switch event {
            case .step(let number, let total, let instruction): lines.append("Step \(number)/\(total) : \(instruction)")
            case .executingBuildTriggers(let count): lines.append("# Executing \(count) build trigger\(count > 1 ? "s" : "")")
            case .usingCache: lines.append(" ---> Using cache")
            case .runningIn: lines.append(" ---> Running in <id>")
            case .output(let log): lines += LegacyReferenceTranscript.lines(log).dropLast()
            case .removedIntermediateContainer: lines.append(" ---> Removed intermediate container <id>")
            case .result(let imageID): lines.append(imageID == nil ? " ---> " : " ---> <id>")
            // Aux data, which the client does not print.
            case .stageImage: break
            case .unusedBuildArguments(let names): lines.append("[Warning] One or more build-args [\(names.joined(separator: " "))] were not consumed")
            case .built: lines.append("Successfully built <id>")
            case .tagged(let reference): lines.append("Successfully tagged \(reference.familiarDescription)")
            }
        }
        return lines
    }

    /// The reference's standard output as the same lines, without the CLI's upload line.
    static func lines(of transcript: LegacyReferenceTranscript) -> [String] {
        LegacyReferenceTranscript.lines(LegacyReferenceTranscript.masked(transcript.standardOutput)).dropLast()
            .filter { !$0.hasPrefix("Sending build context to Docker daemon") }
    }

    /// The history rows (newest first) as `docker history --no-trunc --format '{{.ID}}|{{.CreatedBy}}|{{.Size}}|…'` shows them.
    static func historyRows(of transcript: LegacyReferenceTranscript) -> [(createdBy: String, size: String)] {
        LegacyReferenceTranscript.lines(transcript.standardOutput).filter { $0.hasPrefix("sha256:") }.map { line in
            let fields = line.components(separatedBy: "|")
            return (fields[1], fields[2])
        }
    }

    @Test func aFreshBuildTakesTheReferenceEnginesStepsAndMakesAnImagePerInstruction() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let fresh = try LegacyReferenceTranscript(named: "fresh-multistage")
        let (engine, context) = try setUp(fresh)
        let result = try build(context, engine: engine)
        let image = try #require(result.image, "\(result.failure?.message ?? "")")
        #expect(Self.lines(of: result.events) == Self.lines(of: fresh))
        // `Sending build context to Docker daemon  4.608kB`: the context's tar.
        #expect(result.contextSize == 4608)
        // One image per instruction but FROM: 3 in the first stage, 9 in the second, each the next one's parent.
        let built = engine.images.all.filter { $0.configuration.containerConfig != nil }
        #expect(built.count == 12)
        var chain: [ImageRecord] = [image]
        while let parent = chain.last?.parent, let record = engine.images.record(parent) { chain.append(record) }
        #expect(chain.count == 10, "the second stage's 9 steps, then refbox:1")
        #expect(chain.last?.id == engine.images.image("refbox:1")?.id)
        #expect(image.configuration.config.cmd == ["cat", "/app/conf.txt"])
        #expect(image.configuration.config.user == "app")
        #expect(image.configuration.containerConfig?.cmd == ["/bin/sh", "-c", "#(nop) ", "CMD [\"cat\" \"/app/conf.txt\"]"])
        #expect(engine.images.tags(of: image.id).map(\.familiarDescription) == ["lab:1"])
    }

    @Test func aRebuildComesFromTheCacheAndAChangedFileMissesFromItsCopyOn() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let fresh = try LegacyReferenceTranscript(named: "fresh-multistage")
        let (engine, context) = try setUp(fresh)
        let first = try #require(try build(context, engine: engine).image)

        let cached = try build(context, engine: engine)
        #expect(Self.lines(of: cached.events) == Self.lines(of: try LegacyReferenceTranscript(named: "rebuild-cached")))
        #expect(cached.image?.id == first.id, "every step came from the cache: the same image")

        try Data("config=2\n".utf8).write(to: context.appendingPathComponent("conf.txt"))
        let changed = try build(context, engine: engine)
        #expect(Self.lines(of: changed.events) == Self.lines(of: try LegacyReferenceTranscript(named: "rebuild-changed-file")))
        let image = try #require(changed.image)
        #expect(image.id != first.id)

        // docker images hides the intermediate images, -a lists them (images-after-rebuild,
        // images-all-after-rebuild: two dangling images, then seventeen <none> in all).
        func untagged(all: Bool) throws -> Int {
            try engine.listImages(filter: ImageListFilter([]), all: all).filter { $0.repoTags.isEmpty }.count
        }
        #expect(try untagged(all: false) == 2, "the first build's last image and the first stage's")
        #expect(try untagged(all: true) == 17)

        // docker history: the rows of history-after-build, but the COPY --from hash, which dockerd 20.10
        // took with owner names and file-type bits that Docker 28 leaves out (LegacySourceHash).
        let reference = Self.historyRows(of: try LegacyReferenceTranscript(named: "history-after-build"))
        let rows = try engine.history(of: "lab:1").prefix(reference.count - 1)
        #expect(rows.allSatisfy { $0.id != "<missing>" }, "each row names its step's image")
        for (row, expected) in zip(rows, reference) {
            if expected.createdBy.contains("in /app/version.txt") {
                #expect(row.createdBy.hasPrefix("/bin/sh -c #(nop) COPY file:") && row.createdBy.hasSuffix(" in /app/version.txt "))
            } else {
                #expect(row.createdBy == expected.createdBy)
            }
            #expect(row.size == (expected.size == "0B" ? 0 : Int64(expected.size.dropLast()) ?? -1), "\(row.createdBy)")
        }
    }

    @Test func noCacheRunsEveryStepAgain() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let fresh = try LegacyReferenceTranscript(named: "fresh-multistage")
        let (engine, context) = try setUp(fresh)
        let first = try #require(try build(context, engine: engine).image)
        let again = try build(context, noCache: true, engine: engine)
        #expect(Self.lines(of: again.events) == Self.lines(of: try LegacyReferenceTranscript(named: "no-cache")))
        #expect(again.image?.id != first.id, "new containers, new images")
    }

    @Test func aFailingRunNamesTheCommandAndGivesItsExitCode() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let reference = try LegacyReferenceTranscript(named: "failing-run")
        let (engine, context) = try setUp(reference)
        let result = try build(context, tags: ["fail:1"], engine: engine)
        #expect(result.image == nil)
        #expect(Self.lines(of: result.events) == Self.lines(of: reference))
        let failure = try #require(result.failure)
        // "The command '/bin/sh -c echo "$GREETING before failing" && exit 3' returned a non-zero code: 3"
        #expect(failure.message == LegacyReferenceTranscript.lines(reference.standardError).dropLast().last)
        #expect(failure.exitStatus == reference.exitStatus)
        #expect(engine.images.image("fail:1") == nil)
    }

    @Test func aMissingCopySourceIsTheDaemonsError() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let reference = try LegacyReferenceTranscript(named: "copy-missing")
        let (engine, context) = try setUp(reference)
        let result = try build(context, tags: [], engine: engine)
        #expect(Self.lines(of: result.events) == Self.lines(of: reference))
        #expect(result.failure?.message == LegacyReferenceTranscript.lines(reference.standardError).dropLast().last)
        #expect(result.failure?.exitStatus == 1)
    }

    /// The source hashes are tarsum's, so they equal the reference engine's for the same files: a file,
    /// a folder (dir:), several sources (multi:), and the .dockerignore'd files neither sent nor copied.
    @Test func dockerignoreAndTheCopySourceHashesMatchTheReferenceEngine() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let reference = try LegacyReferenceTranscript(named: "dockerignore")
        let (engine, context) = try setUp(reference)
        try FileManager.default.createDirectory(at: context.appendingPathComponent("logs"), withIntermediateDirectories: true)
        try Data("debug\n".utf8).write(to: context.appendingPathComponent("logs/debug.log"))
        try Data("secret\n".utf8).write(to: context.appendingPathComponent(".env"))
        try Data("notes\n".utf8).write(to: context.appendingPathComponent("README.md"))
        let result = try build(context, tags: ["ignore:1"], engine: engine)
        let image = try #require(result.image, "\(result.failure?.message ?? "")")
        #expect(result.contextSize == 6144, "Sending build context to Docker daemon  6.144kB")
        let steps = Self.lines(of: result.events).filter { $0.hasPrefix("Step") || $0.hasPrefix(" --->") || $0.hasPrefix("Successfully") }
        #expect(steps == Self.lines(of: reference).filter { $0.hasPrefix("Step") || $0.hasPrefix(" --->") || $0.hasPrefix("Removing") || $0.hasPrefix("Successfully") }
            .map { $0.hasPrefix("Removing") ? " ---> Removed intermediate container <id>" : $0 })
        let history = image.configuration.history.suffix(4).map { $0.createdBy ?? "" }
        #expect(history == [
            "/bin/sh -c #(nop) COPY dir:b4b7e6bf5947cba06599945d46ceb8d154bce5cb96de35d7614e5d2450ee7a22 in . ",
            "/bin/sh -c #(nop) COPY dir:8409ad0aee4201219bcac8a6b023049b1a22fc0242eac0e15b1b5058e2d7e47d in /srv/ ",
            "/bin/sh -c #(nop) COPY multi:19e93738f090952a8522c25968c6f392702d737ae5b86a360babe0f00bab1dcc in /multi/ ",
            "/bin/sh -c find /app /srv /multi | sort",
        ])
        let view = UnionView(layers: try engine.images.layers(of: image))
        #expect(view.resolve("/app/src/sub/util.py") != nil)
        #expect(view.resolve("/app/logs") == nil && view.resolve("/app/.env") == nil && view.resolve("/app/README.md") == nil)
        #expect(view.resolve("/multi/util.py") != nil && view.resolve("/srv/sub/util.py") != nil)
    }

    @Test func everyNameIsTaggedWithLatestAddedAndRmiTakesTheUntaggedParents() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let fresh = try LegacyReferenceTranscript(named: "fresh-multistage")
        let (engine, context) = try setUp(fresh)
        let result = try build(context, tags: ["lab:2", "labapp"], engine: engine)
        // two-tags: "Successfully tagged lab:2", "Successfully tagged labapp:latest".
        #expect(Self.lines(of: result.events).suffix(2) == ["Successfully tagged lab:2", "Successfully tagged labapp:latest"])
        let image = try #require(result.image)
        let parent = try #require(image.parent)
        // An intermediate image cannot go while its child needs it (moby image_delete.go).
        #expect(throws: EngineError.self) { try engine.remove(parent.hex, force: false) }
        _ = try engine.remove("labapp", force: false)
        let lines = try engine.remove("lab:2", force: false)
        let deletedImages = lines.filter { if case .deleted(let id) = $0 { engine.images.record(id) == nil && id != image.id } else { false } }
        #expect(lines.contains(.deleted(image.id)))
        #expect(deletedImages.count >= 9, "the second stage's intermediate images went with it")
        // The first stage's three images stay (its last one is no parent of lab:2), and the base.
        #expect(engine.images.all.count == 4)
    }

    @Test func metadataInstructionsAreNopRowsWithEmptyLayers() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let fresh = try LegacyReferenceTranscript(named: "fresh-multistage")
        let (engine, context) = try setUp(fresh)
        let image = try #require(try build(context, engine: engine).image)
        let base = try #require(engine.images.image("refbox:1"))
        let added = image.configuration.history.dropFirst(base.configuration.history.count)
        // The fresh build's rows (reference engine; history-after-build shows the same forms).
        #expect(added.map { $0.createdBy ?? "" } == [
            "/bin/sh -c #(nop)  LABEL maintainer=learner@example.com",
            "/bin/sh -c #(nop)  ENV APP_HOME=/app",
            "/bin/sh -c #(nop) WORKDIR /app",
            "/bin/sh -c #(nop) COPY file:e68e79c886d324c2eeb34ef29b8e27cd58c496ffa09cb88610a776002ebe2300 in . ",
            added[added.startIndex + 4].createdBy ?? "",
            "/bin/sh -c echo \"ready\" && cat version.txt",
            "/bin/sh -c #(nop)  EXPOSE 8080",
            "/bin/sh -c #(nop)  USER app",
            "/bin/sh -c #(nop)  CMD [\"cat\" \"/app/conf.txt\"]",
        ])
        // The raw config of the reference's image: only WORKDIR and the two COPYs made layers (a RUN
        // that writes nothing has an empty one).
        #expect(added.map(\.isEmptyLayer) == [true, true, false, false, false, true, true, true, true])
        #expect(image.layers.count == base.layers.count + 3)
        // The first stage's RUN shows the build arg in force (`|1 VERSION=1.0 /bin/sh -c …`).
        let stageOne = try #require(engine.images.all.first { $0.configuration.history.last?.createdBy?.contains("/src/hello.txt") == true })
        #expect(stageOne.configuration.history.dropLast().last?.createdBy == "|1 VERSION=1.0 /bin/sh -c echo \"building $VERSION\" > /version.txt")
    }
}
