import Dockerfile
import Engine
import Foundation
import GoSemantics
import ImageModel
import LayerlabBasics
import LayerStore
import SimulatedShell

extension ImageBuilder {
    /// One instruction: config-only ones change the config and history; RUN, COPY, ADD and WORKDIR
    /// make a layer, from the cache when the same step ran on the same parent before.
    func apply(_ item: ExpandedInstruction, to state: inout StageState, program: DockerfileProgram,
               finished: [Int: StageState], context: BuildContext, output: BuildEventRecorder,
               label: (String) -> String, request: BuildRequest, reports: inout [BuildResult.StepReport]) throws {
        let located = item.located
        let now = clock.now
        func metadata(_ createdBy: String, _ change: (inout ImageConfig) -> Void) {
            change(&state.config)
            state.history.append(HistoryEntry(created: now, createdBy: createdBy, comment: "buildkit.dockerfile.v0", emptyLayer: true))
            // Config-only instructions leave the filesystem state, and so the next step's parent, as it
            // was: BuildKit reruns a later step only if what it sees (env, user, workdir) changed.
        }
        switch located.instruction {
        case .env(let pairs):
            metadata("ENV " + pairs.map { "\($0.key)=\($0.value)" }.joined(separator: " ")) { config in
                for pair in pairs { config.setEnvironment(pair.key, pair.value) }
            }
        case .label(let pairs):
            metadata("LABEL " + pairs.map { "\($0.key)=\($0.value)" }.joined(separator: " ")) { $0.addLabels(pairs) }
        case .arg(let declarations):
            let text = declarations.map { declaration in declaration.defaultValue.map { "\(declaration.name)=\($0)" } ?? declaration.name }
            metadata("ARG " + text.joined(separator: " ")) { _ in }
        case .expose(let ports):
            let normalized = ImageConfig.normalizedPorts(ports)
            metadata("EXPOSE map[" + normalized.sorted().map { "\($0):{}" }.joined(separator: " ") + "]") { $0.expose(ports) }
        case .user(let user):
            metadata("USER \(user)") { $0.user = user }
        case .volume(let volumes):
            metadata("VOLUME [\(volumes.joined(separator: " "))]") { $0.addVolumes(volumes) }
        case .stopSignal(let signal):
            metadata("STOPSIGNAL \(signal)") { $0.stopSignal = signal }
        case .shell(let shell):
            // Go's %v of the list, unquoted (buildkit v0.22.0 dispatchShell: `SHELL %v`; reference engine).
            metadata("SHELL [\(shell.joined(separator: " "))]") { $0.shell = shell }
        case .cmd(let command):
            let arguments = RunExecution.argv(for: command, shell: state.config.shell ?? ["/bin/sh", "-c"])
            metadata("CMD \(GoQuote.list(arguments))") { config in
                config.cmd = arguments
                // Set with every CMD, shell form or exec form, and kept by later stages and images
                // (buildkit v0.22.0 convert.go dispatchCmd; dispatchEntrypoint leaves it as it is).
                config.argsEscaped = true
            }
        case .entrypoint(let command):
            let arguments = RunExecution.argv(for: command, shell: state.config.shell ?? ["/bin/sh", "-c"])
            metadata("ENTRYPOINT \(GoQuote.list(arguments))") { config in
                config.entrypoint = arguments
                // A new ENTRYPOINT drops a CMD inherited from the base.
                config.cmd = nil
            }
        case .healthcheck(let check):
            let healthcheck = ImageConfig.healthcheckSetting(check)
            metadata("HEALTHCHECK " + healthcheck.text) { $0.healthcheck = healthcheck.config }
        case .maintainer(let name):
            metadata("MAINTAINER \(name)") { _ in }
            state.author = name
        case .onbuild(let expression):
            state.config.onBuild = (state.config.onBuild ?? []) + [expression]
        case .from:
            break
        case .workdir(let path):
            let absolute = path.hasPrefix("/") ? LayerPath.normalize(path) : LayerPath.normalize((state.config.workingDir ?? "/") + "/" + path)
            let text = "WORKDIR \(absolute)"
            // WORKDIR / makes no folder: no step, no layer, but its number is counted all the same
            // (buildkit v0.22.0 dispatchWorkdir calls prefixCommand only when it makes one).
            guard absolute != "/" else {
                metadata(text) { $0.workingDir = absolute }
                return
            }
            state.config.workingDir = absolute
            let display = StepName.command(located.original, environment: item.buildKitEnvironment(over: state.config.environment),
                                           escapeToken: program.escapeToken)
            let configuredUser = state.config.user
            try layerStep(display: label(display), createdBy: text, key: text + " \(configuredUser ?? "")", state: &state, output: output,
                          located: located, reports: &reports, noCache: request.noCache) { fileSystem in
                // The folders WORKDIR creates belong to the USER of the moment (buildkit v0.22.0
                // dispatchWorkdir makes them with the stage's user; seen on the reference engine),
                // a number passwd does not list being its own group (buildkit's readUser, ByID).
                let owner = configuredUser.flatMap { ShellProcess(fileSystem: fileSystem, environment: [:]).resolveOwner($0) } ?? .root
                fileSystem.createDirectories(absolute, uid: owner.uid, gid: owner.gid)
                return ""
            }
        case .run(let run):
            let shell = state.config.shell ?? ["/bin/sh", "-c"]
            // What BuildKit runs and records: the heredocs folded into the command (dispatchRun).
            var dispatched = run
            dispatched.command.arguments = run.buildKitArguments
            dispatched.heredocs = []
            let argv = RunExecution.argv(for: dispatched.command, shell: shell)
            let environment = item.buildKitEnvironment(over: state.config.environment)
            // Every ARG declared so far, once each where first declared, with the value the RUN sees or
            // none: `RUN |2 VERSION=2.0 FLAVOR= /bin/sh -c …` (buildkit v0.22.0 convert.go runCommandString).
            let buildArguments = item.declaredArguments.map { "\($0)=\(environment[$0] ?? "")" }
            let argPrefix = buildArguments.isEmpty ? "" : "|\(buildArguments.count) " + buildArguments.joined(separator: " ") + " "
            let createdBy = "RUN \(argPrefix)\(argv.joined(separator: " ")) # buildkit"
            let heredocs = run.heredocs.map { "\($0.name)\n\($0.content)" }.joined()
            let display = StepName.run(located.original, run, environment: environment, escapeToken: program.escapeToken)
            let workingDirectory = state.config.workingDir ?? "/"
            let configuredUser = state.config.user
            let mounts = run.buildKitScript.map { [LayerEntry.file($0.path, .text($0.content), mode: 0o755)] } ?? []
            let execution = RunExecution(run: dispatched, shell: shell, environment: environment, workingDirectory: workingDirectory,
                                         user: configuredUser, mounts: mounts, clock: clock)
            try layerStep(display: label(display), createdBy: createdBy, key: createdBy + heredocs + environment.sorted { $0.key < $1.key }.description + " \(configuredUser ?? "") \(workingDirectory)",
                          state: &state, output: output, located: located, reports: &reports, noCache: request.noCache, arguments: environment) { fileSystem in
                switch execution.execute(in: &fileSystem) {
                case .unknownUser(let user):
                    throw StepFailure(log: "", message: RunExecution.unknownUserMessage(user))
                case .exited(let status, let log):
                    // Ctrl-C stopped the step: BuildKit cancels the solve rather than failing the step.
                    if status != 0, Interruption.isRequested { throw BuildError.failed(ImageBuilder.canceled) }
                    guard status == 0 else {
                        // Go's %q of the words, a heredoc's newlines escaped (buildkit v0.22.0 solver/llbsolver/ops/exec.go).
                        throw StepFailure(log: log, message: "process \(GoQuote.string(argv.joined(separator: " "))) did not complete successfully: exit code: \(status)")
                    }
                    return log
                }
            }
        case .copy(let copy):
            try copyStep(copy.paths, from: copy.from, chown: copy.chown, chmod: copy.chmod, keyword: "COPY", item: item, state: &state, program: program,
                         finished: finished, context: context, output: output, label: label, request: request, reports: &reports)
        case .add(let add):
            try copyStep(add.paths, from: nil, chown: add.chown, chmod: add.chmod, keyword: "ADD", item: item, state: &state, program: program,
                         finished: finished, context: context, output: output, label: label, request: request, reports: &reports)
        }
    }

