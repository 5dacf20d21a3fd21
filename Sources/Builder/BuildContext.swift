import Dockerfile
import Foundation
import GoSemantics
import LayerlabBasics
import LayerStore

/// The files a build may COPY: the context folder less what `.dockerignore` excludes, read once.
public struct BuildContext: Sendable {
    public struct File: Sendable {
        /// Relative to the context root, slash-separated.
        public var path: String
        public var isDirectory: Bool
        public var mode: UInt32
        /// Small files' bytes; large files stay in the context and are read when the build needs them.
        public var content: FileContent
        /// Set for a symlink: where it points, as written.
        public var linkTarget: String?
        /// When it was last written (fsutil's metadata differ compares it).
        public var modified: Date?
    }

    public let files: [String: File]

    /// Reads `root`, honouring `.dockerignore` as BuildKit's context walk does. Symlinks are kept as
    /// links, never followed out of the context.
    public init(root: URL) throws(BuildError) {
        let matcher = try Self.ignoreMatcher(inside: root)
        var files: [String: File] = [:]
        // An excluded folder is still walked when a `!` exception may bring something inside it back
        // (fsutil's walker); it is sent only as the parent of what comes back.
        func walk(_ relative: String, excluded folderExcluded: Bool = false) {
            let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                let child = root.appendingPathComponent(path)
                let attributes = (try? FileManager.default.attributesOfItem(atPath: child.path)) ?? [:]
                if (try? matcher?.isExcluded(path)) ?? false {
                    if attributes[.type] as? FileAttributeType == .typeDirectory, matcher?.hasExceptions == true { walk(path, excluded: true) }
                    continue
                }
                if folderExcluded { addParents(of: path) }
                let mode = UInt32((attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o644)
                if attributes[.type] as? FileAttributeType == .typeSymbolicLink {
                    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: child.path)) ?? ""
                    files[path] = File(path: path, isDirectory: false, mode: 0o777, content: .bytes(Data()), linkTarget: target)
                    continue
                }
                if attributes[.type] as? FileAttributeType == .typeDirectory {
                    files[path] = File(path: path, isDirectory: true, mode: mode, content: .bytes(Data()))
                    walk(path)
                } else {
                    let fileSize = (attributes[.size] as? NSNumber)?.int64Value ?? 0
                    // A large file is named, not read: the build hashes it and the store copies it
                    // (in the kernel), so its bytes never need to sit in memory.
                    let content: FileContent = fileSize >= LayerFiles.inlineContentLimit
                        ? .stored(path: child.path, size: fileSize)
                        : .bytes(FileManager.default.contents(atPath: child.path) ?? Data())
                    files[path] = File(path: path, isDirectory: false, mode: mode, content: content,
                                       modified: attributes[.modificationDate] as? Date)
                }
            }
        }
        // The folders above a file an exception brought back, as they are in the context.
        func addParents(of path: String) {
            var parent = (path as NSString).deletingLastPathComponent
            while !parent.isEmpty, files[parent] == nil {
                let attributes = (try? FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(parent).path)) ?? [:]
                files[parent] = File(path: parent, isDirectory: true, mode: UInt32((attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o755), content: .bytes(Data()))
                parent = (parent as NSString).deletingLastPathComponent
            }
        }
        walk("")
        self.files = files
    }

    init(files: [String: File]) {
        self.files = files
    }

    /// The context's `.dockerignore`, nil when it has none. One that is a link out of the context is not
    /// read (BuildKit sees the context alone).
    static func ignoreMatcher(inside root: URL) throws(BuildError) -> DockerignoreMatcher? {
        try ignoreMatcher(ContainedPath.resolve([".dockerignore"], inside: root).flatMap { FileManager.default.contents(atPath: $0) })
    }

    /// The patterns of a `.dockerignore`'s text, nil when there is none.
    static func ignoreMatcher(_ data: Data?) throws(BuildError) -> DockerignoreMatcher? {
        guard let data else { return nil }
        do {
            return try DockerignoreMatcher(patterns: DockerignoreFile.patterns(from: String(decoding: data, as: UTF8.self)))
        } catch {
            throw BuildError.failed("failed to read .dockerignore: \(error)")
        }
    }

    /// What BuildKit sends of the context: the paths it follows (nil: all of it; see `ContextPaths`) with
    /// what is under them and the folders above them, in walk order. A file whose size, mode and time are
    /// those of the last transfer from this folder sends its metadata only (fsutil's metadata differ
    /// against BuildKit's copy of it). The snapshot is what the daemon then holds: the files of this
    /// transfer, and no others.
    func transfer(following followed: [String]?, previously: ContextSnapshot? = nil) -> (transfer: FsutilTransfer, snapshot: ContextSnapshot) {
        let included = followed.map { sentPaths(following: $0) } ?? Set(files.keys)
        var entries: [FsutilTransfer.Entry] = []
        var snapshot = ContextSnapshot(files: [:])
        for path in included.sorted() {
            guard let file = files[path] else { continue }
            let kind: FsutilTransfer.Entry.Kind = file.linkTarget != nil ? .symlink : file.isDirectory ? .directory : .file
            var sendsContent = true
            if kind == .file {
                let stat = ContextSnapshot.Stat(file)
                sendsContent = previously?.files[path] != stat
                snapshot.files[path] = stat
            }
            entries.append(FsutilTransfer.Entry(path: path, permissions: file.mode, size: Int(file.content.size), kind: kind,
                                                linkTarget: file.linkTarget ?? "", sendsContent: sendsContent))
        }
        return (FsutilTransfer(entries: entries), snapshot)
    }

    /// The paths fsutil sends when asked to follow `followed`: the links on them resolved
    /// (`followingLinks`), then each path of the context that those match as include patterns, with the
    /// folders above it. Include patterns are matched as `.dockerignore` patterns are (moby/patternmatcher,
    /// the walk's parent results carried down), so what is under a followed folder goes with it.
    func sentPaths(following followed: [String]) -> Set<String> {
        guard let patterns = followingLinks(followed) else { return Set(files.keys) }
        // A pattern patternmatcher rejects makes fsutil refuse the transfer, and the COPY naming it
        // fails on its own; here it follows only the path spelled exactly.
        let matcher = try? DockerignoreMatcher(patterns: patterns)
        var included: Set<String> = []
        for path in files.keys {
            let follows = matcher.map { (try? $0.isExcluded(path)) ?? false } ?? patterns.contains(path)
            guard follows else { continue }
            var current = path
            included.insert(current)
            while let slash = current.lastIndex(of: "/") {
                current = String(current[..<slash])
                included.insert(current)
            }
        }
        return included
    }

    /// The files and folders a COPY source names (globs allowed), or nil when nothing matches.
    public func match(_ source: String) -> [File]? {
        let cleaned = LayerPath.normalize("/" + source).dropFirst()
        if cleaned.isEmpty { return [File(path: "", isDirectory: true, mode: 0o755, content: .bytes(Data()))] }
        if let exact = files[String(cleaned)] { return resolvingLink(exact).map { [$0] } }
        let matches = files.values.filter { Self.matches(String(cleaned), $0.path) }
        let resolved = matches.compactMap { resolvingLink($0) }
        return resolved.isEmpty ? nil : resolved.sorted { $0.path < $1.path }
    }

    /// Whether a COPY source pattern names `path`: Go's `filepath.Match` over the whole relative path,
    /// a malformed pattern naming nothing (fsutil's `resolveWildcards` ignores Match's error).
    static func matches(_ pattern: String, _ path: String) -> Bool {
        (try? GoFilepath.match(pattern, path)) ?? false
    }

    /// A source that is a symlink copies what it points at, looked up inside the context as BuildKit
    /// does (an absolute target or `..` never leaves it); nil when that is not in the context.
    func resolvingLink(_ file: File, depth: Int = 0) -> File? {
        guard let target = file.linkTarget else { return file }
        guard depth < 40 else { return nil }
        let base = target.hasPrefix("/") ? "/" : "/" + LayerPath.parent(of: "/" + file.path)
        let inside = String(LayerPath.normalize(base + "/" + target).dropFirst())
        guard var found = inside.isEmpty ? File(path: "", isDirectory: true, mode: 0o755, content: .bytes(Data())) : files[inside] else { return nil }
        found = resolvingLink(found, depth: depth + 1) ?? found
        guard found.linkTarget == nil else { return nil }
        // The copy is named after the link, with the target's content.
        return found.isDirectory ? found : File(path: file.path, isDirectory: false, mode: found.mode, content: found.content)
    }

    /// Everything below a folder of the context (relative paths under it).
    public func contents(of folder: String) -> [File] {
        let prefix = folder.isEmpty ? "" : folder + "/"
        return files.values.filter { $0.path.hasPrefix(prefix) && $0.path != folder }.sorted { $0.path < $1.path }
    }
}

/// Why a build stopped, in BuildKit's words.
public enum BuildError: Error, Equatable, Sendable {
    case failed(String)
}
