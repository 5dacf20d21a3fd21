import Foundation
import Registry

/// A registry the engine can reach: Docker Hub, or a running `registry:2` container published on a
/// host port of this machine.
public struct RegistryEndpoint {
    public enum Kind: Equatable {
        case hub
        /// A `registry:2` container.
        case container(id: String)
    }

    /// As written in image names: `docker.io`, `localhost:5000`.
    public var host: String
    public var kind: Kind
    public var registry: Registry
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
