import Engine
import Foundation
import ImageModel
import LayerlabBasics
import Shell
import SimulatedShell

/// `docker run`, `create`, `start`, `stop`, `kill`, `restart`, `rm`, `container prune`, `logs`, `exec`, `diff`, `commit`,
/// `inspect`; `ps` and `port` are in ContainerSubcommands+Listing.
enum ContainerSubcommands {
    static var all: [DockerSubcommand] {
        [run, create, ps, start, stop, kill, restart, wait, rm, prune, port, logs, exec, diff, commit, inspect]
    }

    static let runFlags = [
        FlagSpec(long: "detach", short: "d", takesValue: false, help: "Run container in background and print container ID"),
        FlagSpec(long: "entrypoint", short: nil, takesValue: true, help: "Overwrite the default ENTRYPOINT of the image"),
        FlagSpec(long: "env", short: "e", takesValue: true, help: "Set environment variables"),
        FlagSpec(long: "interactive", short: "i", takesValue: false, help: "Keep STDIN open even if not attached"),
        FlagSpec(long: "mount", short: nil, takesValue: true, help: "Attach a filesystem mount to the container"),
        FlagSpec(long: "name", short: nil, takesValue: true, help: "Assign a name to the container"),
        FlagSpec(long: "publish", short: "p", takesValue: true, help: "Publish a container's port(s) to the host"),
        FlagSpec(long: "publish-all", short: "P", takesValue: false, help: "Publish all exposed ports to random ports"),
        FlagSpec(long: "restart", short: nil, takesValue: true, help: "Restart policy to apply when a container exits (default \"no\")"),
        FlagSpec(long: "rm", short: nil, takesValue: false, help: "Automatically remove the container and its associated anonymous volumes when it exits"),
        FlagSpec(long: "tty", short: "t", takesValue: false, help: "Allocate a pseudo-TTY"),
        FlagSpec(long: "user", short: "u", takesValue: true, help: "Username or UID (format: \"<name|uid>[:<group|gid>]\")"),
        FlagSpec(long: "volume", short: "v", takesValue: true, help: "Bind mount a volume"),
        FlagSpec(long: "workdir", short: "w", takesValue: true, help: "Working directory inside the container"),
    ]

    /// What `docker run` and `docker create` share: flags to a request, pulling the image if needed.
    static func request(_ invocation: DockerInvocation) throws -> ContainerRequest {
        let arguments = invocation.arguments
        let imageName = arguments.operands[0]
        let reference = try ImageReference.parse(imageName)
        if invocation.engine.images.image(imageName) == nil {
            invocation.io.printError("Unable to find image '\(reference.withDefaultTag.familiarDescription)' locally")
            let login = RegistrySubcommands.credentials(invocation).credentials(for: reference.domain)
            let report = try runFailure(invocation) { () throws(EngineError) in try invocation.engine.pull(reference, credentials: login) }
            let errorStream = CommandIO(standardInput: nil, standardOutput: invocation.io.errorSink, standardError: invocation.io.errorSink)
            PullOutput.write(report.messages, to: errorStream, onTerminal: invocation.context.style.isTerminal)
        }
        var ports: [ContainerRecord.PortBinding] = []
        for spec in arguments.values("publish") {
            guard let binding = parsePort(spec) else { throw invocation.subcommand.usageError("invalid publish opts format: \(spec)") }
            ports.append(binding)
        }
        var mounts: [ContainerRecord.BindMount] = []
        var volumes: [ContainerRecord.VolumeMount] = []
        for mount in try arguments.values("volume").map({ try volumeFlag($0, invocation: invocation) }) + arguments.values("mount").map({ try mountFlag($0, invocation: invocation) }) {
            switch mount {
            case .bind(let bind): mounts.append(bind)
            case .volume(let volume): volumes.append(volume)
            }
        }
        if let policy = arguments.value("restart") {
            let name = policy.split(separator: ":").first.map(String.init) ?? policy
            guard ["no", "always", "unless-stopped", "on-failure"].contains(name) else {
                throw invocation.subcommand.usageError("invalid restart policy '\(policy)'")
            }
            if name == "always" || name == "unless-stopped", arguments.has("rm") {
                throw invocation.subcommand.usageError("conflicting options: cannot specify both --restart and --rm")
            }
        }
        return ContainerRequest(
            image: imageName, name: arguments.value("name"), command: Array(arguments.operands.dropFirst()),
            entrypoint: arguments.value("entrypoint").map { $0.isEmpty ? [] : [$0] }, environment: arguments.values("env"),
            user: arguments.value("user"), workingDirectory: arguments.value("workdir"), ports: ports, publishAll: arguments.has("publish-all"), mounts: mounts,
            volumes: volumes, autoRemove: arguments.has("rm"), interactive: arguments.has("interactive"), tty: arguments.has("tty")
        )
    }

