/// The daemon's lists that take filters.
public enum ListedObjects: Sendable, Equatable {
    case containers, images, volumes
}
