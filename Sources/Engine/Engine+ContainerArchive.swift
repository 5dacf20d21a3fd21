import Foundation
import GoSemantics
import LayerStore

/// A container's files as `docker cp` reaches them through the daemon's archive endpoints: stat a
/// path, read a file or folder as entries, extract entries into a folder.
extension Engine {
    /// The most `docker cp` copies either way: a container's layer is kept in its record, and the
    /// workspace is the learner's own folder, not a place for a whole image's files.
    public static let copySizeLimit: Int64 = 64_000_000

    /// `HEAD /containers/{id}/archive?path=`: the path itself must exist (a link counts, wherever it
    /// leads); what it leads to is followed through links.
    public func statPath(_ path: String, in nameOrID: String) throws(EngineError) -> ContainerPathStat {
        let fileSystem = try containerFiles(nameOrID)
        let normalized = LayerPath.normalize("/" + path)
        let own = LayerPath.normalize(fileSystem.resolvingSymlinks(LayerPath.parent(of: normalized)) + "/" + LayerPath.name(of: normalized))
        guard let entry = fileSystem.entry(at: own) else { throw .pathNotFound(path: normalized, container: nameOrID) }
        let resolved = fileSystem.resolvingSymlinks(normalized)
        let target = fileSystem.entry(at: resolved)
        return ContainerPathStat(isDirectory: target?.isDirectory ?? false, targetExists: target != nil, resolvedPath: resolved, entry: entry)
    }

    /// `GET /containers/{id}/archive?path=`: the file or folder at `path` (a link at its end taken as
    /// the link), itself first with the path "" and then what is below it, each folder before its
    /// contents, paths relative to it.
    public func archive(_ path: String, in nameOrID: String) throws(EngineError) -> [LayerEntry] {
        let fileSystem = try containerFiles(nameOrID)
        let normalized = LayerPath.normalize("/" + path)
        let resolved = LayerPath.normalize(fileSystem.resolvingSymlinks(LayerPath.parent(of: normalized)) + "/" + LayerPath.name(of: normalized))
        guard let top = fileSystem.entry(at: resolved) else { throw .pathNotFound(path: normalized, container: nameOrID) }
        var entries: [LayerEntry] = []
        func add(_ entry: LayerEntry, as relative: String) {
            var copy = entry
            copy.path = relative
            entries.append(copy)
            guard entry.isDirectory else { return }
            for name in fileSystem.children(of: entry.path) {
                if let child = fileSystem.entry(at: entry.path == "/" ? "/" + name : entry.path + "/" + name) {
                    add(child, as: relative.isEmpty ? name : relative + "/" + name)
                }
            }
        }
        add(top, as: "")
        return entries
    }

    /// `PUT /containers/{id}/archive?path=`: writes entries (paths relative to the folder) into a
    /// folder that must exist, its links followed; the container may be running or not. With
    /// `noOverwriteDirNonDir` (what the CLI asks), an entry may not turn a folder into a file or a file
    /// into a folder, and nothing is written when one would (moby/go-archive's Unpack).
    public func extract(_ entries: [LayerEntry], into directory: String, in nameOrID: String, noOverwriteDirNonDir: Bool = false) throws(EngineError) {
        guard var container = container(nameOrID) else { throw .noSuchContainer(nameOrID) }
        var fileSystem = try fileSystem(for: container)
        let resolved = fileSystem.resolvingSymlinks(LayerPath.normalize("/" + directory))
        guard let point = fileSystem.entry(at: resolved) else { throw .pathNotFound(path: resolved, container: nameOrID) }
        guard point.isDirectory else { throw .invalidRequest("extraction point is not a directory") }
        for var entry in entries {
            entry.path = LayerPath.normalize(resolved + (entry.path.isEmpty ? "" : "/" + entry.path))
            if noOverwriteDirNonDir, let existing = fileSystem.entry(at: entry.path), existing.isDirectory != entry.isDirectory {
                let (was, now) = existing.isDirectory ? ("directory", "non-directory") : ("non-directory", "directory")
                throw .daemon("cannot overwrite \(was) \(GoQuote.string(entry.path)) with \(now) \(GoQuote.string(resolved))")
            }
            fileSystem.write(entry)
        }
        container.changes = fileSystem.changes
        try save(container)
    }

    private func containerFiles(_ nameOrID: String) throws(EngineError) -> ContainerFileSystem {
        guard let container = container(nameOrID) else { throw .noSuchContainer(nameOrID) }
        return try fileSystem(for: container)
    }
}