    /// What `-v` or `--mount` asks for: a folder of the learner's workspace, or a volume.
    enum Mount {
        case bind(ContainerRecord.BindMount)
        case volume(ContainerRecord.VolumeMount)
    }

    /// `-v SOURCE:/path[:ro]` as the daemon reads it: a source that is a path (`/workspace/auth`,
    /// `./auth`) is a folder of the workspace, any other a volume's name; `-v /path` alone is an
    /// anonymous volume.
    static func volumeFlag(_ spec: String, invocation: DockerInvocation) throws -> Mount {
        let fields = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if fields.count == 1, spec.hasPrefix("/") {
            return .volume(.init(name: "", target: spec, readOnly: false))
        }
        guard (2...3).contains(fields.count), !fields[0].isEmpty, fields[1].hasPrefix("/"), fields.count == 2 || ["ro", "rw"].contains(fields[2]) else {
            throw invocation.subcommand.usageError("invalid volume specification: '\(spec)'")
        }
        let readOnly = fields.count == 3 && fields[2] == "ro"
        guard fields[0].hasPrefix("/") || fields[0].hasPrefix(".") else {
            return .volume(.init(name: fields[0], target: fields[1], readOnly: readOnly))
        }
        let source = try invocation.context.workspace.resolve(fields[0], for: "docker")
        return .bind(.init(source: source.url.path, target: fields[1], readOnly: readOnly))
    }

    /// `--mount type=volume|bind,source=…,target=…[,readonly]`, as docker/cli v28.2.2 opts/mount.go
    /// reads it (`src`, `dst` and `destination` too); a volume without a source is anonymous, and a
    /// bind mount's source must exist (the daemon checks it for --mount, not for -v).
    static func mountFlag(_ spec: String, invocation: DockerInvocation) throws -> Mount {
        func invalid(_ problem: String) -> CommandFailure {
            invocation.subcommand.usageError("invalid argument \"\(spec)\" for \"--mount\" flag: \(problem)")
        }
        var type = "volume", source = "", target = "", readOnly = false
        for field in spec.split(separator: ",").map(String.init) {
            let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
            let key = parts[0].lowercased()
            if parts.count == 1 {
                guard key == "readonly" || key == "ro" else { throw invalid("invalid field '\(field)' must be a key=value pair") }
                readOnly = true
                continue
            }
            let value = parts[1]
            switch key {
            case "type": type = value.lowercased()
            case "source", "src": source = value
            case "target", "dst", "destination": target = value
            case "readonly", "ro":
                guard let flag = ["1": true, "true": true, "0": false, "false": false][value.lowercased()] else {
                    throw invalid("invalid value for \(key): \(value)")
                }
                readOnly = flag
            default:
                throw EngineError.unsupported("docker run --mount with \(key)=")
            }
        }
        guard !target.isEmpty else { throw invalid("target is required") }
        switch type {
        case "volume":
            return .volume(.init(name: source, target: target, readOnly: readOnly))
        case "bind":
            guard !source.isEmpty else { throw invalid("source is required when specifying bind mount") }
            let folder = try invocation.context.workspace.resolve(source, for: "docker")
            guard FileManager.default.fileExists(atPath: folder.url.path) else {
                throw EngineError.invalidRequest("invalid mount config for type \"bind\": bind source path does not exist: \(folder.url.path)")
            }
            return .bind(.init(source: folder.url.path, target: target, readOnly: readOnly))
        case "tmpfs", "image", "npipe", "cluster":
            throw EngineError.unsupported("docker run --mount type=\(type)")
        default:
            throw invalid("invalid mount type \"\(type)\"")
        }
    }

