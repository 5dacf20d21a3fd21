import GoSemantics
import LayerStore
import SimulatedShell

extension Engine {
    /// An image's inspection document, as `GET /images/{name}/json` answers.
    public func inspectImage(_ nameOrID: String) throws(EngineError) -> JSONValue {
        guard let record = images.image(nameOrID) else { throw .noSuchImage(Self.displayName(nameOrID)) }
        return ImageInspectDocument.json(for: record, engine: self)
    }

    /// A container's inspection document, as `GET /containers/{id}/json` answers.
    public func inspectContainer(_ nameOrID: String) throws(EngineError) -> JSONValue {
        guard let container = container(nameOrID) else { throw .noSuchContainer(nameOrID) }
        return ContainerInspectDocument.json(for: container)
    }
}

extension Engine {
    /// The port a running container's main process listens on, when layerlab simulates that program
    /// (nginx, registry:2); nil for a program it does not.
    public func listeningPort(of container: ContainerRecord) -> Int? {
        SimulatedServers.listeningPort(of: container)
    }

    /// The user `docker run` starts the image's process as: its config's `User` looked up in the
    /// image's /etc/passwd and /etc/group, as the runtime does; a name that is not there fails as it
    /// fails on Docker.
    public func startingUser(of image: ImageRecord) throws(EngineError) -> ShellProcess.User {
        let process = ShellProcess(fileSystem: ContainerFileSystem(lower: try images.view(of: image)),
                                   environment: [:], workingDirectory: "/")
        let spec = image.configuration.config.user ?? ""
        guard let user = process.resolveUser(spec) else {
            throw .daemon("unable to find user \(spec): no matching entries in passwd file")
        }
        return user
    }
}
