import Dockerfile
import Engine
import Foundation
import ImageModel
import LayerlabBasics
import LayerStore
import SimulatedShell

/// What `docker build` was asked for.
public struct BuildRequest: Sendable {
    public var context: URL
    /// The Dockerfile's path as given (`-f`), relative to the context when not absolute.
    public var dockerfile: URL
    public var dockerfileName: String
    public var tags: [ImageReference]
    public var target: String?
    public var buildArguments: [String: String]
    public var noCache: Bool
    /// `docker build --check`: BuildKit's lint subrequest, which runs the build checks and builds nothing.
    public var checksOnly: Bool

    public init(context: URL, dockerfile: URL, dockerfileName: String, tags: [ImageReference], target: String?, buildArguments: [String: String],
                noCache: Bool, checksOnly: Bool = false) {
        self.context = context
        self.dockerfile = dockerfile
        self.dockerfileName = dockerfileName
        self.tags = tags
        self.target = target
        self.buildArguments = buildArguments
        self.noCache = noCache
        self.checksOnly = checksOnly
    }

    /// Refuses a target platform other than layerlab's own: its images and builds are linux/amd64
    /// (`docker build --platform` at the prompt, the Engine API's `platform` for `POST /build`).
    public static func checkPlatform(_ platform: String?) throws(EngineError) {
        guard let platform, !platform.isEmpty else { return }
        guard ["linux/amd64", "linux/x86_64", "amd64"].contains(platform.lowercased()) else {
            throw .unsupported("building for \(platform) (layerlab's images and builds are linux/amd64)")
        }
    }
}

/// What a build printed and made.
public struct BuildResult: Sendable {
    /// The build's progress, vertex by vertex, for the client to render.
    public var events: [BuildEvent]
    public var image: ImageRecord?
    /// What buildx prints of a failed build: the Dockerfile around the failing instruction when BuildKit
    /// located the error, then `ERROR: …`. The failed step's logs are the progress display's to print.
    public var failure: String?
    /// For each step that ran: whether it came from the cache, and why not when it did not.
    public var steps: [StepReport]
    /// `docker build --check`: what the checks found, in place of a build.
    public var checkReport: BuildCheckReport?

    public struct StepReport: Sendable, Equatable {
        public var label: String
        public var cached: Bool
        /// Why a step that ran missed the cache; nil for a cached step.
        public var reason: String?
    }
}

extension BuildResult {
    /// `docker build --explain` (layerlab's own flag): for each layer step, whether the cache had it,
    /// and when it did not, why.
    public var explanation: String {
        var text = "\nlayerlab explain: why each step was cached or ran\n"
        for step in steps {
            text += (step.cached ? " CACHED  " : " ran     ") + step.label + "\n"
            if let reason = step.reason { text += "         ↳ " + reason + "\n" }
        }
        return text
    }
}

/// A simulated BuildKit: turns a Dockerfile and a context into an image in the engine's store, with
/// BuildKit's step output, cache keys (parent, instruction, used args, source checksums) and layers.
public final class ImageBuilder {
    let engine: Engine
    let clock: any WallClock
    /// The client's login for a registry host, for a base image the build pulls from it: BuildKit
    /// asks the client's session for it (moby/buildkit session/auth), which answers from the logins
    /// `docker login` saved, as for `docker pull`.
    let login: (_ host: String) -> RegistryCredentials?
    /// When the current build started: the time of every step it runs, so a rebuild from the cache
    /// reproduces the same image.
    var buildTime = Date(timeIntervalSince1970: 0)
    /// The last build of the same Dockerfile and target, and this one as it goes.
    var previousTrace = BuildTrace()
    var trace = BuildTrace()
    /// The current build's checks (ImageBuilder+Checks), and under `--check` the Dockerfile they read.
    var checks = BuildCheckRun(configuration: BuildCheckConfiguration())
    var checkedDockerfile: String?
    /// The Dockerfile being built and its name, for the excerpt an error shows.
    var dockerfile = (text: "", name: "Dockerfile")

    public init(engine: Engine, clock: any WallClock, login: @escaping (_ host: String) -> RegistryCredentials? = { _ in nil }) {
        self.engine = engine
        self.clock = clock
        self.login = login
    }

