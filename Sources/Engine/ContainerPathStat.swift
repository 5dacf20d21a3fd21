import LayerStore

/// What the daemon says of a path in a container (`HEAD /containers/{id}/archive`, moby's
/// ContainerPathStat): its kind, and where it leads with links resolved, which may be nowhere (a
/// link to a missing file).
public struct ContainerPathStat: Sendable, Equatable {
    public var isDirectory: Bool
    public var targetExists: Bool
    /// The path with every link on the way resolved (the CLI copies into, or follows, this).
    public var resolvedPath: String
    /// The path's own entry, a link at its end not followed (what lstat says of it): its kind, mode,
    /// size and time, which the daemon's stat header carries.
    public var entry: LayerEntry
}