    /// `8080:80`, `127.0.0.1:8080:80`, `80`, `5000:5000/udp`.
    static func parsePort(_ spec: String) -> ContainerRecord.PortBinding? {
        let parts = spec.split(separator: "/", maxSplits: 1).map(String.init)
        let proto = parts.count > 1 ? parts[1] : "tcp"
        let fields = parts[0].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch fields.count {
        case 1:
            guard let port = Int(fields[0]) else { return nil }
            return .init(hostIP: "0.0.0.0", hostPort: 0, containerPort: port, proto: proto)
        case 2:
            guard let host = Int(fields[0]), let container = Int(fields[1]) else { return nil }
            return .init(hostIP: "0.0.0.0", hostPort: host, containerPort: container, proto: proto)
        case 3:
            guard let host = Int(fields[1]), let container = Int(fields[2]) else { return nil }
            return .init(hostIP: fields[0], hostPort: host, containerPort: container, proto: proto)
        default:
            return nil
        }
    }

    static let run = DockerSubcommand(
        names: [["run"], ["container", "run"]],
        usage: "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
        summary: "Create and run a new container from an image",
        flags: runFlags, arity: .atLeast(1), stopsAtFirstOperand: true
    ) { invocation in
        let request = try request(invocation)
        let engine = invocation.engine
        var container = try runFailure(invocation) { () throws(EngineError) in try engine.createContainer(request) }
        container = try runFailure(invocation) { () throws(EngineError) in try engine.startContainer(container.id) }
        let io = invocation.io
        if let policy = invocation.arguments.value("restart"), policy != "no", case .exited = container.state {
            io.printError("layerlab: restart policies are not simulated: \(container.name) stays exited instead of being restarted")
        }
        if invocation.arguments.has("detach") {
            io.print(container.id)
            return 0
        }
        writeLogs(container.logs, of: container, to: io)
        if container.shellAwaitsInput {
            attach(container, invocation: invocation, isMainProcess: true)
            return 0
        }
        if let program = container.unsimulatedProgram, container.isRunning {
            io.printError("layerlab: \(container.name) runs `\(program)`, which layerlab does not simulate: it keeps running (see docker ps); stop it with: docker stop \(container.name)")
            return 0
        }
        if case .exited(let code, _) = container.state { return code }
        return 0
    }

    static let create = DockerSubcommand(
        names: [["create"], ["container", "create"]],
        usage: "docker create [OPTIONS] IMAGE [COMMAND] [ARG...]",
        summary: "Create a new container",
        flags: runFlags.filter { $0.long != "detach" }, arity: .atLeast(1), stopsAtFirstOperand: true
    ) { invocation in
        let request = try request(invocation)
        let container = try runFailure(invocation) { () throws(EngineError) in try invocation.engine.createContainer(request) }
        invocation.io.print(container.id)
        return 0
    }