    /// A failure inside a step, before it is given its vertex.
    struct StepFailure: Error {
        var log: String
        var message: String
    }

    /// The most layers an image can have in Docker's image store.
    static let maximumLayers = 125

    /// Runs (or finds in the cache) a step that makes a layer.
    func layerStep(display: String, createdBy: String, key: String, state: inout StageState, output: BuildEventRecorder, located: LocatedInstruction,
                   reports: inout [BuildResult.StepReport], noCache: Bool, arguments: [String: String] = [:], files: [String: String] = [:],
                   body: (inout ContainerFileSystem) throws -> String) throws {
        let cacheKey = Digest.sha256(of: "\(state.cacheKey) \(key)")
        let traced = BuildTrace.Step(stage: state.stageName, label: display, instruction: display.droppingStepNumber, parentKey: state.cacheKey.hex,
                                     trailLength: state.trail.count, arguments: arguments, files: files)
        trace.steps.append(traced)
        // Kept before the step runs, so a build that fails here still explains the next one's misses.
        trace.trails[state.stageName] = state.trail
        let vertex = output.vertex(display)
        // moby's layer store chains at most 125 layers (layer/layer_store.go, maxLayerDepth), so Docker
        // refuses the 126th: a Dockerfile of thousands of RUN lines stops here, as on Docker.
        guard state.layers.count < Self.maximumLayers else {
            output.error(vertex, "max depth exceeded")
            throw Failure(vertex: vertex, label: display, lines: located.startLine...located.endLine, message: "max depth exceeded")
        }
        let layer: Layer
        let digests: LayerDigests
        let cachedLayer = noCache ? nil : engine.buildCache.cachedLayer(for: cacheKey)
        // --no-cache does not reach the image source: a base in the cache still shows CACHED (reference engine).
        output.settleDeferred(cached: noCache || cachedLayer == nil)
        if let cached = cachedLayer {
            output.cached(vertex)
            layer = cached.layer
            digests = cached.digests
            state.cachedCreated = max(state.cachedCreated ?? cached.created, cached.created)
            reports.append(.init(label: display, cached: true, reason: nil))
            trace.steps[trace.steps.count - 1].cached = true
        } else {
            trace.steps[trace.steps.count - 1].cached = false
            let reason = previousTrace.reasonForMiss(of: traced, trail: state.trail, earlierMiss: state.lastMiss, noCache: noCache)
            state.lastMiss = traced
            var fileSystem = ContainerFileSystem(lower: state.stacked())
            do {
                let log = try body(&fileSystem)
                output.log(vertex, log)
            } catch let failure as StepFailure {
                output.log(vertex, failure.log)
                output.error(vertex, failure.message)
                throw Failure(vertex: vertex, label: display, lines: located.startLine...located.endLine, message: failure.message)
            } catch BuildError.failed(ImageBuilder.canceled) {
                // Ctrl-C inside the step: BuildKit ends the vertex with the cancelled context's error,
                // which its displays show as CANCELED (buildkit v0.22.0 progressui printer.go, display.go).
                output.error(vertex, ImageBuilder.canceledVertexError)
                throw BuildError.failed(ImageBuilder.canceled)
            }
            layer = fileSystem.committedLayer
            digests = try engine.buildCache.cacheLayer(layer, created: buildTime, for: cacheKey)
            state.ranFresh = true
            output.done(vertex, seconds: display.contains("RUN ") ? "0.1" : "0.0")
            reports.append(.init(label: display, cached: false, reason: reason))
        }
        trace.steps[trace.steps.count - 1].layer = digests.diffID.description
        state.layers.append(layer)
        state.digests.append(digests)
        state.sizes.append(layer.contentSize)
        state.history.append(HistoryEntry(created: clock.now, createdBy: createdBy, comment: "buildkit.dockerfile.v0", emptyLayer: false))
        state.cacheKey = cacheKey
        state.trail.append(display.droppingStepNumber)
    }