    /// What a build stopped by Ctrl-C fails with: the CLI cancels the solve's context.
    static let canceled = "Canceled: context canceled"
    /// The error of the vertex that was running when the build was cancelled (Go's `context.Canceled`).
    public static let canceledVertexError = "context canceled"

    /// The state of a stage after some of its steps.
    struct StageState {
        /// Only ever appended to, so `stacked` can catch up with it.
        var layers: [Layer] = []
        var union = UnionView(layers: [])

        /// The layers so far, stacked. Each step adds a layer on top of the last step's union; stacking
        /// the whole image again per step made a Dockerfile of N RUN lines cost N² (10,000 took 214 s).
        mutating func stacked() -> UnionView {
            if union.layerCount > layers.count { union = UnionView(layers: []) }
            while union.layerCount < layers.count { union.stack(layers[union.layerCount]) }
            return union
        }

        var digests: [LayerDigests] = []
        var sizes: [Int64] = []
        var config = ImageConfig()
        var history: [HistoryEntry] = []
        var cacheKey = Digest.sha256(of: "scratch")
        var description = "scratch"
        /// History entries from this index on were made by this build.
        var newHistoryStart = 0
        /// Whether any step ran instead of coming from the cache.
        var ranFresh = false
        /// The latest time a cached step was first made.
        var cachedCreated: Date?
        /// MAINTAINER: the image's `author`.
        var author: String?
        var stageName = ""
        /// The base image and each instruction so far, for explaining cache misses.
        var trail = ["FROM scratch"]
        /// The latest step of this stage that ran instead of coming from the cache.
        var lastMiss: BuildTrace.Step?
    }

    struct Failure: Error {
        var vertex: Int
        var label: String
        /// The instruction's lines, for the excerpt buildx shows.
        var lines: ClosedRange<Int>?
        var message: String
    }

