/// What a prune removed and the bytes it freed, as moby's prune reports give them
/// (ContainersDeleted, ImagesDeleted, CachesDeleted; SpaceReclaimed).
public struct PruneReport<Deleted: Sendable & Equatable>: Sendable, Equatable {
    public var deleted: [Deleted]
    public var spaceReclaimed: Int64
}
