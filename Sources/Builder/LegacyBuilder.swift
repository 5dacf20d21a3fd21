import Dockerfile
import Engine
import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// A simulated classic builder: what dockerd runs for `DOCKER_BUILDKIT=0 docker build` (and for the
/// Engine API's `POST /build` without `version=2`). It takes the request BuildKit's `ImageBuilder` takes
/// and builds every stage up to the target, in order. Every instruction but FROM commits an image whose
/// parent is the previous step's, metadata instructions too (a `#(nop)` history row, an empty layer); a
/// step comes from the cache when a child of its parent was made with the same container config, and
/// after one miss the rest of the stage runs (moby v28.2.2 builder/dockerfile, image/cache). Its output
/// is typed events for the client to render; the reference engine's transcripts are in
/// Tests/BuilderTests/LegacyReference.
public final class LegacyBuilder {
    let engine: Engine
    let clock: any WallClock
    /// The client's login for a registry host, for a base image the build pulls from it: the CLI sends
    /// every login it saved with the request (`X-Registry-Config`), and the daemon picks the one for the
    /// base's registry (moby v28.2.2 daemon/images/image_builder.go, pullForBuilder).
    let login: (_ host: String) -> RegistryCredentials?
    var events: [LegacyBuildEvent] = []
    var noCache = false

    public init(engine: Engine, clock: any WallClock, login: @escaping (_ host: String) -> RegistryCredentials? = { _ in nil }) {
        self.engine = engine
        self.clock = clock
        self.login = login
    }

    /// A stage as its steps leave it: the image it is at and what that image is made of.
    struct StageState {
        /// nil only FROM scratch before the first commit.
        var imageID: Digest?
        var config = ImageConfig()
        var architecture = "amd64"
        var os = "linux"
        /// MAINTAINER: the author of every image committed after it.
        var author: String?
        var layers: [Layer] = []
        /// The layers stacked, kept up to date as layers come so a step never stacks them all again.
        var union = UnionView(layers: [])
        var digests: [LayerDigests] = []
        var sizes: [Int64] = []
        var history: [HistoryEntry] = []
        /// A step of this stage missed the cache, so the later ones run without looking
        /// (builder/dockerfile/imageprobe.go, cacheBusted; each FROM starts looking again).
        var cacheBusted = false
        /// CMD was set in this stage, so a later ENTRYPOINT keeps it (dispatchers.go, cmdSet).
        var cmdSet = false

        mutating func append(_ layer: Layer, digests layerDigests: LayerDigests, size: Int64) {
            layers.append(layer)
            union.stack(layer)
            digests.append(layerDigests)
            sizes.append(size)
        }
    }

    /// A build of a folder, as the prompt's `DOCKER_BUILDKIT=0 docker build` runs it: the CLI's side (the
    /// Dockerfile read, the context's size as the CLI would send it), then the daemon's.
    public func build(_ request: BuildRequest) -> LegacyBuildResult {
        events = []
        guard let dockerfileData = FileManager.default.contents(atPath: request.dockerfile.path) else {
            // The CLI looks for the Dockerfile before it sends anything (docker/cli build.go, GetContextFromLocalDir).
            return LegacyBuildResult(contextSize: 0, events: [], image: nil, failure: LegacyBuildFailure(
                "unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat \(request.dockerfile.path): no such file or directory",
                origin: .client))
        }
        let context: BuildContext
        do throws(BuildError) {
            context = try BuildContext(root: request.context)
        } catch {
            return LegacyBuildResult(contextSize: 0, events: [], image: nil, failure: LegacyBuildFailure(error.message, origin: .client))
        }
        var alsoSent = [(path: Self.relativePath(of: request.dockerfile, in: request.context) ?? ".dockerfile.\(Digest.sha256(of: dockerfileData).hex.prefix(20))",
                         size: dockerfileData.count)]
        if let ignore = FileManager.default.contents(atPath: request.context.appendingPathComponent(".dockerignore").path) {
            alsoSent.append((path: ".dockerignore", size: ignore.count))
        }
        let contextSize = LegacyContextArchive.size(of: context, alsoSent: alsoSent)
        return run(dockerfile: dockerfileData, dockerfileName: request.dockerfileName, context: context, contextSize: contextSize,
                   tags: request.tags, target: request.target, buildArguments: request.buildArguments, noCache: request.noCache)
    }

