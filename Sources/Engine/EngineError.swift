import LayerlabBasics

/// Failures of the simulated Docker engine, as data: a case per failure with what it names. The
/// client words them (`Error response from daemon: …`) and adds layerlab's hints where they are shown.
public enum EngineError: Error, Equatable, Sendable {
    case noSuchImage(String)
    case conflict(String)
    case storage(String)
    case notInCatalog(String)
    case manifestUnknown(String)
    case registryUnreachable(String)
    /// A real registry the learner has not allowed layerlab to reach; `configPath` is where they can.
    case registryNotAllowed(host: String, configPath: String?, configProblem: String?)
    case invalidDockerID(String)
    /// A push the registry refused, as the daemon streams it (no `Error response from daemon:`).
    case pushRefused(String)
    case noLocalImage(String)
    /// A registry with htpasswd auth refused the request.
    case registryAuth(String)
    case invalidReference(String, String)
    case unsupported(String)
    case noSuchContainer(String)
    /// An exec instance the daemon does not know (`/exec/{id}/…`).
    case noSuchExec(String)
    case daemon(String)
    case startFailed(String, String)
    case execFailed(String)
    case portAllocated(endpoint: String, port: Int, holder: String)
    /// Another program on the host holds a port a registry container publishes (its listener is real
    /// while the Engine API is served); `binding` as libnetwork prints it.
    case hostPortInUse(endpoint: String, binding: String, port: Int)
    case invalidArchive(String)
    /// A request the daemon cannot read (an Engine API query that is not what it should be).
    case invalidRequest(String)
    /// A path `docker cp` named is not in the container.
    case pathNotFound(path: String, container: String)
    /// A filter the daemon's list of `objects` (containers, images) does not take, with why when the
    /// daemon says; `accepted` are the keys that list takes.
    case invalidFilter(key: String, value: String?, reason: String?, objects: ListedObjects, accepted: [String])
    /// A published port whose program layerlab does not simulate (a Python or Node app).
    case unsimulatedServer(host: String, container: String, program: String)
    /// What needs a running container (a terminal's resize, its processes) asked of one that is not
    /// running; names the container's full ID, as moby's GetRunningTask does.
    case notRunning(String)
    /// A registry refused a login's name or password (moby's errdefs.Unauthorized: a 401).
    case loginRefused(String)
    /// A volume the engine does not have.
    case noSuchVolume(String)
    /// A volume that containers (these IDs) mount, so it cannot be removed.
    case volumeInUse(String, containers: [String])

    /// The daemon's own words, as its API answers `{"message": …}`: no `Error response from daemon:`,
    /// which the client adds where it shows them.
    public var message: String {
        switch self {
        case .noSuchImage(let name): "No such image: \(name)"
        case .conflict(let text): "conflict: \(text)"
        case .storage(let text): text
        case .notInCatalog(let name):
            "pull access denied for \(name), repository does not exist or may require 'docker login': denied: requested access to the resource is denied"
        case .manifestUnknown(let name): "manifest for \(name) not found: manifest unknown: manifest unknown"
        case .registryUnreachable(let host):
            "Get \"http://\(host)/v2/\": dial tcp 127.0.0.1:\(host.split(separator: ":").last ?? "443"): connect: connection refused"
        case .registryNotAllowed(let host, let configPath, let configProblem):
            "\(host) is a real registry, which layerlab reaches only when you allow it: start layerlab with --registry \(host)"
                + (configPath.map { ", or list it under registries: in \($0)" } ?? "")
                + (configProblem.map { " (\($0))" } ?? "")
        case .invalidDockerID(let name): "'\(name)' cannot be a Docker ID: it must have 4 to 30 characters, all lower-case letters or digits"
        case .pushRefused(let text): text
        case .noLocalImage(let text): text
        case .registryAuth(let text): text
        case .invalidReference(let typed, let reason): "Error parsing reference: \"\(typed)\" is not a valid repository/tag: \(reason)"
        case .unsupported(let what): "\(what) is not simulated"
        case .noSuchContainer(let name): "No such container: \(name)"
        case .noSuchExec(let id): "No such exec instance: \(id)"
        case .daemon(let text): text
        case .startFailed(_, let reason):
            "failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: \(reason): unknown"
        case .execFailed(let text): text
        case .invalidArchive(let reason): reason
        case .invalidRequest(let reason): reason
        case .pathNotFound(let path, let container): "Could not find the file \(path) in container \(container)"
        case .invalidFilter(let key, let value, let reason, _, _): "invalid filter '\(key)\(value.map { "=" + $0 } ?? "")'" + (reason.map { ": " + $0 } ?? "")
        case .unsimulatedServer(let host, let container, let program):
            "\(host) reaches container \(container), which runs `\(program)`; layerlab does not simulate that program, so its reply cannot be shown"
        case .portAllocated(let endpoint, let port, _):
            "driver failed programming external connectivity on endpoint \(endpoint): Bind for 0.0.0.0:\(port) failed: port is already allocated"
        // moby v28.2.2 libnetwork/drivers/bridge/port_mapping_linux.go (bindTCPOrUDP), wrapped by endpoint.go.
        case .hostPortInUse(let endpoint, let binding, _):
            "driver failed programming external connectivity on endpoint \(endpoint): failed to bind host port for \(binding): address already in use"
        case .notRunning(let id): "container \(id) is not running"
        case .loginRefused(let text): text
        // moby's volume store words them as an operation on the volume (daemon/volume/service/errors.go, OpErr).
        case .noSuchVolume(let name): "get \(name): no such volume"
        case .volumeInUse(let name, let containers): "remove \(name): volume is in use - [\(containers.joined(separator: ", "))]"
        }
    }

    /// moby's class of the error (its errdefs), which decides the status of the API's answer.
    public var kind: EngineErrorKind {
        switch self {
        // A denied pull and an unknown manifest are "not found" to the daemon (distribution/errors.go).
        case .noSuchImage, .noSuchContainer, .noSuchExec, .noSuchVolume, .pathNotFound, .manifestUnknown, .notInCatalog, .noLocalImage: .notFound
        case .conflict, .notRunning, .volumeInUse: .conflict
        case .invalidReference, .invalidDockerID, .invalidArchive, .invalidFilter, .invalidRequest: .invalidParameter
        case .registryAuth, .loginRefused: .unauthorized
        case .pushRefused, .registryNotAllowed: .forbidden
        case .unsupported, .unsimulatedServer: .notImplemented
        // moby's translatePullError leaves a refused connection unclassified: a 500. A port the network
        // driver cannot take fails the start as errdefs.System (daemon/start.go, libnetwork/endpoint.go).
        case .storage, .daemon, .startFailed, .execFailed, .registryUnreachable, .portAllocated, .hostPortInUse: .system
        }
    }

    /// The message as a stream of the daemon carries it (a push's JSON messages, BuildKit's `failed to
    /// solve`): the daemon's words, or layerlab's own marked as such.
    public var streamedMessage: String {
        isSimulationLimit ? "layerlab: " + message : message
    }

    /// Failures that are layerlab's rather than Docker's: its own storage, or something it does not
    /// simulate. They are worded as layerlab's, never as the daemon's.
    public var isSimulationLimit: Bool {
        switch self {
        case .storage, .unsupported, .unsimulatedServer, .invalidDockerID, .registryNotAllowed: true
        default: false
        }
    }
}
