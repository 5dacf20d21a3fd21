extension ContainerFileSystem {
    /// The layer Docker stores when these changes are committed (a build step of either builder, `docker
    /// commit`). overlay2 reads its upper folder only on a kernel without redirect_dir; elsewhere, as on
    /// the reference engine, it compares the container's tree with its image's (moby v28.2.2
    /// daemon/graphdriver/overlay2/overlay.go Diff, check.go doesSupportNativeDiff; go-archive
    /// changes.go ChangesDirs, then ExportChanges). So the layer never holds an opaque marker: a folder
    /// deleted and made again holds a whiteout for each old entry that did not come back. An entry is
    /// kept when it is new, a file written, or a folder whose type, mode or owner changed (changes_unix.go
    /// statDifferent ignores a folder's time); and every folder above a kept entry or a whiteout is kept
    /// too (addChanges), the root excepted.
    public var committedLayer: Layer {
        var kept: [String: Layer.Change] = [:]
        for (path, change) in upper {
            guard case .put(let entry) = change else {
                kept[path] = change
                continue
            }
            let old = lower.resolve(path)?.entry
            if let old, old.isDirectory, entry.isDirectory, old.mode == entry.mode, old.uid == entry.uid, old.gid == entry.gid { continue }
            kept[path] = change
        }
        // In a folder whose lower contents are hidden (made again after a deletion), every old entry not
        // made again is gone, each with its own whiteout.
        for (path, change) in upper where opaque.contains(where: { LayerPath.isInside(path, $0) }) {
            guard case .put(let entry) = change, entry.isDirectory, lower.resolve(path)?.entry.isDirectory == true else { continue }
            for name in lower.children(of: path) {
                let child = path == "/" ? "/" + name : path + "/" + name
                if self.entry(at: child) == nil { kept[child] = .delete(child) }
            }
        }
        var walked: Set<String> = []
        for path in Array(kept.keys) {
            var folder = LayerPath.parent(of: path)
            while folder != "/", walked.insert(folder).inserted {
                if kept[folder] == nil, let present = self.entry(at: folder) { kept[folder] = .put(present) }
                folder = LayerPath.parent(of: folder)
            }
        }
        return Layer(changes: kept.keys.sorted().map { kept[$0]! })
    }
}