    /// `docker run` puts `docker: ` before the daemon's error and a pointer to help after (status 125);
    /// `docker create` prints the daemon's error as it is (docker/cli v28.2.2
    /// cli/command/container/create.go, runCreate: `return err`; seen on the reference engine).
    static func runFailure<T>(_ invocation: DockerInvocation, _ body: () throws(EngineError) -> T) throws(CommandFailure) -> T {
        do {
            return try body()
        } catch {
            let failure = DaemonFailure(error)
            guard invocation.subcommand.names.first == ["run"] else {
                throw CommandFailure(failure.message, hint: failure.hint, exitStatus: failure.exitStatus)
            }
            let status: Int32 = failure.exitStatus == 1 ? 125 : failure.exitStatus
            throw CommandFailure("docker: \(failure.message)\n\nRun '\(invocation.subcommand.displayName) --help' for more information", hint: failure.hint, exitStatus: status)
        }
    }

    /// A container's output as the CLI shows it: with a terminal (-t) everything went to it; without,
    /// what the process wrote to standard error goes to standard error.
    static func writeLogs(_ logs: ContainerLogs, of container: ContainerRecord, to io: CommandIO) {
        for chunk in logs.chunks {
            if container.tty || chunk.stream == .standardOutput {
                io.write(chunk.text)
            } else {
                io.errorSink.write(chunk.text, to: .standardError)
            }
        }
    }

    /// Attaches the prompt to a shell in the container.
    static func attach(_ container: ContainerRecord, invocation: DockerInvocation, isMainProcess: Bool) {
        let shell = ContainerShell(container: container, isMainProcess: isMainProcess, user: nil, engine: invocation.engine)
        invocation.context.attachedShell = ContainerShellSession(world: invocation.world, shell: shell)
    }

    /// `docker start|stop|restart|rm NAME…`, `docker volume rm NAME…`: each name is echoed back once
    /// done, as Docker does; a failure is told and the next name tried.
    static func eachNamed(_ invocation: DockerInvocation, _ body: (String) throws -> Void) -> Int32 {
        var status: Int32 = 0
        for name in invocation.arguments.operands {
            do {
                try body(name)
                invocation.io.print(name)
            } catch let error as EngineError {
                invocation.io.printError(DaemonFailure(error).message)
                status = 1
            } catch let error as any UserFacingError {
                invocation.io.printError(error.message)
                status = 1
            } catch {
                invocation.io.printError("\(error)")
                status = 1
            }
        }
        return status
    }

    static let start = DockerSubcommand(
        names: [["start"], ["container", "start"]],
        usage: "docker start [OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Start one or more stopped containers",
        flags: [FlagSpec(long: "attach", short: "a", takesValue: false, help: "Attach STDOUT/STDERR and forward signals")],
        arity: .atLeast(1)
    ) { invocation in
        guard invocation.arguments.has("attach") else {
            return eachNamed(invocation) { name in try invocation.engine.startContainer(name) }
        }
        // Attached, the CLI shows the container's output and ends with its status, printing no name.
        guard invocation.arguments.operands.count == 1 else {
            throw CommandFailure("you cannot start and attach multiple containers at once")
        }
        let before = invocation.engine.container(invocation.arguments.operands[0])?.logs.chunks.count ?? 0
        let container = try invocation.engine.startContainer(invocation.arguments.operands[0])
        writeLogs(ContainerLogs(chunks: Array(container.logs.chunks.dropFirst(before))), of: container, to: invocation.io)
        if case .exited(let code, _) = container.state { return code }
        return 0
    }

    /// `stop` and `restart`: how long the daemon waits before SIGKILL (layerlab does not wait).
    static let stopFlags = [
        FlagSpec(long: "timeout", short: "t", takesValue: true, help: "Seconds to wait before killing the container"),
        FlagSpec(long: "time", takesValue: true, help: "Seconds to wait before killing the container (deprecated: use --timeout)"),
    ]

    static let stop = DockerSubcommand(
        names: [["stop"], ["container", "stop"]],
        usage: "docker stop [OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Stop one or more running containers",
        flags: stopFlags,
        arity: .atLeast(1)
    ) { invocation in
        eachNamed(invocation) { name in _ = try invocation.engine.stopContainer(name) }
    }

