import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// A container: an image's layers plus its own writable layer, and the process it runs.
public struct ContainerRecord: Codable, Equatable, Sendable {
    public enum State: Codable, Equatable, Sendable {
        case created
        case running(since: Date)
        case exited(code: Int32, at: Date)
    }

    /// A published port: `-p 8080:80` is host port 8080 to container port 80/tcp.
    public struct PortBinding: Codable, Equatable, Sendable {
        public var hostIP: String
        public var hostPort: Int
        public var containerPort: Int
        public var proto: String

        public init(hostIP: String, hostPort: Int, containerPort: Int, proto: String) {
            self.hostIP = hostIP
            self.hostPort = hostPort
            self.containerPort = containerPort
            self.proto = proto
        }
    }

    /// A host folder or file seen inside the container (`-v /host/path:/container/path[:ro]`).
    public struct BindMount: Codable, Equatable, Sendable {
        /// The absolute path on the host (inside the learner's workspace).
        public var source: String
        public var target: String
        public var readOnly: Bool

        public init(source: String, target: String, readOnly: Bool) {
            self.source = source
            self.target = target
            self.readOnly = readOnly
        }
    }

    /// A volume the engine keeps, seen inside the container (`-v NAME:/path`, `-v /path`, or its image's
    /// VOLUME; see `VolumeRecord`).
    public struct VolumeMount: Codable, Equatable, Sendable {
        /// The volume's name; empty in a request for an anonymous volume, which gets its name when the
        /// container is created.
        public var name: String
        public var target: String
        public var readOnly: Bool

        public init(name: String, target: String, readOnly: Bool) {
            self.name = name
            self.target = target
            self.readOnly = readOnly
        }
    }

    public var id: String
    public var name: String
    public var image: Digest
    /// The image as the learner named it (`alpine`, `myapp:1.0`), as `docker ps` shows it.
    public var imageName: String
    public var created: Date
    public var started: Date?
    public var state: State
    /// The argument vector the main process runs: entrypoint then command.
    public var command: [String]
    public var environment: [String]
    public var workingDirectory: String
    public var user: String
    public var exposedPorts: [String]
    public var ports: [PortBinding]
    /// Bind mounts (`-v HOST:CONTAINER`); optional so records written before mounts existed still load.
    public var mounts: [BindMount]?
    /// Volumes; optional so records written before volumes existed still load.
    public var volumes: [VolumeMount]?
    public var autoRemove: Bool
    public var interactive: Bool
    public var tty: Bool
    /// What the container wrote over the image (its writable layer).
    public var changes: Layer
    /// What the main process printed, when layerlab simulates it.
    public var logs: ContainerLogs
    /// The program running that layerlab does not simulate (its output is not known), if any.
    public var unsimulatedProgram: String?
    /// When a simulated process that only sleeps will have finished, and with which status.
    public var plannedExit: PlannedExit?
    /// Its address on the default bridge network while it runs (given at each start).
    public var ipAddress: String? = nil
    /// What the runtime mounted for its last start (`/dev`, `/proc`, `/etc/hosts`…) as its processes
    /// left them: kept apart from `changes`, so `docker diff` and `docker commit` never take them.
    public var runtimeFiles: RuntimeMounts? = nil

    public struct PlannedExit: Codable, Equatable, Sendable {
        public var code: Int32
        public var at: Date
    }

    public var shortID: String { String(id.prefix(12)) }

    /// `environment` as a dictionary; an entry without `=` is set to the empty string.
    public var environmentVariables: [String: String] {
        Self.variables(environment)
    }

    static func variables(_ entries: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            result[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return result
    }

    public var isRunning: Bool {
        if case .running = state { return true }
        return false
    }

    /// The main process is a shell waiting for what is typed (`docker run -it IMAGE sh`): a client
    /// attached to it gets that shell.
    public var shellAwaitsInput: Bool {
        isRunning && interactive && unsimulatedProgram == nil && plannedExit == nil
    }

    /// The state as Docker names it (`State.Status`, `docker ps --filter status=`, `{{.State}}`).
    public var statusName: String {
        switch state {
        case .created: "created"
        case .running: "running"
        case .exited: "exited"
        }
    }
}
