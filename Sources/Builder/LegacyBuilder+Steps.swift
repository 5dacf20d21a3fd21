import Dockerfile
import Engine
import Foundation
import GoSemantics
import ImageModel
import LayerlabBasics
import LayerStore
import SimulatedShell

extension LegacyBuilder {
    /// One instruction, as moby v28.2.2 builder/dockerfile/dispatchers.go dispatches it. Metadata
    /// instructions change the config and commit it with a `#(nop)` command; WORKDIR and RUN commit what
    /// their container changed; COPY and ADD commit what they copied, without a container.
    func dispatch(_ item: ExpandedInstruction, to state: inout StageState, program: DockerfileProgram,
                  finished: [Int: StageState], context: BuildContext) throws {
        let shell = state.config.shell ?? ["/bin/sh", "-c"]
        switch item.located.instruction {
        case .env(let pairs):
            for pair in pairs { state.config.setEnvironment(pair.key, pair.value) }
            try commit("ENV " + pairs.map { "\($0.key)=\($0.value)" }.joined(separator: " "), to: &state)
        case .label(let pairs):
            state.config.addLabels(pairs)
            try commit("LABEL " + pairs.map { "\($0.key)=\($0.value)" }.joined(separator: " "), to: &state)
        case .arg(let declarations):
            let text = declarations.map { declaration in declaration.defaultValue.map { "\(declaration.name)=\($0)" } ?? declaration.name }
            try commit("ARG " + text.joined(separator: " "), to: &state)
        case .expose(let ports):
            state.config.expose(ports)
            // The ports as written (after expansion), not as the config keys them.
            try commit("EXPOSE " + ports.joined(separator: " "), to: &state)
        case .user(let user):
            state.config.user = user
            try commit("USER \(user)", to: &state)
        case .volume(let volumes):
            state.config.addVolumes(volumes)
            try commit("VOLUME [\(volumes.joined(separator: " "))]", to: &state)
        case .stopSignal(let signal):
            state.config.stopSignal = signal
            try commit("STOPSIGNAL \(signal)", to: &state)
        case .shell(let words):
            state.config.shell = words
            try commit("SHELL [\(words.joined(separator: " "))]", to: &state)
        case .cmd(let command):
            let arguments = RunExecution.argv(for: command, shell: shell)
            state.config.cmd = arguments
            // False on Linux, so a flag the base had goes (dispatchers.go dispatchCmd, resolveCmdLine).
            state.config.argsEscaped = nil
            try commit("CMD \(GoQuote.list(arguments))", to: &state)
            if !command.arguments.isEmpty { state.cmdSet = true }
        case .entrypoint(let command):
            let arguments = RunExecution.argv(for: command, shell: shell)
            state.config.entrypoint = arguments
            state.config.argsEscaped = nil
            // A CMD from the base goes; one this stage set stays.
            if !state.cmdSet { state.config.cmd = nil }
            try commit("ENTRYPOINT \(GoQuote.list(arguments))", to: &state)
        case .healthcheck(let check):
            let healthcheck = ImageConfig.healthcheckSetting(check)
            state.config.healthcheck = healthcheck.config
            try commit("HEALTHCHECK " + healthcheck.text, to: &state)
        case .maintainer(let name):
            state.author = name
            try commit("MAINTAINER \(name)", to: &state)
        case .onbuild(let expression):
            state.config.onBuild = (state.config.onBuild ?? []) + [expression]
            try commit("ONBUILD \(expression)", to: &state)
        case .from:
            break
        case .workdir(let path):
            try workdir(path, state: &state)
        case .run(let run):
            try runStep(run, item: item, state: &state)
        case .copy(let copy):
            try copyStep(keyword: "COPY", paths: copy.paths, from: copy.from, chown: copy.chown, chmod: copy.chmod, unpacks: false,
                         state: &state, program: program, finished: finished, context: context)
        case .add(let add):
            try copyStep(keyword: "ADD", paths: add.paths, from: nil, chown: add.chown, chmod: add.chmod, unpacks: true,
                         state: &state, program: program, finished: finished, context: context)
        }
    }

    /// A metadata instruction: the changed config committed from a container that ran nothing but the
    /// `#(nop)` comment, so the image has an empty layer (internals.go commit, withCmdComment: two
    /// arguments, so history shows `/bin/sh -c #(nop)  ENV A=1` with two spaces).
    func commit(_ comment: String, to state: inout StageState) throws {
        var containerConfig = state.config
        containerConfig.cmd = (state.config.shell ?? ["/bin/sh", "-c"]) + ["#(nop) ", comment]
        if try usingCache(containerConfig, state: &state) { return }
        let container = try startContainer(state)
        try commitImage(containerConfig, container: container, layer: nil, state: &state)
        events.append(.removedIntermediateContainer(containerID: container))
    }

    /// WORKDIR: the folder made in a container, as root (daemon ContainerCreateWorkdir), and committed;
    /// an empty layer when it was there already. Its comment is one argument (withCmdCommentString).
    func workdir(_ path: String, state: inout StageState) throws {
        let absolute = path.hasPrefix("/") ? LayerPath.normalize(path) : LayerPath.normalize((state.config.workingDir ?? "/") + "/" + path)
        state.config.workingDir = absolute
        var containerConfig = state.config
        containerConfig.cmd = (state.config.shell ?? ["/bin/sh", "-c"]) + ["#(nop) WORKDIR \(absolute)"]
        if try usingCache(containerConfig, state: &state) { return }
        let container = try startContainer(state)
        var fileSystem = ContainerFileSystem(lower: state.union)
        fileSystem.createDirectories(absolute)
        try commitImage(containerConfig, container: container, layer: fileSystem.committedLayer, state: &state)
        events.append(.removedIntermediateContainer(containerID: container))
    }