    static let kill = DockerSubcommand(
        names: [["kill"], ["container", "kill"]],
        usage: "docker kill [OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Kill one or more running containers",
        arity: .atLeast(1)
    ) { invocation in
        eachNamed(invocation) { name in try invocation.engine.killContainer(name) }
    }

    static let wait = DockerSubcommand(
        names: [["wait"], ["container", "wait"]],
        usage: "docker wait CONTAINER [CONTAINER...]",
        summary: "Block until one or more containers stop, then print their exit codes",
        arity: .atLeast(1)
    ) { invocation in
        for name in invocation.arguments.operands {
            // A simulated process ends as it starts or runs for ever: waiting at the prompt would never end.
            guard let status = try invocation.engine.exitStatusOnceEnded(name) else {
                throw CommandFailure("layerlab: container \(name) is running and its program does not end by itself, so docker wait would wait until it is stopped",
                                     hint: "stop it (docker stop \(name)), or wait from another terminal through 'layerlab daemon'")
            }
            invocation.io.print(String(status))
        }
        return 0
    }

    static let restart = DockerSubcommand(
        names: [["restart"], ["container", "restart"]],
        usage: "docker restart [OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Restart one or more containers",
        flags: stopFlags,
        arity: .atLeast(1)
    ) { invocation in
        eachNamed(invocation) { name in
            _ = try invocation.engine.stopContainer(name)
            try invocation.engine.startContainer(name)
        }
    }

    static let rm = DockerSubcommand(
        names: [["rm"], ["container", "rm"], ["container", "remove"]],
        usage: "docker rm [OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Remove one or more containers",
        flags: [
            FlagSpec(long: "force", short: "f", takesValue: false, help: "Force the removal of a running container (uses SIGKILL)"),
            FlagSpec(long: "volumes", short: "v", takesValue: false, help: "Remove anonymous volumes associated with the container"),
        ],
        arity: .atLeast(1)
    ) { invocation in
        let (force, volumes) = (invocation.arguments.has("force"), invocation.arguments.has("volumes"))
        return eachNamed(invocation) { name in try invocation.engine.removeContainer(name, force: force, volumes: volumes) }
    }

    static let prune = DockerSubcommand(
        names: [["container", "prune"]],
        usage: "docker container prune [OPTIONS]",
        summary: "Remove all stopped containers",
        flags: [FlagSpec(long: "force", short: "f", takesValue: false, help: "Do not prompt for confirmation")],
        arity: .none
    ) { invocation in
        guard invocation.confirmed("WARNING! This will remove all stopped containers.\nAre you sure you want to continue?") else { return 0 }
        return try Pruner.run([.containers], invocation: invocation)
    }

    static let logs = DockerSubcommand(
        names: [["logs"], ["container", "logs"]],
        usage: "docker logs [OPTIONS] CONTAINER",
        summary: "Fetch the logs of a container",
        flags: [
            FlagSpec(long: "follow", short: "f", takesValue: false, help: "Follow log output"),
            FlagSpec(long: "tail", short: "n", takesValue: true, help: "Number of lines to show from the end of the logs (default \"all\")"),
        ],
        arity: .exactly(1),
        readsOnly: true
    ) { invocation in
        let name = invocation.arguments.operands[0]
        guard let container = invocation.engine.container(name) else { throw EngineError.noSuchContainer(name) }
        writeLogs(container.logs.tail(invocation.arguments.value("tail")), of: container, to: invocation.io)
        if let program = container.unsimulatedProgram {
            invocation.io.printError("layerlab: what `\(program)` prints is not simulated, so its logs are not shown")
        }
        return 0
    }

