/// The one owner of whiteout naming (OCI image-spec `layer.md`): a file `.wh.NAME` in a layer deletes
/// NAME from the layers below, and `.wh..wh..opq` in a directory hides everything below it from lower layers.
public enum Whiteout {
    public static let prefix = ".wh."
    public static let opaqueMarker = ".wh..wh..opq"

    /// The tar path that deletes `path` (`etc/old.conf` → `etc/.wh.old.conf`).
    public static func deletionPath(for path: String) -> String {
        let (parent, name) = split(path)
        return join(parent, prefix + name)
    }

    /// The tar path that makes `directory` opaque.
    public static func opaquePath(for directory: String) -> String {
        join(directory, opaqueMarker)
    }

    /// What a tar entry name means: an ordinary path, a deletion, or an opaque directory.
    public enum Meaning: Equatable, Sendable {
        case ordinary
        case deletes(String)
        case makesOpaque(String)
    }

    public static func meaning(of path: String) -> Meaning {
        let (parent, name) = split(path)
        if name == opaqueMarker { return .makesOpaque(parent) }
        if name.hasPrefix(prefix) { return .deletes(join(parent, String(name.dropFirst(prefix.count)))) }
        return .ordinary
    }

    static func split(_ path: String) -> (String, String) {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return ("", trimmed) }
        return (String(trimmed[..<slash]), String(trimmed[trimmed.index(after: slash)...]))
    }

    static func join(_ parent: String, _ name: String) -> String {
        parent.isEmpty ? name : parent + "/" + name
    }
}