    public func build(_ request: BuildRequest) -> BuildResult {
        buildTime = clock.now
        let traceName = BuildTrace.key(dockerfile: request.dockerfile, target: request.target)
        previousTrace = BuildTrace.last(of: request.dockerfile, target: request.target, in: engine) ?? BuildTrace()
        trace = BuildTrace()
        checks = BuildCheckRun(configuration: BuildCheckConfiguration())
        checkedDockerfile = nil
        var builtText: Data?
        var builtImage: Digest?
        defer {
            if !trace.steps.isEmpty, let data = try? JSONEncoder().encode(trace) { try? engine.buildCache.storeTrace(data, named: traceName) }
            if !trace.steps.isEmpty, let builtText {
                let outcome = BuildOutcome(steps: trace.steps.map { BuildOutcome.Step(instruction: $0.instruction, cached: $0.cached ?? false, layer: $0.layer) },
                                           image: builtImage?.description)
                engine.buildCache.storeOutcome(outcome, ofDockerfile: builtText, target: request.target)
            }
        }
        let output = BuildEventRecorder()
        var reports: [BuildResult.StepReport] = []
        // The Dockerfile frontend reads its options before the Dockerfile, so a bad check option given as
        // a build argument stops the build before anything shows (buildkit v0.22.0 dockerui/config.go).
        var checkOptions: BuildCheckConfiguration?
        if let options = request.buildArguments[BuildCheckConfiguration.buildArgument] {
            do {
                checkOptions = try BuildCheckConfiguration(parsing: options)
            } catch {
                return BuildResult(events: [], image: nil, failure: "ERROR: failed to solve: \(error.message(fromBuildArgument: true))", steps: [])
            }
        }
        let dockerfileVertex = output.vertex("[internal] load build definition from \(request.dockerfileName)")
        guard let dockerfileData = FileManager.default.contents(atPath: request.dockerfile.path) else {
            output.error(dockerfileVertex, "failed to read dockerfile: open \(request.dockerfileName): no such file or directory")
            return BuildResult(events: output.events, image: nil, failure: "ERROR: failed to solve: failed to read dockerfile: open \(request.dockerfileName): no such file or directory", steps: [])
        }
        builtText = dockerfileData
        let dockerfileTransfer = FsutilTransfer.single(named: request.dockerfile.lastPathComponent, size: dockerfileData.count)
        output.line(dockerfileVertex, "transferring dockerfile: \(DockerSize.short(dockerfileTransfer)) done")
        output.done(dockerfileVertex)
        let text = String(decoding: dockerfileData, as: UTF8.self)
        dockerfile = (text, request.dockerfileName)
        if request.checksOnly { checkedDockerfile = text }
        let loaded: LoadedDockerfile
        do {
            loaded = try load(text, checkOptions: checkOptions, request: request, output: output, vertex: dockerfileVertex)
        } catch {
            return stopped(error.message, at: error.lines, output: output)
        }
        let program = loaded.program
        var scope = loaded.scope
        guard let target = request.target.map({ program.stage(named: $0) }) ?? program.stages.last else {
            return stopped("target stage \"\(request.target ?? "")\" could not be found", output: output)
        }
        do {
            // `--check` without a target checks every stage (buildkit v0.22.0 convert.go DockerfileLint).
            let needed = request.checksOnly && request.target == nil ? Set(program.stages.map(\.index)) : neededStages(for: target, in: program)
            // Base images are resolved first, as BuildKit loads their metadata up front.
            var bases: [Int: ImageRecord] = [:]
            var resolvedNames: [Int: String] = [:]
            /// Stages whose base was in the image store before the build: BuildKit resolves those
            /// locally, with no digest in the FROM step's name and no `resolve` line (moby v28.2.2
            /// builder-next/adapters/containerimage/pull.go, ResolveImageConfig returns an empty digest
            /// for a local image; buildkit v0.22.0 dockerfile2llb/convert.go adds `@digest` only if one came back).
            var localBases: Set<Int> = []
            /// Bases pulled for this build, by image ID, with what their FROM step shows of the pull.
            var pulls: [Digest: BasePull] = [:]
            var resolvedMetadata: Set<String> = []
            for stage in program.stages where needed.contains(stage.index) {
                let base = try scope.resolveBase(of: stage)
                resolvedNames[stage.index] = base
                if base == "scratch" || program.stage(named: base).map({ $0.index < stage.index }) == true { continue }
                let reference = try ImageReference.parse(base).withDefaultTag
                if engine.images.image(reference.description) != nil { localBases.insert(stage.index) }
                // The frontend resolves each base once however many stages name it (buildkit v0.22.0
                // frontend/dockerfile/builder/resolvecache.go).
                let vertex = resolvedMetadata.insert(reference.description).inserted
                    ? output.vertex("[internal] load metadata for \(reference.description)") : nil
                let fetched: (image: ImageRecord, pull: BasePull?)
                do {
                    fetched = try fetchBase(reference, written: base)
                } catch let unresolved as UnresolvedBase {
                    // The metadata vertex fails with the resolver's error; the frontend's, located at
                    // the FROM line, ends the build.
                    guard let vertex else { throw unresolved }
                    output.error(vertex, unresolved.cause)
                    throw Failure(vertex: vertex, label: "", lines: stage.fromLocation.startLine...stage.fromLocation.endLine, message: unresolved.message)
                }
                bases[stage.index] = fetched.image
                if let pull = fetched.pull { pulls[fetched.image.id] = pull }
                if let vertex { output.done(vertex) }
            }
            let ignoreVertex = output.vertex("[internal] load .dockerignore")
            // With no .dockerignore only the empty walk's end and the FIN arrive: 2B.
            let ignoreTransfer = FileManager.default.contents(atPath: request.context.appendingPathComponent(".dockerignore").path)
                .map { FsutilTransfer.single(named: ".dockerignore", size: $0.count) } ?? FsutilTransfer().size
            output.line(ignoreVertex, "transferring context: \(DockerSize.short(ignoreTransfer)) done")
            output.done(ignoreVertex)
            // The Dockerfile and the .dockerignore are local sources of their own, as the context is.
            let folder = Digest.sha256(of: request.context.standardizedFileURL.path).hex
            try engine.buildCache.recordLocalSource(named: "dockerfile-" + Digest.sha256(of: request.dockerfile.standardizedFileURL.path).hex,
                                                    size: Int64(text.utf8.count))
            try engine.buildCache.recordLocalSource(named: "dockerignore-" + folder, size: Int64(
                FileManager.default.contents(atPath: request.context.appendingPathComponent(".dockerignore").path)?.count ?? 0))
            // BuildKit dispatches the stages once their bases and the .dockerignore are in, checking as it
            // goes; only then, with `error=true`, do the findings fail the build (convert.go toDispatchState).
            try dispatchChecks(loaded, stages: needed, resolvedNames: resolvedNames, images: bases, request: request, output: output,
                               vertex: dockerfileVertex)
            if let violation = checks.violation { return stopped(violation, output: output) }
            if let checkedDockerfile {
                return BuildResult(events: output.events, image: nil, failure: nil, steps: [],
                                   checkReport: BuildCheckReport(warnings: checks.warnings, dockerfile: checkedDockerfile, error: nil))
            }
            let context = try BuildContext(root: request.context)
            // BuildKit turns the whole Dockerfile into its build graph before anything runs: every stage
            // the target needs is expanded first, and the context is sent for the paths they name.
            let stages = try prepareStages(needed, of: program, bases: bases, resolvedNames: resolvedNames, scope: &scope)
            let contextPaths = ContextPaths(stages.values.flatMap { $0.instructions.map(\.located.instruction) })
            var contextLoaded = false
            /// BuildKit loads the context as the build starts, alongside the first base image.
            func loadContext() throws {
                guard !contextLoaded, contextPaths.isRead else { return }
                contextLoaded = true
                let vertex = output.vertex("[internal] load build context")
                let key = "context-" + Digest.sha256(of: request.context.standardizedFileURL.path).hex
                let previous = engine.buildCache.contextSnapshot(named: key).flatMap { try? JSONDecoder().decode(ContextSnapshot.self, from: $0) }
                let (transfer, snapshot) = context.transfer(following: contextPaths.followed, previously: previous)
                output.line(vertex, "transferring context: \(DockerSize.short(transfer.size)) done")
                output.done(vertex)
                if let data = try? JSONEncoder().encode(snapshot) {
                    try engine.buildCache.storeContextSnapshot(data, named: key, size: snapshot.files.values.reduce(0) { $0 + $1.size })
                }
            }
            var fromVertices: Set<Digest> = []
            var finished: [Int: StageState] = [:]
            let namesStages = StepCounter.namesStages(in: program)
            for writtenStage in program.stages where needed.contains(writtenStage.index) {
                guard let prepared = stages[writtenStage.index] else { continue }
                let stage = prepared.stage
                var state = StageState()
                var counter = StepCounter(stageName: namesStages ? stage.displayName : nil,
                                          total: StepCounter.total(of: writtenStage, triggers: prepared.triggers, fromImage: bases[stage.index] != nil))
                let baseName = resolvedNames[stage.index] ?? "scratch"
                if let base = bases[stage.index] {
                    state = try initialState(from: base)
                    let reference = try ImageReference.parse(baseName).withDefaultTag
                    // A base in the image store is resolved there, with no digest; one the build cache holds
                    // is resolved by its registry, whose manifest digest the name shows.
                    let digest = localBases.contains(stage.index) ? nil : engine.buildCache.base(for: reference)?.manifestDigest.description
                    let name = counter.label("FROM \(reference.description)" + (digest.map { "@" + $0 } ?? ""))
                    // Stages on the same base share one vertex: BuildKit solves an identical op once.
                    if fromVertices.insert(base.id).inserted {
                        let vertex = output.vertex(name)
                        if let digest { output.line(vertex, "resolve \(reference.description)@\(digest) done") }
                        if let pull = pulls[base.id] {
                            // The context loads while the layers download: BuildKit's plain progress shows
                            // its vertex between the FROM step's resolve line and the pull's.
                            try loadContext()
                            for line in pull.downloads + pull.extractions { output.line(vertex, line) }
                            output.done(vertex)
                            try engine.buildCache.recordImage(base.id)
                        } else if engine.buildCache.hasImage(base.id) {
                            // A base an earlier build used is in BuildKit's cache: the step shows CACHED when
                            // the next step needs its result, DONE when that step is itself cached.
                            output.deferStatus(vertex)
                        } else {
                            output.done(vertex)
                            try engine.buildCache.recordImage(base.id)
                        }
                    }
                } else if let parent = program.stage(named: baseName), let parentState = finished[parent.index] {
                    state = parentState
                }
                try loadContext()
                state.stageName = stage.displayName
                for (position, item) in prepared.instructions.enumerated() {
                    // Ctrl-C at the prompt: stop between steps, as the CLI cancels BuildKit's context;
                    // nothing is named, and what a finished step cached stays cached.
                    if Interruption.isRequested { throw BuildError.failed(Self.canceled) }
                    let onBuild = position < prepared.triggers
                    try apply(item, to: &state, program: program, finished: finished, context: context,
                              output: output, label: { counter.label($0, onBuild: onBuild) }, request: request, reports: &reports)
                }
                output.settleDeferred(cached: true)
                finished[stage.index] = state
            }
            let final = finished[target.index]!
            let record = try export(final, request: request, output: output)
            builtImage = record.id
            try engine.buildCache.recordImage(record.id)
            return BuildResult(events: output.events, image: record, failure: nil, steps: reports)
        } catch let failure as Failure {
            output.settleDeferred(cached: false)
            if failure.vertex == 0 {
                // A step that fails before it runs (COPY of a missing file) still shows as a vertex with
                // its error, the cache-key wrapper left to the final line.
                let vertex = output.vertex(failure.label)
                output.error(vertex, String(failure.message.trimmingPrefix("failed to compute cache key: ")))
            }
            return BuildResult(events: output.events, image: nil,
                               failure: Self.failureText(failure.message, lines: failure.lines, dockerfile: text, name: request.dockerfileName), steps: reports)
        } catch let error as DockerfileParseError {
            return stopped(error.message, at: error.excerptLines, output: output, steps: reports)
        } catch let error as any UserFacingError {
            return stopped(error.message, output: output, steps: reports)
        } catch let error as EngineError {
            return stopped(error.streamedMessage, output: output, steps: reports)
        } catch {
            return stopped("\(error)", output: output, steps: reports)
        }
    }