    /// The image at the end of the target stage, stored and named.
    func export(_ state: StageState, request: BuildRequest, output: BuildEventRecorder) throws -> ImageRecord {
        // A build whose every step came from the cache makes the same image as before, with the same
        // times and so the same ID; otherwise its own steps carry the time it ran.
        let buildTime = state.ranFresh ? self.buildTime : (state.cachedCreated ?? self.buildTime)
        var history = state.history
        for index in state.newHistoryStart..<history.count { history[index].created = buildTime }
        let configuration = ImageConfiguration(created: buildTime, author: state.author, config: state.config, rootfs: RootFS(diffIDs: state.digests.map(\.diffID)), history: history)
        let record = ImageRecord(configuration: configuration, layers: state.digests, layerSizes: state.sizes)
        let vertex = output.vertex("exporting to image")
        output.line(vertex, "exporting layers done")
        try engine.images.store(record, layers: state.layers)
        output.line(vertex, "writing image \(record.id) done")
        for tag in request.tags {
            try engine.images.setTag(tag, to: record.id)
            output.line(vertex, "naming to \(tag.name)\(tag.tag.map { ":" + $0 } ?? "") done")
        }
        output.done(vertex)
        return record
    }
}

extension ExpandedInstruction {
    /// The variables BuildKit's state holds at this instruction, which RUN sees and step names expand
    /// with: the config's Env with the values of the ARGs in force over it (one environment, where an
    /// ARG after an ENV of the same name wins; the config keeps the ENV value).
    func buildKitEnvironment(over environment: [String: String]) -> [String: String] {
        environment.merging(arguments) { _, argument in argument }
    }
}
