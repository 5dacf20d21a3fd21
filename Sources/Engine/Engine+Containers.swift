import Foundation
import ImageModel
import LayerlabBasics
import LayerStore
import SimulatedShell

/// What `docker create` and `docker run` were asked for.
public struct ContainerRequest: Sendable {
    public var image: String
    public var name: String?
    public var command: [String]
    public var entrypoint: [String]?
    public var environment: [String]
    public var user: String?
    public var workingDirectory: String?
    /// Host port 0 asks for an ephemeral port, as `-p 80` does.
    public var ports: [ContainerRecord.PortBinding]
    /// `-P`: every port the image exposes gets an ephemeral host port.
    public var publishAll: Bool
    public var mounts: [ContainerRecord.BindMount]
    /// `-v NAME:/path` and `-v /path` (an empty name: an anonymous volume).
    public var volumes: [ContainerRecord.VolumeMount]
    public var autoRemove: Bool
    public var interactive: Bool
    public var tty: Bool

    public init(image: String, name: String? = nil, command: [String] = [], entrypoint: [String]? = nil, environment: [String] = [], user: String? = nil,
                workingDirectory: String? = nil, ports: [ContainerRecord.PortBinding] = [], publishAll: Bool = false, mounts: [ContainerRecord.BindMount] = [],
                volumes: [ContainerRecord.VolumeMount] = [], autoRemove: Bool = false, interactive: Bool = false, tty: Bool = false) {
        self.image = image
        self.name = name
        self.command = command
        self.entrypoint = entrypoint
        self.environment = environment
        self.user = user
        self.workingDirectory = workingDirectory
        self.ports = ports
        self.publishAll = publishAll
        self.mounts = mounts
        self.volumes = volumes
        self.autoRemove = autoRemove
        self.interactive = interactive
        self.tty = tty
    }
}

extension Engine {
    /// Containers, newest first.
    public var allContainers: [ContainerRecord] {
        finishElapsedProcesses()
        return containers.all.sorted { ($0.created, $0.id) > ($1.created, $1.id) }
    }

    /// Processes that were only sleeping end once the clock passes the time they would have finished.
    func finishElapsedProcesses() {
        for var container in containers.all {
            guard container.isRunning, let planned = container.plannedExit, clock.now >= planned.at else { continue }
            container.state = .exited(code: planned.code, at: planned.at)
            container.plannedExit = nil
            try? save(container)
        }
    }

    /// The container a name, ID or ID prefix refers to.
    public func container(_ nameOrID: String) -> ContainerRecord? {
        finishElapsedProcesses()
        let name = nameOrID.hasPrefix("/") ? String(nameOrID.dropFirst()) : nameOrID
        if let byName = containers.all.first(where: { $0.name == name }) { return byName }
        let matches = containers.all.filter { $0.id.hasPrefix(nameOrID) }
        return matches.count == 1 ? matches[0] : nil
    }

    /// `docker create`: a container from an image (which must be local), not started.
    /// Linux's default ephemeral range, from which the daemon picks host ports for `-P` and `-p 80`.
    static let ephemeralPorts = 32768...60999