    /// The target and every stage it reads from (FROM a stage, COPY --from a stage, `RUN --mount`
    /// from a stage, which BuildKit looks up by name only), in file order.
    func neededStages(for target: DockerfileProgram.Stage, in program: DockerfileProgram) -> Set<Int> {
        var needed: Set<Int> = []
        var pending = [target.index]
        while let index = pending.popLast() {
            guard needed.insert(index).inserted else { continue }
            let stage = program.stages[index]
            if let parent = program.stage(named: stage.from.base), parent.index < index { pending.append(parent.index) }
            for located in stage.instructions {
                var sources: [DockerfileProgram.Stage] = []
                if case .copy(let copy) = located.instruction, let from = copy.from, let source = program.stage(named: from) {
                    sources.append(source)
                }
                if case .run(let run) = located.instruction {
                    let names = run.mounts.compactMap { RunMount($0).from?.lowercased() }
                    sources += program.stages.filter { stage in stage.from.stageName.map { names.contains($0) } ?? false }
                }
                pending += sources.filter { $0.index < index }.map(\.index)
            }
        }
        return needed
    }

    /// A stage as the build runs it: its base's ONBUILD triggers first, then its own instructions, expanded.
    struct PreparedStage {
        var stage: DockerfileProgram.Stage
        /// How many of the first instructions are the base's ONBUILD triggers.
        var triggers: Int
        var instructions: [ExpandedInstruction]
    }

