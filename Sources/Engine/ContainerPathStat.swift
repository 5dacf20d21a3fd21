/// What the daemon says of a path in a container (`HEAD /containers/{id}/archive`, moby's
/// ContainerPathStat): its name, size and kind, and where it leads with links resolved.
public struct ContainerPathStat: Sendable, Equatable {
    public var name: String
    public var size: Int64
    public var isDirectory: Bool
    /// The path with every link on the way resolved (the CLI copies into, or follows, this).
    public var resolvedPath: String
}