    /// RUN: the command in a container with the config's environment and the build args in force; the
    /// command the cache compares and history shows has those args first (`|1 VERSION=1.0 /bin/sh -c …`,
    /// sorted: dispatchers.go prependEnvOnCmd). A failure names the command as the shell ran it and
    /// gives its exit code; the step's container is not removed then.
    func runStep(_ run: RunInstruction, item: ExpandedInstruction, state: inout StageState) throws {
        // The classic builder's RUN takes no flags (dispatchRun: "the --%s option requires BuildKit").
        let flags = [("mount", !run.mounts.isEmpty), ("network", run.network != nil), ("security", run.security != nil)]
        if let flag = flags.first(where: { $0.1 })?.0 {
            throw LegacyBuildFailure("the --\(flag) option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled")
        }
        let environment = state.config.environment
        // The stage's ARGs with a value that ENV does not override (buildargs.go, FilterAllowed).
        let arguments = item.arguments.filter { name, _ in environment[name] == nil }
        var execution = RunExecution(run: run, shell: state.config.shell ?? ["/bin/sh", "-c"],
                                     environment: environment.merging(arguments) { env, _ in env },
                                     workingDirectory: state.config.workingDir ?? "/", user: state.config.user, clock: clock)
        let argv = execution.argv
        let pairs = arguments.map { "\($0.key)=\($0.value)" }.sorted()
        var containerConfig = state.config
        containerConfig.cmd = pairs.isEmpty ? argv : ["|\(pairs.count)"] + pairs + argv
        // RUN runs without the image's ENTRYPOINT (withEntrypointOverride), its command not escaped
        // (withArgsEscaped, false on Linux).
        containerConfig.entrypoint = nil
        containerConfig.argsEscaped = nil
        if try usingCache(containerConfig, state: &state) { return }
        let container = try startContainer(state)
        var fileSystem = ContainerFileSystem(lower: state.union)
        // The step's container is an ordinary one on the default bridge: its ID is its hostname.
        execution.hostname = String(container.prefix(12))
        execution.runtimeFiles = RuntimeFiles.container(hostname: execution.hostname, address: engine.bridgeAddress())
        switch execution.execute(in: &fileSystem) {
        case .unknownUser(let user):
            throw LegacyBuildFailure(RunExecution.unknownUserMessage(user))
        case .exited(let status, let log):
            if !log.isEmpty { events.append(.output(log)) }
            guard status == 0 else {
                throw LegacyBuildFailure("The command '\(argv.joined(separator: " "))' returned a non-zero code: \(status)", code: status)
            }
        }
        try commitImage(containerConfig, container: container, layer: fileSystem.committedLayer, state: &state)
        events.append(.removedIntermediateContainer(containerID: container))
    }

    /// The cache: among the images whose parent is the stage's image, one built with the same container
    /// config, the newest if several (image/cache/cache.go getLocalCachedImage, compare.go). A miss stops
    /// the stage from looking again; --no-cache never looks (imageprobe.go nopProber).
    func usingCache(_ containerConfig: ImageConfig, state: inout StageState) throws -> Bool {
        guard !noCache, !state.cacheBusted else { return false }
        let match = engine.images.children(of: state.imageID).filter { $0.configuration.containerConfig == containerConfig }
            .max { ($0.configuration.created ?? .distantPast, $0.id.hex) < ($1.configuration.created ?? .distantPast, $1.id.hex) }
        guard let match else {
            state.cacheBusted = true
            return false
        }
        events.append(.usingCache)
        for (index, layerDigests) in match.layers.enumerated() where index >= state.digests.count {
            guard let layer = try engine.images.layer(layerDigests.diffID) else {
                throw LegacyBuildFailure("the layer \(layerDigests.diffID) of image \(match.id.shortID) is missing from the store")
            }
            state.append(layer, digests: layerDigests, size: match.layerSizes[index])
        }
        state.history = match.configuration.history
        state.imageID = match.id
        return true
    }

    /// A step's container: its ID, announced.
    func startContainer(_ state: StageState) throws -> String {
        let container = try engine.newBuildContainerID(from: state.imageID)
        events.append(.runningIn(containerID: container))
        return container
    }

    /// Commits the step's image: the stage's image as parent, the step's layer on top (none when the
    /// step changed nothing: the history row is then an empty layer, daemon/images/image_commit.go),
    /// the container and its config, which the cache compares and the image's ID covers.
    func commitImage(_ containerConfig: ImageConfig, container: String?, layer: Layer?, state: inout StageState) throws {
        let now = clock.now
        var emptyLayer = true
        if let layer, !layer.isEmpty {
            state.append(layer, digests: LayerArchive.uncompressedDigests(of: layer), size: layer.contentSize)
            emptyLayer = false
        }
        state.history.append(HistoryEntry(created: now, createdBy: (containerConfig.cmd ?? []).joined(separator: " "), author: state.author, emptyLayer: emptyLayer))
        let configuration = ImageConfiguration(
            architecture: state.architecture, os: state.os, created: now, author: state.author, config: state.config,
            rootfs: RootFS(diffIDs: state.digests.map(\.diffID)), history: state.history,
            container: container, containerConfig: containerConfig, dockerVersion: LayerlabVersion.simulatedDocker
        )
        let record = ImageRecord(configuration: configuration, layers: state.digests, layerSizes: state.sizes, parent: state.imageID)
        try engine.images.store(record, layers: state.layers)
        state.imageID = record.id
    }
}
