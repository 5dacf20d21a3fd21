import Foundation
import Registry
import RegistryClient

/// A registry the engine can reach: Docker Hub, a running `registry:2` container published on a
/// host port of this machine, or a real registry the learner allowed.
public struct RegistryEndpoint {
    public enum Kind: Equatable {
        case hub
        /// A `registry:2` container; `auth` is set when it was started with `REGISTRY_AUTH=htpasswd`.
        case container(id: String, auth: RegistryAuth?)
        /// A real registry, over HTTP(S).
        case remote
    }

    /// As written in image names: `docker.io`, `localhost:5000`.
    public var host: String
    public var kind: Kind
    /// What pushes and pulls read and write there.
    public var content: any RegistryContent
    /// The folder of a registry layerlab simulates, for what only those answer (curl at the prompt,
    /// checks); nil for a real one.
    public var registry: Registry?
    /// The real registry, for its login check; nil for a simulated one.
    public var remote: RemoteRegistry?

    init(host: String, kind: Kind, registry: Registry) {
        self.host = host
        self.kind = kind
        content = registry
        self.registry = registry
    }

    init(host: String, remote: RemoteRegistry) {
        self.host = host
        kind = .remote
        content = remote
        self.remote = remote
    }
}

/// A registry's basic auth, as `registry:2` configures it from its environment: the realm it names
/// in its challenge, and the htpasswd file it reads, through a mount, at each request.
public struct RegistryAuth: Hashable, Sendable {
    public var realm: String
    /// Where the file is on the host, or nil when no mount provides it (then nobody gets in).
    public var htpasswdHostPath: String?

    /// `hostPath` finds the host file behind a path in the container, through its mounts.
    init?(container: ContainerRecord, hostPath: (String) -> String?) {
        let environment = container.environmentVariables
        guard environment["REGISTRY_AUTH"] == "htpasswd" else { return nil }
        realm = environment["REGISTRY_AUTH_HTPASSWD_REALM"] ?? "basic-realm"
        htpasswdHostPath = environment["REGISTRY_AUTH_HTPASSWD_PATH"].flatMap(hostPath)
    }

    func accepts(_ credentials: RegistryCredentials?) -> Bool {
        guard let credentials, let path = htpasswdHostPath, let data = FileManager.default.contents(atPath: path) else { return false }
        return Htpasswd(text: String(decoding: data, as: UTF8.self)).accepts(user: credentials.username, password: credentials.password)
    }
}

/// A username and password for one registry, as `docker login` saved them.
public struct RegistryCredentials: Equatable, Sendable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}
