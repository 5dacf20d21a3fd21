import Builder
import Engine
import Foundation
import GoSemantics
import ImageModel
import Shell
import SimulatedWorld

/// `docker build`.
enum BuildSubcommand {
    static let build = DockerSubcommand(
        names: [["build"], ["image", "build"], ["buildx", "build"]],
        usage: "docker buildx build [OPTIONS] PATH | URL | -",
        summary: "Start a build",
        flags: [
            FlagSpec(long: "build-arg", short: nil, takesValue: true, help: "Set build-time variables"),
            FlagSpec(long: "check", short: nil, takesValue: false, help: "Shorthand for \"--call=check\": run the build checks, build nothing"),
            FlagSpec(long: "explain", short: nil, takesValue: false, help: "layerlab: say for each step why it was cached or ran"),
            FlagSpec(long: "file", short: "f", takesValue: true, help: "Name of the Dockerfile (default: \"PATH/Dockerfile\")"),
            FlagSpec(long: "no-cache", short: nil, takesValue: false, help: "Do not use cache when building the image"),
            FlagSpec(long: "platform", short: nil, takesValue: true, help: "Set target platform for build"),
            FlagSpec(long: "progress", short: nil, takesValue: true, help: "Set type of progress output (\"auto\", \"plain\", \"tty\")"),
            FlagSpec(long: "pull", short: nil, takesValue: false, help: "Always attempt to pull all referenced images"),
            FlagSpec(long: "quiet", short: "q", takesValue: false, help: "Suppress the build output and print image ID on success"),
            FlagSpec(long: "tag", short: "t", takesValue: true, help: "Name and optionally a tag (format: \"name:tag\")"),
            FlagSpec(long: "target", short: nil, takesValue: true, help: "Set the target build stage to build"),
        ],
        arity: .exactly(1)
    ) { invocation in
        let arguments = invocation.arguments
        // DOCKER_BUILDKIT=0 (read with Go's strconv.ParseBool) asks for the legacy builder, after the CLI's
        // deprecation warning (docker/cli v28.2.2 cmd/docker/builder.go processBuilder).
        var legacy = false
        if let setting = invocation.context.variable("DOCKER_BUILDKIT"), !setting.isEmpty {
            guard let enabled = GoStrconv.parseBool(setting) else {
                throw CommandFailure("DOCKER_BUILDKIT environment variable expects boolean value: \(GoStrconv.parseBoolError(setting))", exitStatus: 1)
            }
            if !enabled {
                legacy = true
                invocation.io.errorSink.write(LegacyBuildOutput.deprecationWarning, to: .standardError)
            }
        }
        // buildx takes `--check=false` too (a bool flag: commands/build.go callAlias); the classic
        // builder has no such flag.
        var checksOnly = false
        if let value = arguments.value("check") {
            guard !legacy else { throw invocation.subcommand.usageError("unknown flag: --check") }
            guard let check = GoStrconv.parseBool(value) else {
                throw invocation.subcommand.usageError("invalid argument \"\(value)\" for \"--check\" flag: \(GoStrconv.parseBoolError(value))")
            }
            checksOnly = check
        }
        try BuildRequest.checkPlatform(arguments.value("platform"))
        let workspace = invocation.context.workspace
        // `docker build - < Dockerfile`: the Dockerfile comes on standard input, with no context at all.
        var stdinBuild: URL?
        defer { stdinBuild.map { try? FileManager.default.removeItem(at: $0) } }
        let contextURL: URL
        var dockerfileURL: URL?
        if arguments.operands[0] == "-" {
            guard let text = invocation.io.standardInput else {
                throw CommandFailure("ERROR: failed to solve: failed to read dockerfile: no Dockerfile on standard input",
                                     hint: "give it one: docker build - < Dockerfile", exitStatus: 1)
            }
            let folder = invocation.context.home.url.appendingPathComponent("tmp/stdin-build-\(UUID().uuidString)")
            stdinBuild = folder
            contextURL = folder.appendingPathComponent("context")
            dockerfileURL = folder.appendingPathComponent("Dockerfile")
            do {
                try FileManager.default.createDirectory(at: contextURL, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: folder.appendingPathComponent("Dockerfile"))
            } catch {
                throw CommandFailure("layerlab: cannot keep the Dockerfile from standard input: \(error.localizedDescription)", exitStatus: 1)
            }
        } else {
            let context = try workspace.resolve(arguments.operands[0], for: "docker build")
            guard context.isDirectory else {
                throw CommandFailure("ERROR: unable to prepare context: path \"\(arguments.operands[0])\" not found", exitStatus: 1)
            }
            contextURL = context.url
            // Through the workspace's resolver, so a Dockerfile that is a link out of the workspace is refused.
            if let file = arguments.value("file") {
                dockerfileURL = try workspace.resolve(file, for: "docker build").url
            } else {
                dockerfileURL = try workspace.resolve(arguments.operands[0] + "/Dockerfile", for: "docker build").url
            }
        }
        var tags: [ImageReference] = []
        for tag in arguments.values("tag") {
            do {
                tags.append(try ImageReference.parse(tag))
            } catch let error as ImageReferenceError {
                let reason = error.message.replacingOccurrences(of: "invalid reference format: ", with: "")
                throw CommandFailure("ERROR: invalid tag \"\(tag)\": \(reason.contains("lowercase") ? "repository name must be lowercase" : reason)", exitStatus: 1)
            }
        }
        var buildArguments: [String: String] = [:]
        for argument in arguments.values("build-arg") {
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if parts.count == 2 {
                buildArguments[parts[0]] = parts[1]
            } else if let value = invocation.context.variable(parts[0]) {
                buildArguments[parts[0]] = value
            }
        }
        let dockerfileName = arguments.value("file") ?? "Dockerfile"
        guard let dockerfile = dockerfileURL else {
            throw CommandFailure("ERROR: failed to solve: failed to read dockerfile: open \(dockerfileName): no such file or directory", exitStatus: 1)
        }
        let request = BuildRequest(
            context: contextURL, dockerfile: dockerfile, dockerfileName: (dockerfileName as NSString).lastPathComponent,
            tags: tags, target: arguments.value("target"), buildArguments: buildArguments,
            noCache: arguments.has("no-cache"), checksOnly: checksOnly
        )
        // A base pulled from a registry goes with the login `docker pull` would use there.
        let logins = RegistrySubcommands.credentials(invocation)
        if legacy {
            let result = LegacyBuilder(engine: invocation.engine, clock: invocation.context.clock, login: logins.credentials(for:)).build(request)
            return LegacyBuildOutput.write(result, quiet: arguments.has("quiet"), to: invocation.io)
        }
        let style = invocation.context.style
        let progress: BuildProgressDisplay
        // The Docker CLI takes its default progress mode from BUILDKIT_PROGRESS.
        switch arguments.value("progress") ?? invocation.context.variable("BUILDKIT_PROGRESS") ?? "auto" {
        case "auto": progress = style.isTerminal ? .tty(width: style.width) : .plain
        case "plain": progress = .plain
        case "tty": progress = .tty(width: style.width)
        case let other:
            throw CommandFailure("ERROR: invalid progress mode \"\(other)\" (layerlab shows auto, plain and tty)", exitStatus: 1)
        }
        let quiet = arguments.has("quiet")
        let result = ImageBuilder(engine: invocation.engine, clock: invocation.context.clock, login: logins.credentials(for:)).build(request)
        // The progress (with the failed step's log, which the display prints as it closes), then buildx's
        // summary of the build checks, and only then the error (buildx v0.24.0 commands/build.go:
        // printWarnings runs as the printer closes, before the command returns its error).
        if !quiet { invocation.io.errorSink.write(progress.render(result.events), to: .standardError) }
        if !quiet { invocation.io.errorSink.write(BuildCheckOutput.summary(result.events, style: style), to: .standardError) }
        if arguments.has("explain"), !checksOnly { invocation.io.errorSink.write(result.explanation, to: .standardError) }
        if let report = result.checkReport {
            // buildx names the file as it was given: the context's Dockerfile, the -f file, or stdin.
            let file = arguments.operands[0] == "-" ? "stdin"
                : arguments.value("file") != nil ? request.dockerfileName : GoFilepath.clean(arguments.operands[0] + "/Dockerfile")
            let shown = BuildCheckOutput.report(report, file: file)
            invocation.io.write(shown.output)
            if let error = shown.error { invocation.io.errorSink.write(error, to: .standardError) }
            return shown.status
        }
        if let failure = result.failure {
            invocation.io.errorSink.write(failure + "\n", to: .standardError)
            return 1
        }
        if quiet, let image = result.image { invocation.io.print(image.id.description) }
        return 0
    }
}