    /// A build of the context the Docker CLI sent the daemon whole, as the Engine API's `POST /build`
    /// receives it: the tar of the folder, the Dockerfile at `dockerfile` among its files (the request's
    /// `dockerfile`, relative to the context). A Dockerfile the tar lacks is the daemon's error before
    /// it streams anything, `Dockerfile` found as `dockerfile` too (moby v28.2.2 builder/remotecontext/
    /// detect.go withDockerfileFromContext).
    public func build(archive: Data, dockerfile: String, tags: [ImageReference], target: String?, buildArguments: [String: String],
                      noCache: Bool) -> LegacyBuildResult {
        events = []
        let files: [String: BuildContext.File]
        do throws(BuildError) {
            files = try BuildContext.files(ofArchive: archive)
        } catch {
            return LegacyBuildResult(contextSize: archive.count, events: [], image: nil, failure: LegacyBuildFailure(error.message, origin: .daemonResponse))
        }
        var path = String(LayerPath.normalize("/" + dockerfile).dropFirst())
        if files[path] == nil, path == "Dockerfile", files["dockerfile"] != nil { path = "dockerfile" }
        // A Dockerfile that is a link is read where it leads, inside the context.
        guard let listed = files[path], let found = BuildContext(files: files).resolvingLink(listed), !found.isDirectory else {
            return LegacyBuildResult(contextSize: archive.count, events: [], image: nil,
                                     failure: LegacyBuildFailure("Cannot locate specified Dockerfile: \(dockerfile)", origin: .daemonResponse))
        }
        return run(dockerfile: found.content.data, dockerfileName: path.split(separator: "/").last.map(String.init) ?? path,
                   context: BuildContext(received: files, dockerfile: path), contextSize: archive.count,
                   tags: tags, target: target, buildArguments: buildArguments, noCache: noCache)
    }

    /// The daemon's side of a build: the Dockerfile parsed, then every stage up to the target built.
    private func run(dockerfile dockerfileData: Data, dockerfileName: String, context: BuildContext, contextSize: Int,
                     tags: [ImageReference], target: String?, buildArguments: [String: String], noCache: Bool) -> LegacyBuildResult {
        self.noCache = noCache
        // What came from the cache, kept by the Dockerfile's text whether the build ends or fails.
        defer { engine.buildCache.storeOutcome(outcome(of: events), ofDockerfile: dockerfileData, target: target) }
        func stopped(_ failure: LegacyBuildFailure) -> LegacyBuildResult {
            LegacyBuildResult(contextSize: contextSize, events: events, image: nil, failure: failure)
        }

        let program: DockerfileProgram
        var scope: BuildScope
        do throws(DockerfileParseError) {
            program = try DockerfileProgram.parse(String(decoding: dockerfileData, as: UTF8.self), file: dockerfileName)
            scope = try BuildScope(program: program, buildArguments: buildArguments, rules: .classic)
        } catch {
            return stopped(LegacyBuildFailure(error.message, origin: .daemonResponse))
        }
        // Every stage up to the target is built, needed or not (builder.go: stages[:targetIx+1]).
        var stages = program.stages
        if let target {
            guard let found = program.stage(named: target) else {
                return stopped(LegacyBuildFailure("target stage \"\(target)\" could not be found", origin: .daemonResponse))
            }
            stages = Array(program.stages.prefix(found.index + 1))
        }
        guard !stages.isEmpty else {
            return stopped(LegacyBuildFailure("No image was generated. Is your Dockerfile empty?", origin: .daemonResponse))
        }

        // Steps are the ARGs before the first FROM, each FROM and each instruction of the stages built
        // (builder.go, dispatchDockerfileWithCancellation).
        let total = program.metaArgInstructions.count + stages.count + stages.reduce(0) { $0 + $1.instructions.count }
        var number = 0
        for located in program.metaArgInstructions {
            number += 1
            events.append(.step(number: number, total: total, instruction: located.original))
        }
        var finished: [Int: StageState] = [:]
        var last = StageState()
        do {
            for stage in stages {
                number += 1
                events.append(.step(number: number, total: total, instruction: stage.fromLocation.original))
                var state = try beginStage(stage, scope: &scope, program: program, finished: finished)
                // A base's ONBUILD triggers run first, without steps of their own, and the stage's image
                // shows once they ran (dispatchers.go initializeStage, dispatchTriggeredOnBuild).
                let triggers = state.config.onBuild ?? []
                state.config.onBuild = nil
                var written = stage
                if triggers.isEmpty {
                    events.append(.result(imageID: state.imageID))
                } else {
                    let parsed = try DockerfileProgram.parse("FROM scratch\n" + triggers.joined(separator: "\n"), file: dockerfileName)
                    written.instructions = parsed.stages[0].instructions + stage.instructions
                    events.append(.executingBuildTriggers(count: triggers.count))
                }
                let expanded = try scope.expand(written, baseEnvironment: state.config.environment)
                for (index, item) in expanded.enumerated() {
                    if Interruption.isRequested { throw LegacyBuildFailure("Build cancelled") }
                    let isTrigger = index < triggers.count
                    if !isTrigger {
                        number += 1
                        events.append(.step(number: number, total: total, instruction: item.located.original))
                    }
                    try dispatch(item, to: &state, program: program, finished: finished, context: context)
                    if !isTrigger || index == triggers.count - 1 { events.append(.result(imageID: state.imageID)) }
                }
                if let imageID = state.imageID { events.append(.stageImage(imageID)) }
                finished[stage.index] = state
                last = state
            }
        } catch let failure as LegacyBuildFailure {
            return stopped(failure)
        } catch let error as EngineError {
            return stopped(LegacyBuildFailure(error.streamedMessage))
        } catch let error as any UserFacingError {
            return stopped(LegacyBuildFailure(error.message))
        } catch {
            return stopped(LegacyBuildFailure("\(error)"))
        }

        // Build args no ARG declared are named before the result (buildargs.go, WarnOnUnusedBuildArgs;
        // the proxy variables are Docker's own and never named).
        let declared = Set((program.metaArgInstructions + stages.flatMap(\.instructions)).flatMap { located -> [String] in
            if case .arg(let declarations) = located.instruction { declarations.map(\.name) } else { [] }
        })
        let unused = buildArguments.keys.filter { !declared.contains($0) && !BuildScope.proxyArguments.contains($0) }.sorted()
        if !unused.isEmpty { events.append(.unusedBuildArguments(unused)) }
        guard let imageID = last.imageID, let record = engine.images.record(imageID) else {
            return stopped(LegacyBuildFailure("No image was generated. Is your Dockerfile empty?"))
        }
        events.append(.built(imageID: imageID))
        do throws(EngineError) {
            for tag in tags {
                try engine.images.setTag(tag, to: imageID)
                events.append(.tagged(tag.withDefaultTag))
            }
        } catch {
            return stopped(LegacyBuildFailure(error.streamedMessage))
        }
        return LegacyBuildResult(contextSize: contextSize, events: events, image: record, failure: nil)
    }