    /// Every stage the target needs, expanded in file order, each from its base image's environment or
    /// where the stage it is built on ends (its Env, its ARGs and their values).
    func prepareStages(_ needed: Set<Int>, of program: DockerfileProgram, bases: [Int: ImageRecord], resolvedNames: [Int: String],
                       scope: inout BuildScope) throws -> [Int: PreparedStage] {
        var prepared: [Int: PreparedStage] = [:]
        for written in program.stages where needed.contains(written.index) {
            let stage = try withOnBuildTriggers(of: bases[written.index], before: written)
            let instructions: [ExpandedInstruction]
            if let name = resolvedNames[written.index], bases[written.index] == nil, let parent = program.stage(named: name), parent.index < written.index {
                instructions = try scope.expand(stage, continuing: parent.index)
            } else {
                instructions = try scope.expand(stage, baseEnvironment: bases[written.index]?.configuration.config.environment ?? [:])
            }
            prepared[written.index] = PreparedStage(stage: stage, triggers: stage.instructions.count - written.instructions.count, instructions: instructions)
        }
        return prepared
    }

    /// What buildx prints of a failed build after its progress: the Dockerfile around the instruction,
    /// when BuildKit located the error, then the error.
    static func failureText(_ message: String, lines: ClosedRange<Int>?, dockerfile: String, name: String) -> String {
        let excerpt = lines.map { SourceExcerpt.render(file: name, text: dockerfile, lines: $0) } ?? ""
        return excerpt + "ERROR: failed to solve: \(message)"
    }

