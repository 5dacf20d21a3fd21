/// One file, directory, symlink or device in a layer, with the metadata a tar header carries.
public struct LayerEntry: Codable, Hashable, Sendable {
    public enum Kind: Codable, Hashable, Sendable {
        case file(FileContent)
        case directory
        case symlink(target: String)
        /// A character device (`/dev/null` is 1, 3): what reading and writing it do is the kernel's
        /// driver for those numbers. The runtime mounts them in a container; layers rarely have any.
        case characterDevice(major: Int, minor: Int)
    }

    /// Absolute, normalized: `/etc/passwd`.
    public var path: String
    public var kind: Kind
    /// Permission bits, e.g. 0o644.
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    /// Seconds since 1970; fixed by the builder so digests do not depend on when a build ran.
    public var modificationTime: Int64

    public init(path: String, kind: Kind, mode: UInt32? = nil, uid: Int = 0, gid: Int = 0, modificationTime: Int64 = 0) {
        self.path = path
        self.kind = kind
        self.mode = mode ?? Self.defaultMode(for: kind)
        self.uid = uid
        self.gid = gid
        self.modificationTime = modificationTime
    }

    public static func file(_ path: String, _ content: FileContent, mode: UInt32 = 0o644, uid: Int = 0, gid: Int = 0) -> LayerEntry {
        LayerEntry(path: path, kind: .file(content), mode: mode, uid: uid, gid: gid)
    }

    public static func directory(_ path: String, mode: UInt32 = 0o755, uid: Int = 0, gid: Int = 0) -> LayerEntry {
        LayerEntry(path: path, kind: .directory, mode: mode, uid: uid, gid: gid)
    }

    public static func symlink(_ path: String, to target: String) -> LayerEntry {
        LayerEntry(path: path, kind: .symlink(target: target), mode: 0o777)
    }

    static func defaultMode(for kind: Kind) -> UInt32 {
        switch kind {
        case .file: 0o644
        case .directory: 0o755
        case .symlink: 0o777
        case .characterDevice: 0o666
        }
    }

    /// Bytes the entry takes as Docker counts layer sizes: a file's content, a symlink's target text,
    /// nothing for a directory or a device.
    public var contentSize: Int64 {
        switch kind {
        case .file(let content): content.size
        case .symlink(let target): Int64(target.utf8.count)
        case .directory, .characterDevice: 0
        }
    }

    public var isDirectory: Bool {
        if case .directory = kind { return true }
        return false
    }
}
