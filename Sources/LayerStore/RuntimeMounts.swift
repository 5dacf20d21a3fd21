/// What the container runtime puts over a container's own files: a tmpfs of devices on `/dev`, the
/// proc filesystem on `/proc`, and the `/etc/hosts`, `/etc/hostname` and `/etc/resolv.conf` Docker
/// writes for each container (and BuildKit for each RUN). Processes see them and may write to them,
/// but they belong to no layer: `docker diff`, `docker commit` and a build step never take them
/// (moby keeps them in the container's "-init" layer and its own folder, below what Diff compares).
public struct RuntimeMounts: Codable, Hashable, Sendable {
    /// What is mounted, by absolute path: the mount points, what is inside the mounted folders, and
    /// the folders Docker makes for them when an image has none (`/etc` in a `scratch` image).
    public private(set) var entries: [String: LayerEntry]
    // Sorted lists rather than sets, so a container's record is written the same way each time.
    /// Folders mounted over whatever the image has there: nothing of the image's shows inside them.
    public let coveredFolders: [String]
    /// Files mounted one by one (`/etc/hosts`): they cannot be removed, only written.
    public let mountedFiles: [String]
    /// Paths no process may write (BuildKit's `/etc/hosts`).
    public let readOnly: [String]

    /// Nothing mounted: a filesystem as a layer sees it.
    public init() {
        entries = [:]
        coveredFolders = []
        mountedFiles = []
        readOnly = []
    }

    public init(entries: [LayerEntry], coveredFolders: Set<String>, mountedFiles: Set<String>, readOnly: Set<String>) {
        self.entries = Dictionary(entries.map { (LayerPath.normalize($0.path), $0) }, uniquingKeysWith: { _, last in last })
        self.coveredFolders = coveredFolders.sorted()
        self.mountedFiles = mountedFiles.sorted()
        self.readOnly = readOnly.sorted()
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The mounted entry at a normalized path, if any.
    public func entry(at path: String) -> LayerEntry? { entries[path] }

    /// Whether `path` is a mount point: removing it fails as the kernel's "Device or resource busy".
    public func isMountPoint(_ path: String) -> Bool {
        coveredFolders.contains(path) || mountedFiles.contains(path)
    }

    /// Whether `path` lies inside a mounted folder, where only the mount's own entries exist.
    public func isCovered(_ path: String) -> Bool {
        var folder = LayerPath.parent(of: path)
        while true {
            if coveredFolders.contains(folder) { return true }
            if folder == "/" { return false }
            folder = LayerPath.parent(of: folder)
        }
    }

    /// Whether a write to `path` lands in the mounts (a mounted file, or inside a mounted folder).
    public func holds(_ path: String) -> Bool {
        mountedFiles.contains(path) || isCovered(path) || coveredFolders.contains(path)
    }

    /// The names directly inside a folder that the mounts add there, sorted.
    public func children(of directory: String) -> [String] {
        entries.keys.filter { $0 != directory && LayerPath.parent(of: $0) == directory }.map(LayerPath.name(of:)).sorted()
    }

    mutating func write(_ entry: LayerEntry) {
        entries[entry.path] = entry
    }

    mutating func remove(_ path: String) {
        for key in entries.keys where key == path || key.hasPrefix(path + "/") { entries[key] = nil }
    }
}