    /// A base image the registry does not have. The resolver's error is what the `load metadata` vertex
    /// fails with (buildkit v0.22.0 solver/llbsolver/bridge.go: the vertex completes with it); the
    /// frontend wraps it with the base's name (client/llb/sourceresolver/imageresolver.go and
    /// dockerfile2llb/convert.go) for the build's error.
    struct UnresolvedBase: UserFacingError {
        var cause: String
        var message: String

        /// `written` is the base as the FROM line has it after ARG expansion (convert.go's `origName`).
        init(_ reference: ImageReference, written: String, cause: String) {
            self.cause = cause
            message = "\(written): failed to resolve source metadata for \(reference.description): \(cause)"
        }
    }

    func baseImage(_ reference: ImageReference) throws -> ImageRecord {
        try fetchBase(reference, written: reference.familiarDescription).image
    }

    /// The image a FROM or `COPY --from` names (`written` as the Dockerfile has it), pulled when the
    /// store lacks it; then also what the FROM step shows of the pull.
    func fetchBase(_ reference: ImageReference, written: String) throws -> (image: ImageRecord, pull: BasePull?) {
        if let local = engine.images.image(reference.description) { return (local, nil) }
        let fetched: (image: ImageRecord, manifestDigest: Digest, report: PullReport?)
        do {
            fetched = try engine.fetchBaseIntoBuildCache(reference, credentials: login(reference.domain))
        } catch EngineError.notInCatalog {
            throw UnresolvedBase(reference, written: written, cause: "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed")
        } catch EngineError.manifestUnknown {
            throw UnresolvedBase(reference, written: written, cause: "\(reference.description): not found")
        }
        let pulled = fetched.image
        // A base the cache holds already is resolved again but not downloaded.
        guard let report = fetched.report else { return (pulled, nil) }
        // The Hub's official images come from the catalog, whose manifest costs nothing to read again; a
        // registry's would be another request in its log, so its line is left out.
        let manifest = reference.isOfficial ? (try? engine.remoteManifest(reference, credentials: nil)) : nil
        var manifests: [Data] = []
        if let manifest {
            manifests.append(manifest.bytes)
            if let platformManifest = manifest.platformManifest { manifests.append(platformManifest) }
        }
        return (pulled, BasePull(report: report, image: pulled, manifests: manifests))
    }

    /// A base image's ONBUILD triggers run first, as if written right after FROM (their errors point
    /// at the FROM line); the new image does not inherit them.
    func withOnBuildTriggers(of base: ImageRecord?, before stage: DockerfileProgram.Stage) throws -> DockerfileProgram.Stage {
        guard let triggers = base?.configuration.config.onBuild, !triggers.isEmpty else { return stage }
        let parsed: DockerfileProgram
        do {
            parsed = try DockerfileProgram.parse("FROM scratch\n" + triggers.joined(separator: "\n"), file: "ONBUILD")
        } catch {
            // BuildKit places a trigger's error at the FROM line (initOnBuildTriggers resets its location).
            throw DockerfileParseError(reason: error.reason, line: stage.fromLocation.startLine, endLine: stage.fromLocation.endLine,
                                       file: error.file, namesLine: error.namesLine)
        }
        var combined = stage
        combined.instructions = parsed.stages[0].instructions.map { trigger in
            var located = trigger
            located.startLine = stage.fromLocation.startLine
            located.endLine = stage.fromLocation.endLine
            return located
        } + stage.instructions
        return combined
    }

    func initialState(from image: ImageRecord) throws -> StageState {
        var config = image.configuration.config
        config.onBuild = nil
        return StageState(
            layers: try engine.images.layers(of: image), union: try engine.images.view(of: image), digests: image.layers, sizes: image.layerSizes,
            config: config, history: image.configuration.history,
            cacheKey: image.id, description: image.id.description, newHistoryStart: image.configuration.history.count,
            trail: ["FROM \(image.id)"]
        )
    }
}

extension BuildError: UserFacingError {
    public var message: String {
        switch self {
        case .failed(let text): text
        }
    }
}