    /// Each step of the stream, whether the cache had it (a `Using cache` before the next step), and
    /// the layer it made: the last of its image's, when that image's last history row made one.
    func outcome(of events: [LegacyBuildEvent]) -> BuildOutcome {
        var steps: [BuildOutcome.Step] = []
        var built: Digest?
        for event in events {
            switch event {
            case .step(_, _, let instruction): steps.append(BuildOutcome.Step(instruction: instruction, cached: false))
            case .usingCache: if !steps.isEmpty { steps[steps.count - 1].cached = true }
            case .result(let imageID?):
                guard !steps.isEmpty, let record = engine.images.record(imageID),
                      record.configuration.history.last?.emptyLayer != true, let last = record.layers.last else { break }
                steps[steps.count - 1].layer = last.diffID.description
            case .built(let imageID): built = imageID
            default: break
            }
        }
        return BuildOutcome(steps: steps, image: built?.description)
    }

    /// The state a stage starts from: nothing FROM scratch, an earlier stage's image, or a local or pulled one.
    func beginStage(_ stage: DockerfileProgram.Stage, scope: inout BuildScope, program: DockerfileProgram,
                    finished: [Int: StageState]) throws -> StageState {
        let name = try scope.resolveBase(of: stage)
        if name == "scratch" { return StageState() }
        if let earlier = program.stage(named: name), earlier.index < stage.index, var state = finished[earlier.index] {
            state.cacheBusted = false
            state.cmdSet = false
            return state
        }
        let base = try baseImage(name)
        var state = StageState()
        state.imageID = base.id
        state.config = base.configuration.config
        state.architecture = base.configuration.architecture
        state.os = base.configuration.os
        state.history = base.configuration.history
        state.layers = try engine.images.layers(of: base)
        state.union = try engine.images.view(of: base)
        state.digests = base.layers
        state.sizes = base.layerSizes
        return state
    }

    /// An image FROM or COPY --from names: the local one, else pulled as the daemon would.
    func baseImage(_ name: String) throws -> ImageRecord {
        let reference = try ImageReference.parse(name).withDefaultTag
        if let local = engine.images.image(reference.description) { return local }
        _ = try engine.pull(reference, credentials: login(reference.domain))
        guard let pulled = engine.images.image(reference.description) else {
            throw LegacyBuildFailure("\(reference.familiarDescription): not found")
        }
        return pulled
    }

    /// A file's path inside the context folder, if it is inside.
    static func relativePath(of file: URL, in folder: URL) -> String? {
        let filePath = file.standardizedFileURL.path
        let folderPath = folder.standardizedFileURL.path
        let prefix = folderPath.hasSuffix("/") ? folderPath : folderPath + "/"
        return filePath.hasPrefix(prefix) ? String(filePath.dropFirst(prefix.count)) : nil
    }
}
