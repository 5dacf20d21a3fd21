import Engine
import LayerlabBasics

/// An engine failure as the Docker CLI shows it: the daemon's words after `Error response from
/// daemon:` (or as the CLI prints its own errors), layerlab's limits as layerlab's, the exit status
/// the CLI gives, and layerlab's hint for a learner.
struct DaemonFailure: UserFacingError {
    let error: EngineError

    init(_ error: EngineError) {
        self.error = error
    }

    var message: String {
        if error.isSimulationLimit { return error.streamedMessage }
        switch error {
        // Parsed by the CLI before any request; pushes stream their errors; exec prints the process's.
        case .invalidReference, .pushRefused, .noLocalImage, .execFailed: return error.message
        default: return "Error response from daemon: " + error.message
        }
    }

    var exitStatus: Int32 {
        switch error {
        case .startFailed(_, let reason): reason.contains("not found") ? 127 : 126
        case .execFailed: 126
        default: 1
        }
    }

    static let hubContentsHint = "layerlab's Docker Hub serves the official images of its catalog (alpine, busybox, debian, ubuntu, python, node, golang, nginx, httpd, redis, postgres, mysql, registry, hello-world) and what learners push there; 'docker search TERM' lists them"

    /// Whether a missing manifest was asked of a registry:2 container rather than Docker Hub.
    private var namesLocalRegistry: Bool {
        guard case .manifestUnknown(let name) = error else { return false }
        return name.hasPrefix("localhost") || name.hasPrefix("127.0.0.1")
    }

    var hint: String? {
        switch error {
        case .manifestUnknown(let name) where name.contains("@sha256:") && !namesLocalRegistry:
            "layerlab's Docker Hub serves simulated images, so their digests are not the real Hub's: pull by tag (docker pull NAME:TAG) and pin the digest it prints (docker images --digests lists them)"
        case .notInCatalog: Self.hubContentsHint
        case .manifestUnknown where !namesLocalRegistry: Self.hubContentsHint
        case .manifestUnknown: "that tag was never pushed to this registry; curl http://HOST/v2/NAME/tags/list lists the tags it has"
        case .registryUnreachable: "no registry is running there; start one with: docker run -d -p 5000:5000 --name registry registry:2"
        case .registryAuth: "this registry was started with REGISTRY_AUTH=htpasswd: log in first with docker login HOST:PORT"
        case .invalidDockerID: "choose another name, e.g. docker login -u alice"
        case .pushRefused(let text) where text.hasPrefix("denied"):
            "log in with 'docker login', and push to a repository in your own namespace: docker tag IMAGE YOURNAME/NAME, then docker push YOURNAME/NAME"
        case .noLocalImage: "build or tag the image under that name first; 'docker images' lists what you have"
        case .storage: "check free disk space and the permissions of the layerlab home folder"
        case .unsimulatedServer: "with real Docker the app would answer here; in layerlab, nginx serves its files (try docker run -d -p 8080:80 nginx, then curl localhost:8080)"
        // Docker 28's message for a status lists the states itself.
        case .invalidFilter("status", _?, _, .containers, _): nil
        case .invalidFilter("exited", _?, _, .containers, _): "exited takes an exit code, e.g. exited=0"
        case .invalidFilter("dangling", _?, _, .images, _), .invalidFilter("dangling", _?, _, .volumes, _): "dangling takes true or false"
        case .invalidFilter(_, _, _, let objects, let accepted):
            "layerlab's \(Self.listingCommand(objects)) filters by \(accepted.joined(separator: ", "))"
        case .noSuchVolume: "'docker volume ls' lists the volumes there are"
        case .volumeInUse: "remove the containers that mount it first (docker rm -f CONTAINER); its content goes with it"
        case .portAllocated(_, let port, let holder): "container \(holder) has host port \(port); stop it, or publish another port (-p OTHER:CONTAINER)"
        case .hostPortInUse(_, _, let port):
            "another program on this computer listens on port \(port) (layerlab's registries listen for real while the Docker CLI is served); stop it, or publish another port (-p OTHER:5000)"
        default: nil
        }
    }

    private static func listingCommand(_ objects: ListedObjects) -> String {
        switch objects {
        case .containers: "docker ps"
        case .images: "docker images"
        case .volumes: "docker volume ls"
        }
    }
}