    public func createContainer(_ request: ContainerRequest) throws(EngineError) -> ContainerRecord {
        guard let image = images.image(request.image) else { throw .noSuchImage(Engine.displayName(request.image)) }
        let name = request.name ?? generatedName()
        if let name = request.name {
            guard name.range(of: "^[a-zA-Z0-9][a-zA-Z0-9_.-]+$", options: .regularExpression) != nil else {
                throw .invalidRequest("Invalid container name (\(name)), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
            }
            if let existing = containers.all.first(where: { $0.name == name }) {
                throw .daemon("Conflict. The container name \"/\(name)\" is already in use by container \"\(existing.id)\". You have to remove (or rename) that container to be able to reuse that name.")
            }
        }
        let config = image.configuration.config
        let command = (request.entrypoint ?? config.entrypoint ?? []) + (request.command.isEmpty && request.entrypoint == nil ? config.cmd ?? [] : request.command)
        guard !command.isEmpty else { throw .daemon("no command specified") }
        // Only the registry reads and writes through its mounts (its htpasswd file, its content);
        // elsewhere files would be missing. Volumes its image declares are made for any container.
        if !request.mounts.isEmpty && command != RegistryServer.command {
            throw .unsupported("a bind mount (-v) into this container (only registry:2 reads files through one)")
        }
        if !request.volumes.isEmpty && command != RegistryServer.command {
            throw .unsupported("a volume (-v) in this container (only registry:2 keeps its files in one)")
        }
        try checkMounts(request)
        // moby's merge (daemon/commit.go): the `-e` values in their order, then the image's variables
        // they do not set (`docker run --rm -e A=1 -e C=9 IMAGE env` lists A, C, then the image's).
        func key(_ entry: String) -> Substring { entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
        var environment = request.environment
        for entry in config.env ?? [] where !environment.contains(where: { key($0) == key(entry) }) {
            environment.append(entry)
        }
        var ports = request.ports
        if request.publishAll {
            for exposed in config.exposedPorts?.keys.sorted() ?? [] {
                let parts = exposed.split(separator: "/").map(String.init)
                guard let port = Int(parts[0]), !ports.contains(where: { $0.containerPort == port }) else { continue }
                ports.append(.init(hostIP: "0.0.0.0", hostPort: 0, containerPort: port, proto: parts.count > 1 ? parts[1] : "tcp"))
            }
        }
        // Ephemeral host ports as the daemon hands them out: the lowest free one from 32768 up.
        var taken = Set(containers.all.flatMap { $0.ports.map(\.hostPort) } + ports.map(\.hostPort))
        for index in ports.indices where ports[index].hostPort == 0 {
            let free = (Self.ephemeralPorts).first { !taken.contains($0) } ?? Self.ephemeralPorts.lowerBound
            ports[index].hostPort = free
            taken.insert(free)
        }
        let serial = try containers.countNew()
        let id = Digest.sha256(of: "\(serial) \(name) \(image.id) \(clock.now.timeIntervalSince1970)").hex
        let volumeMounts = try mountVolumes(request, imageVolumes: config.volumes.map { Array($0.keys) } ?? [], containerID: id)
        // `-v HOST:PATH` makes a host folder that is not there yet, as the daemon does.
        for mount in request.mounts where !FileManager.default.fileExists(atPath: mount.source) {
            do {
                try FileManager.default.createDirectory(atPath: mount.source, withIntermediateDirectories: true)
            } catch {
                throw .daemon("error while creating mount source path '\(mount.source)': \(error.localizedDescription)")
            }
        }
        // Docker's creation times never tie (nanoseconds): under a clock that stands still (transcripts)
        // each container is a microsecond after the last, so the latest (`ps -l`, `-n`) is the last made.
        let created = containers.all.map(\.created).max().map { max(clock.now, $0.addingTimeInterval(0.000_001)) } ?? clock.now
        let record = ContainerRecord(
            id: id, name: name, image: image.id, imageName: request.image, created: created, started: nil, state: .created,
            command: command, environment: environment, workingDirectory: request.workingDirectory ?? config.workingDir ?? "/",
            user: request.user ?? config.user ?? "", exposedPorts: (config.exposedPorts?.keys.sorted() ?? []),
            ports: ports, mounts: request.mounts.isEmpty ? nil : request.mounts, volumes: volumeMounts.isEmpty ? nil : volumeMounts, autoRemove: request.autoRemove, interactive: request.interactive, tty: request.tty,
            changes: Layer(changes: []), logs: ContainerLogs(), unsimulatedProgram: nil, plannedExit: nil
        )
        try save(record)
        return record
    }

    /// `docker start`: runs the main process. Simulated commands run to the end and the container
    /// exits with their status; a program layerlab does not simulate keeps running, its output unknown.
    @discardableResult
    public func startContainer(_ nameOrID: String) throws(EngineError) -> ContainerRecord {
        guard var container = container(nameOrID) else { throw .noSuchContainer(nameOrID) }
        if container.isRunning { return container }
        for binding in container.ports {
            if let other = allContainers.first(where: { $0.id != container.id && $0.isRunning && $0.ports.contains { $0.hostPort == binding.hostPort } }) {
                throw .portAllocated(endpoint: "\(container.name) (\(container.id))", port: binding.hostPort, holder: other.name)
            }
        }
        try checkRealPorts(of: container)
        // moby writes the network files again at each start, with the address the bridge gives now.
        let address = bridgeAddress(excluding: container.id)
        container.ipAddress = address
        container.runtimeFiles = RuntimeFiles.container(hostname: container.shortID, address: address)
        let process = try shellProcess(for: container)
        let program = container.command[0]
        guard let path = process.lookup(program) else {
            // moby cleans up a container started with --rm whose start failed, as after an exit.
            if container.autoRemove { try removeContainer(container.id, force: true) }
            throw .startFailed(container.id, "exec: \"\(program)\": executable file not found in $PATH")
        }
        let base = String(path.split(separator: "/").last ?? "")
        container.started = clock.now
        container.unsimulatedProgram = nil
        let shells: Set<String> = ["sh", "bash", "ash", "dash"]
        if shells.contains(base) && !container.command.contains("-c") && container.command.count == 1 {
            // A shell reading its standard input: waits for a terminal with -i, ends at once without one.
            container.state = container.interactive ? .running(since: clock.now) : .exited(code: 0, at: clock.now)
        } else if shells.contains(base) || process.simulates(executableAt: path, arguments: Array(container.command.dropFirst())) {
            let result = process.run(arguments: container.command)
            container.logs.append(result.chunks)
            container.changes = process.fileSystem.changes
            container.runtimeFiles = process.fileSystem.mounts
            if let unsimulated = process.runningUnsimulated {
                container.unsimulatedProgram = unsimulated
                container.state = .running(since: clock.now)
            } else if process.waitsForTerminal {
                // An entrypoint that ends in a shell (`docker run -it node:20-alpine sh`): as above.
                container.state = container.interactive ? .running(since: clock.now) : .exited(code: 0, at: clock.now)
            } else if process.elapsedSeconds >= 1 {
                container.state = .running(since: clock.now)
                container.plannedExit = .init(code: result.status, at: clock.now.addingTimeInterval(process.elapsedSeconds))
            } else {
                container.state = .exited(code: result.status, at: clock.now)
            }
        } else {
            container.unsimulatedProgram = base
            container.state = .running(since: clock.now)
        }
        try save(container)
        if container.autoRemove, case .exited = container.state { try removeContainer(container.id, force: true) }
        return container
    }

    /// While registry containers listen on their published ports for real, one whose port another
    /// program holds does not start, as Docker's bridge driver cannot bind it; the container stays
    /// created. The binding is named as libnetwork prints it, with the address the container would
    /// get on the default bridge (the lowest after the gateway's and the running containers').
    func checkRealPorts(of container: ContainerRecord) throws(EngineError) {
        guard let realPorts, RegistryServer.runs(container) else { return }
        for binding in container.ports where binding.containerPort == RegistryServer.listeningPort && binding.hostPort > 0 {
            guard realPorts.isHeldElsewhere(host: ServedRegistry.listeningHost(binding), port: binding.hostPort) else { continue }
            let hostIP = binding.hostIP.isEmpty ? "0.0.0.0" : binding.hostIP.contains(":") ? "[\(binding.hostIP)]" : binding.hostIP
            let address = "172.17.0.\(2 + allContainers.filter(\.isRunning).count)"
            throw .hostPortInUse(endpoint: "\(container.name) (\(container.id))",
                                 binding: "\(hostIP):\(binding.hostPort):\(address):\(binding.containerPort)/\(binding.proto)", port: binding.hostPort)
        }
    }

    /// `docker stop`: the stop signal, then SIGKILL when the timeout passes.
    public func stopContainer(_ nameOrID: String) throws(EngineError) -> ContainerRecord {
        guard var container = container(nameOrID) else { throw .noSuchContainer(nameOrID) }
        if container.isRunning {
            container.state = .exited(code: SimulatedServers.statusAfterStop(container), at: clock.now)
            container.plannedExit = nil
            try save(container)
            if container.autoRemove { try removeContainer(container.id, force: true) }
        }
        return container
    }

    /// `docker wait` (moby's condition not-running): the exit status of a container that is not running,
    /// 0 for one never started; nil while it runs.
    public func exitStatusOnceEnded(_ nameOrID: String) throws(EngineError) -> Int32? {
        guard let container = container(nameOrID) else { throw .noSuchContainer(nameOrID) }
        switch container.state {
        case .created: return 0
        case .running: return nil
        case .exited(let code, _): return code
        }
    }

    /// The container, which must be running, as moby's GetRunningTask asks of a terminal's resize or
    /// a process listing: no such container is a 404, one not running a 409 naming its full ID.
    public func runningContainer(_ nameOrID: String) throws(EngineError) -> ContainerRecord {
        guard let container = container(nameOrID) else { throw .noSuchContainer(nameOrID) }
        guard container.isRunning else { throw .notRunning(container.id) }
        return container
    }

    /// The main process ended by itself (a shell's `exit`) with `status`.
    public func endMainProcess(_ nameOrID: String, status: Int32) throws(EngineError) {
        guard var container = container(nameOrID), container.isRunning else { return }
        container.state = .exited(code: status, at: clock.now)
        container.plannedExit = nil
        try save(container)
        if container.autoRemove { try removeContainer(container.id, force: true) }
    }

    /// `docker kill`: SIGKILL, so the main process ends with status 137 whatever it runs.
    public func killContainer(_ nameOrID: String) throws(EngineError) {
        guard var container = container(nameOrID) else { throw .noSuchContainer(nameOrID) }
        guard container.isRunning else { throw .daemon("cannot kill container: \(nameOrID): container \(container.id) is not running") }
        container.state = .exited(code: 137, at: clock.now)
        container.plannedExit = nil
        try save(container)
        if container.autoRemove { try removeContainer(container.id, force: true) }
    }

    /// `docker rm`; with `volumes` (`-v`), or for a container started with `--rm`, its anonymous
    /// volumes go too.
    public func removeContainer(_ nameOrID: String, force: Bool, volumes removingVolumes: Bool = false) throws(EngineError) {
        guard let container = container(nameOrID) else { throw .noSuchContainer(nameOrID) }
        if container.isRunning && !force {
            throw .daemon("cannot remove container \"\(container.name)\": container is running: stop the container before removing or force remove")
        }
        if container.isRunning {
            // moby kills it first (SIGKILL: status 137), so whoever waits for its end hears of it.
            var killed = container
            killed.state = .exited(code: 137, at: clock.now)
            killed.plannedExit = nil
            try save(killed)
        }
        containers.remove(container.id)
        removeRegistryContent(of: container)
        if removingVolumes || container.autoRemove { try removeAnonymousVolumes(of: container) }
    }

    /// Removes every stopped container (`POST /containers/prune`); returns their IDs and the bytes their
    /// own changes took.
    public func pruneContainers() throws(EngineError) -> PruneReport<String> {
        let stopped = allContainers.filter { !$0.isRunning }
        for container in stopped { try removeContainer(container.id, force: false) }
        return PruneReport(deleted: stopped.map(\.id), spaceReclaimed: stopped.reduce(0) { $0 + $1.changes.contentSize })
    }

    /// `docker exec`: runs a command in a running container's filesystem.
    public func exec(_ nameOrID: String, command: [String], environment: [String] = [], user: String? = nil, workingDirectory: String? = nil) throws(EngineError) -> ShellProcess.Result {
        guard var container = container(nameOrID) else { throw .noSuchContainer(nameOrID) }
        guard container.isRunning else { throw .daemon("container \(container.id) is not running") }
        let process = try execProcess(in: container, environment: environment, user: user, workingDirectory: workingDirectory)
        guard process.lookup(command[0]) != nil else {
            throw .execFailed("OCI runtime exec failed: exec failed: unable to start container process: exec: \"\(command[0])\": executable file not found in $PATH: unknown")
        }
        let result = process.run(arguments: command)
        container.changes = process.fileSystem.changes
        container.runtimeFiles = process.fileSystem.mounts
        try save(container)
        return result
    }

    /// A process `docker exec` starts: the container's, with the exec's environment, user and working
    /// folder (`-e`, `-u`, `-w`); a folder that is not there is runc's error, as the exec starts.
    func execProcess(in container: ContainerRecord, environment: [String], user: String?, workingDirectory: String?) throws(EngineError) -> ShellProcess {
        let process = try shellProcess(for: container, extraEnvironment: environment, user: user)
        process.mainProcess = ProcessEntry(pid: 1, parent: 0, user: process.resolveUser(container.user) ?? .root, arguments: container.command)
        if let workingDirectory, !workingDirectory.isEmpty {
            guard process.fileSystem.entry(at: workingDirectory)?.isDirectory == true else {
                throw .execFailed("OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd (\"\(workingDirectory)\") set in config.json failed: no such file or directory: unknown")
            }
            process.workingDirectory = workingDirectory
        }
        return process
    }

    /// Runs a script in a running container, for `docker exec -it … sh` sessions; returns the result.
    /// `workingDirectory` is the shell's, which a `cd` in the script changes.
    public func execScript(_ nameOrID: String, script: String, workingDirectory: inout String, environment: [String] = [], user: String? = nil) throws(EngineError) -> ShellProcess.Result {
        guard var container = container(nameOrID) else { throw .noSuchContainer(nameOrID) }
        let process = try execProcess(in: container, environment: environment, user: user, workingDirectory: workingDirectory)
        let result = process.run(script: script)
        workingDirectory = process.workingDirectory
        container.changes = process.fileSystem.changes
        container.runtimeFiles = process.fileSystem.mounts
        try save(container)
        return result
    }

    /// `docker diff`.
    public func diff(_ nameOrID: String) throws(EngineError) -> [(kind: Character, path: String)] {
        guard let container = container(nameOrID) else { throw .noSuchContainer(nameOrID) }
        return try fileSystem(for: container).diff
    }

    /// The container's filesystem: its image's layers under its own changes.
    public func fileSystem(for container: ContainerRecord) throws(EngineError) -> ContainerFileSystem {
        guard let image = images.record(container.image) else { throw .storage("the image of container \(container.shortID) is missing") }
        return ContainerFileSystem(lower: try images.view(of: image), changes: container.changes)
    }

    func shellProcess(for container: ContainerRecord, extraEnvironment: [String] = [], user: String? = nil) throws(EngineError) -> ShellProcess {
        var environment = ContainerRecord.variables(container.environment + extraEnvironment)
        environment["HOSTNAME"] = container.shortID
        var files = try fileSystem(for: container)
        files.mounts = container.runtimeFiles ?? RuntimeFiles.container(hostname: container.shortID, address: container.ipAddress ?? bridgeAddress(excluding: container.id))
        let process = ShellProcess(fileSystem: files, environment: environment, workingDirectory: container.workingDirectory, clock: clock)
        // The runtime's order (moby's CreateDaemonEnvironment): PATH, HOSTNAME, then the container's.
        process.serverPrograms = SimulatedServers.programs
        process.environmentOrder = ["PATH", "HOSTNAME"] + (container.environment + extraEnvironment).map { String($0.prefix { $0 != "=" }) }
        let spec = user ?? container.user
        guard let resolved = process.resolveUser(spec) else {
            throw .daemon("unable to find user \(spec): no matching entries in passwd file")
        }
        process.user = resolved
        if environment["HOME"] == nil { process.environment["HOME"] = process.homeDirectory(of: resolved) }
        return process
    }

    /// The address the default bridge gives a container starting now (a classic build's step
    /// container too): the first one no other running container holds.
    public func bridgeAddress(excluding id: String? = nil) -> String {
        RuntimeFiles.bridgeAddress(avoiding: Set(containers.all.filter { $0.isRunning && $0.id != id }.compactMap(\.ipAddress)))
    }

    func save(_ container: ContainerRecord) throws(EngineError) {
        try containers.save(container)
    }

    /// Docker-style `adjective_name`, chosen from the counter so transcripts are repeatable.
    func generatedName() -> String {
        let adjectives = ["admiring", "brave", "clever", "dazzling", "eager", "focused", "gifted", "happy", "jolly", "keen", "loving", "modest", "nifty", "optimistic", "peaceful", "quirky", "relaxed", "sharp", "trusting", "vibrant", "wizardly", "youthful", "zealous"]
        let names = ["hopper", "lovelace", "turing", "curie", "noether", "ritchie", "thompson", "torvalds", "hamilton", "goldberg", "liskov", "knuth", "dijkstra", "babbage", "franklin", "meitner", "shannon", "wozniak"]
        var candidate: String
        var attempt = containers.createdCount
        repeat {
            candidate = adjectives[attempt % adjectives.count] + "_" + names[(attempt / adjectives.count + attempt) % names.count]
            attempt += 7
        } while containers.all.contains { $0.name == candidate }
        return candidate
    }
}
