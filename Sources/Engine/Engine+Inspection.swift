import GoSemantics

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
