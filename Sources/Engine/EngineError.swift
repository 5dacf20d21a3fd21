import LayerlabBasics

/// Failures of the simulated Docker engine, worded as the Docker CLI words them.
public enum EngineError: Error, Equatable, Sendable, UserFacingError {
    case noSuchImage(String)
    case noSuchObject(String)
    case conflict(String)
    case storage(String)
    case notInCatalog(String)
    case manifestUnknown(String)
    case registryUnreachable(String)
    case unknownHost(String)
    case invalidDockerID(String)
    /// A push the registry refused, as the daemon streams it (no `Error response from daemon:`).
    case pushRefused(String)
    case noLocalImage(String)
    /// A registry with htpasswd auth refused the request.
    case registryAuth(String)
    case invalidReference(String, String)
    case unsupported(String)
    case noSuchContainer(String)
    case daemon(String)
    case startFailed(String, String)
    case execFailed(String)
    case portAllocated(endpoint: String, port: Int, holder: String)
    case invalidArchive(String)
    /// A published port whose program layerlab does not simulate (a Python or Node app).
    case unsimulatedServer(host: String, container: String, program: String)

    public var message: String {
        switch self {
        case .noSuchImage(let name): "Error response from daemon: No such image: \(name)"
        case .noSuchObject(let name): "Error: No such object: \(name)"
        case .conflict(let text): "Error response from daemon: conflict: \(text)"
        case .storage(let text): "layerlab: \(text)"
        case .notInCatalog(let name):
            "Error response from daemon: pull access denied for \(name), repository does not exist or may require 'docker login': denied: requested access to the resource is denied"
        case .manifestUnknown(let name): "Error response from daemon: manifest for \(name) not found: manifest unknown: manifest unknown"
        case .registryUnreachable(let host):
            "Error response from daemon: Get \"http://\(host)/v2/\": dial tcp 127.0.0.1:\(host.split(separator: ":").last ?? "443"): connect: connection refused"
        case .unknownHost(let host):
            "Error response from daemon: Get \"https://\(host)/v2/\": dial tcp: lookup \(host.split(separator: ":")[0]) on 127.0.0.53:53: no such host"
        case .invalidDockerID(let name): "layerlab: '\(name)' cannot be a Docker ID: it must have 4 to 30 characters, all lower-case letters or digits"
        case .pushRefused(let text): text
        case .noLocalImage(let text): text
        case .registryAuth(let text): "Error response from daemon: \(text)"
        case .invalidReference(let typed, let reason): "Error parsing reference: \"\(typed)\" is not a valid repository/tag: \(reason)"
        case .unsupported(let what): "layerlab: \(what) is not simulated"
        case .noSuchContainer(let name): "Error response from daemon: No such container: \(name)"
        case .daemon(let text): "Error response from daemon: \(text)"
        case .startFailed(_, let reason):
            "Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: \(reason): unknown"
        case .execFailed(let text): text
        case .invalidArchive(let reason): "Error response from daemon: \(reason)"
        case .unsimulatedServer(let host, let container, let program):
            "layerlab: \(host) reaches container \(container), which runs `\(program)`; layerlab does not simulate that program, so its reply cannot be shown"
        case .portAllocated(let endpoint, let port, _):
            "Error response from daemon: driver failed programming external connectivity on endpoint \(endpoint): Bind for 0.0.0.0:\(port) failed: port is already allocated"
        }
    }

    static func namesLocalRegistry(_ error: EngineError) -> Bool {
        guard case .manifestUnknown(let name) = error else { return false }
        return name.hasPrefix("localhost") || name.hasPrefix("127.0.0.1")
    }

    /// The message as a stream of the daemon shows it (push): without the `Error response from daemon:` prefix.
    public var streamedMessage: String {
        let prefix = "Error response from daemon: "
        return message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
    }

    public var exitStatus: Int32 {
        switch self {
        case .startFailed(_, let reason): reason.contains("not found") ? 127 : 126
        case .execFailed: 126
        default: 1
        }
    }

    static let hubContentsHint = "layerlab's Docker Hub serves the official images of its catalog (alpine, busybox, debian, ubuntu, python, node, golang, nginx, registry, hello-world) and what learners push there; 'docker search TERM' lists them"

    public var hint: String? {
        switch self {
        case .manifestUnknown(let name) where name.contains("@sha256:") && !Self.namesLocalRegistry(self):
            "layerlab's Docker Hub serves simulated images, so their digests are not the real Hub's: pull by tag (docker pull NAME:TAG) and pin the digest it prints (docker images --digests lists them)"
        case .notInCatalog: Self.hubContentsHint
        case .manifestUnknown where !Self.namesLocalRegistry(self): Self.hubContentsHint
        case .manifestUnknown: "that tag was never pushed to this registry; curl http://HOST/v2/NAME/tags/list lists the tags it has"
        case .registryUnreachable: "no registry is running there; start one with: docker run -d -p 5000:5000 --name registry registry:2"
        case .unknownHost: "layerlab has no network: its registries are Docker Hub (docker.io) and registry:2 containers on localhost:PORT"
        case .registryAuth: "this registry was started with REGISTRY_AUTH=htpasswd: log in first with docker login HOST:PORT"
        case .invalidDockerID: "choose another name, e.g. docker login -u alice"
        case .pushRefused(let text) where text.hasPrefix("denied"):
            "log in with 'docker login', and push to a repository in your own namespace: docker tag IMAGE YOURNAME/NAME, then docker push YOURNAME/NAME"
        case .noLocalImage: "build or tag the image under that name first; 'docker images' lists what you have"
        case .storage: "check free disk space and the permissions of the layerlab home folder"
        case .unsimulatedServer: "with real Docker the app would answer here; in layerlab, nginx serves its files (try docker run -d -p 8080:80 nginx, then curl localhost:8080)"
        case .portAllocated(_, let port, let holder): "container \(holder) has host port \(port); stop it, or publish another port (-p OTHER:CONTAINER)"
        default: nil
        }
    }
}