    static let exec = DockerSubcommand(
        names: [["exec"], ["container", "exec"]],
        usage: "docker exec [OPTIONS] CONTAINER COMMAND [ARG...]",
        summary: "Execute a command in a running container",
        flags: runFlags.filter { ["env", "interactive", "tty", "user", "workdir", "detach"].contains($0.long) },
        arity: .atLeast(2), stopsAtFirstOperand: true
    ) { invocation in
        let arguments = invocation.arguments
        let name = arguments.operands[0]
        let command = Array(arguments.operands.dropFirst())
        guard let container = invocation.engine.container(name) else { throw EngineError.noSuchContainer(name) }
        guard container.isRunning else { throw EngineError.daemon("container \(container.id) is not running") }
        let shells: Set<String> = ["sh", "bash", "ash", "dash", "/bin/sh", "/bin/bash", "/bin/ash"]
        let (environment, user, folder) = (arguments.values("env"), arguments.value("user"), arguments.value("workdir"))
        if arguments.has("interactive"), command.count == 1, shells.contains(command[0]) {
            _ = try invocation.engine.exec(name, command: ["true"], environment: environment, user: user, workingDirectory: folder)
            let shell = ContainerShell(container: container, program: command[0], isMainProcess: false, user: user, environment: environment,
                                       workingDirectory: folder, engine: invocation.engine)
            invocation.context.attachedShell = ContainerShellSession(world: invocation.world, shell: shell)
            return 0
        }
        let result = try invocation.engine.exec(name, command: command, environment: environment, user: user, workingDirectory: folder)
        invocation.io.write(result.standardOutput)
        if !result.standardError.isEmpty { invocation.io.printError(String(result.standardError.dropLast(result.standardError.hasSuffix("\n") ? 1 : 0))) }
        return result.status
    }

    static let diff = DockerSubcommand(
        names: [["diff"], ["container", "diff"]],
        usage: "docker diff CONTAINER",
        summary: "Inspect changes to files or directories on a container's filesystem",
        arity: .exactly(1),
        readsOnly: true
    ) { invocation in
        for change in try invocation.engine.diff(invocation.arguments.operands[0]) {
            invocation.io.print("\(change.kind) \(change.path)")
        }
        return 0
    }

    static let commit = DockerSubcommand(
        names: [["commit"], ["container", "commit"]],
        usage: "docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
        summary: "Create a new image from a container's changes",
        flags: [
            FlagSpec(long: "author", short: "a", takesValue: true, help: "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")"),
            FlagSpec(long: "message", short: "m", takesValue: true, help: "Commit message"),
            FlagSpec(long: "change", short: "c", takesValue: true, help: "Apply Dockerfile instruction to the created image"),
        ],
        arity: .between(1, 2)
    ) { invocation in
        let arguments = invocation.arguments
        // Docker has the flag; layerlab says plainly that it cannot do it rather than call it unknown.
        guard !arguments.has("change") else {
            throw CommandFailure("layerlab: docker commit --change is not simulated; build the image from a Dockerfile with those instructions instead")
        }
        let reference = try arguments.operands.dropFirst().first.map { try ImageReference.parse($0) }
        let record = try invocation.engine.commitContainer(arguments.operands[0], as: reference, message: arguments.value("message"), author: arguments.value("author"))
        invocation.io.print(record.id.description)
        return 0
    }

    static let inspect = DockerSubcommand(
        names: [["inspect"], ["container", "inspect"]],
        usage: "docker inspect [OPTIONS] NAME|ID [NAME|ID...]",
        summary: "Return low-level information on Docker objects",
        flags: [FlagSpec(long: "format", short: "f", takesValue: true, help: "Format output using a custom template")],
        arity: .atLeast(1),
        readsOnly: true
    ) { invocation in
        // The CLI asks the daemon for a container, then for an image; when neither is found the error is the CLI's own.
        let found: [InspectOutput.Found] = invocation.arguments.operands.map { name in
            if let container = try? invocation.engine.inspectContainer(name) { return .object(container) }
            if let image = try? invocation.engine.inspectImage(name) { return .object(image) }
            return .error("Error: No such object: \(name)")
        }
        return try InspectOutput.write(found, format: invocation.arguments.value("format"), io: invocation.io)
    }
}
