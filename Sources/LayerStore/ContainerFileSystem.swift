/// A writable filesystem over read-only layers, as overlayfs gives a container: reads fall through to
/// the image's layers, writes land in an upper layer (a changed lower file is copied up whole), and
/// deletions of lower paths become whiteouts. The upper layer is what `docker diff` lists and what
/// a container keeps; `committedLayer` is the layer Docker makes of it (`docker commit`, a build step).
public struct ContainerFileSystem: Sendable {
    public let lower: UnionView
    /// The upper layer's entries and deletions, by absolute path.
    private(set) var upper: [String: Layer.Change] = [:]
    /// Directories recreated after a deletion: their lower contents stay hidden.
    private(set) var opaque: Set<String> = []
    /// What the runtime mounts over these files (devices, `/proc`, `/etc/hosts`…): seen and written
    /// by processes, never part of `changes`, `diff` or `committedLayer`.
    public var mounts = RuntimeMounts()

    public init(lower: UnionView) {
        self.lower = lower
    }

    /// A filesystem whose upper layer already holds `changes` (a container restored from disk).
    public init(lower: UnionView, changes: Layer) {
        self.lower = lower
        for change in changes.changes {
            switch change {
            case .opaque(let directory): opaque.insert(LayerPath.normalize(directory))
            case .put(let entry): upper[LayerPath.normalize(entry.path)] = change
            case .delete(let path): upper[LayerPath.normalize(path)] = change
            }
        }
    }

    /// The entry a process sees at `path` (symlinks not followed).
    public func entry(at path: String) -> LayerEntry? {
        let path = LayerPath.normalize(path)
        if path == "/" { return .directory("/") }
        if !mounts.isEmpty {
            if let mounted = mounts.entry(at: path) {
                // A folder Docker makes only for its mounts (`/etc` of a `scratch` image) yields to the image's own.
                if mounted.isDirectory, !mounts.isMountPoint(path), !mounts.isCovered(path), let own = ownEntry(at: path) { return own }
                return mounted
            }
            if mounts.isCovered(path) { return nil }
        }
        return ownEntry(at: path)
    }

    /// The entry of the image's layers and the upper layer at a normalized path, mounts aside.
    private func ownEntry(at path: String) -> LayerEntry? {
        switch upper[path] {
        case .put(let entry)?: return entry
        case .delete?: return nil
        default: break
        }
        guard lowerVisible(path) else { return nil }
        return lower.resolve(path)?.entry
    }

    /// Whether the lower layers' version of `path` shows through (no upper ancestor deletes, replaces
    /// or makes opaque the folder it is in).
    private func lowerVisible(_ path: String) -> Bool {
        var ancestor = LayerPath.parent(of: path)
        while true {
            if opaque.contains(ancestor) { return false }
            switch upper[ancestor] {
            case .delete?: return false
            case .put(let entry)? where !entry.isDirectory: return false
            default: break
            }
            if ancestor == "/" { return true }
            ancestor = LayerPath.parent(of: ancestor)
        }
    }

    /// Follows symlinks (up to 40, as Linux does) to the path a name finally refers to.
    public func resolvingSymlinks(_ path: String) -> String {
        var current = LayerPath.normalize(path)
        for _ in 0..<40 {
            // Resolve the parent first, so links in the middle of a path work too.
            let parent = LayerPath.parent(of: current)
            let resolvedParent = parent == "/" ? "/" : resolvingSymlinks(parent)
            let name = current.split(separator: "/").last.map(String.init) ?? ""
            current = resolvedParent == "/" ? "/" + name : resolvedParent + "/" + name
            guard case .symlink(let target)? = entry(at: current)?.kind else { return current }
            current = LayerPath.normalize(target.hasPrefix("/") ? target : LayerPath.parent(of: current) + "/" + target)
        }
        return current
    }

    /// Names inside a directory, sorted.
    public func children(of directory: String) -> [String] {
        let directory = LayerPath.normalize(directory)
        if mounts.isMountPoint(directory) || mounts.isCovered(directory) { return mounts.children(of: directory) }
        var names = Set<String>(mounts.children(of: directory))
        if lowerVisible(directory + "/x") && !opaque.contains(directory) {
            for name in lower.children(of: directory) where entry(at: join(directory, name)) != nil { names.insert(name) }
        }
        for (path, change) in upper where LayerPath.parent(of: path) == directory && path != "/" {
            if case .put = change { names.insert(String(path.split(separator: "/").last!)) }
        }
        return names.sorted()
    }

    /// The folders on the way to `path` (itself included) that do not exist yet, outermost first.
    public func missingDirectories(to path: String) -> [String] {
        var missing: [String] = []
        var current = LayerPath.normalize(path)
        while current != "/", entry(at: current) == nil {
            missing.append(current)
            current = LayerPath.parent(of: current)
        }
        return missing.reversed()
    }

    /// Creates `path` and any missing parents, as `mkdir -p` does, owned by `uid:gid`.
    public mutating func createDirectories(_ path: String, uid: Int = 0, gid: Int = 0) {
        for directory in missingDirectories(to: path) { write(.directory(directory, uid: uid, gid: gid)) }
    }

    /// Creates or replaces an entry (parents must exist).
    public mutating func write(_ entry: LayerEntry) {
        var entry = entry
        entry.path = LayerPath.normalize(entry.path)
        if mounts.holds(entry.path) {
            mounts.write(entry)
            return
        }
        let previous = self.entry(at: entry.path)
        if entry.isDirectory, previous == nil, lower.resolve(entry.path) != nil {
            // Recreating a deleted directory must not bring its old contents back.
            opaque.insert(entry.path)
        }
        if let previous, previous.isDirectory, !entry.isDirectory {
            removeUpperDescendants(of: entry.path)
        }
        upper[entry.path] = .put(entry)
    }

    /// Deletes a path and everything below it; a mount point stays (the kernel's "Device or resource
    /// busy"), and what is inside a mounted folder goes from the mount.
    public mutating func remove(_ path: String) {
        let path = LayerPath.normalize(path)
        if mounts.holds(path) {
            if !mounts.isMountPoint(path) { mounts.remove(path) }
            return
        }
        removeUpperDescendants(of: path)
        opaque.remove(path)
        if lowerVisible(path) && lower.resolve(path) != nil {
            upper[path] = .delete(path)
        } else {
            upper[path] = nil
        }
    }

    private mutating func removeUpperDescendants(of path: String) {
        for key in upper.keys where key.hasPrefix(path + "/") { upper[key] = nil }
        for key in opaque where key.hasPrefix(path + "/") { opaque.remove(key) }
    }

    /// The upper layer: what this filesystem changed.
    public var changes: Layer {
        Layer(changes: opaque.sorted().map { .opaque($0) } + upper.keys.sorted().map { upper[$0]! })
    }

    /// `docker diff`: `A` added, `C` changed, `D` deleted, with changed parents listed as `C`.
    public var diff: [(kind: Character, path: String)] {
        var result: [String: Character] = [:]
        for (path, change) in upper {
            switch change {
            case .put: result[path] = lower.resolve(path) == nil ? "A" : "C"
            case .delete: result[path] = "D"
            case .opaque: break
            }
            var parent = LayerPath.parent(of: path)
            while parent != "/" {
                if result[parent] == nil, lower.resolve(parent) != nil { result[parent] = "C" }
                parent = LayerPath.parent(of: parent)
            }
        }
        return result.keys.sorted().map { (result[$0]!, $0) }
    }

    private func join(_ directory: String, _ name: String) -> String {
        directory == "/" ? "/" + name : directory + "/" + name
    }
}
