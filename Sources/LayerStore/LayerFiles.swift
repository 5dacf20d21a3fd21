import Foundation
import ImageModel
import LayerlabBasics

/// How layers are kept on disk: each layer's entries as JSON, and the bytes of each large file in a
/// file of its own beside it, so a big COPY is written once as raw bytes, not re-encoded as base64
/// text. The engine keeps its layers this way, and so does each simulated registry.
///
/// Writing is two steps, `stage` then `commit`, because a layer's key (its diffID) is a digest of
/// the same bytes: staging copies the large files while the digest is computed beside it.
public struct LayerFiles: Sendable {
    /// Files at least this large keep their bytes outside the layer's JSON.
    public static let inlineContentLimit = 64 * 1024

    public let folder: StoreFolder

    public init(folder: StoreFolder) {
        self.folder = folder
    }

    func layerPath(_ key: Digest) -> String { "layers/\(key.hex).json" }
    func contentFolder(_ key: Digest) -> String { "layers/\(key.hex).contents" }

    public func contains(_ key: Digest) -> Bool { folder.exists(layerPath(key)) }

    /// Removes what a write killed half-way left behind: staging folders no layer names. Only for the
    /// store's owner at start (one process per home), when no write of its own is under way.
    public func removeAbandonedStaging() {
        for name in folder.list("layers", includingHidden: true) where name.hasPrefix(".staging-") { folder.remove("layers/\(name)") }
    }

    /// Writes `layer` under `key` (its diffID in the engine, its blob digest in a registry).
    public func write(_ layer: Layer, key: Digest) throws(StoreError) {
        try commit(stage(layer), key: key)
    }

    /// Copies the layer's large files into a hidden folder of the store, ready to take a key. A file
    /// made of parts (`FileContent.pieces`) keeps each large part in a file of its own.
    public func stage(_ layer: Layer) throws(StoreError) -> StagedLayer {
        let staging = "layers/.staging-\(UUID().uuidString)"
        var copiedAny = false
        var changes: [Layer.Change] = []
        changes.reserveCapacity(layer.changes.count)
        do {
            for change in layer.changes {
                guard case .put(var entry) = change, case .file(let content) = entry.kind else {
                    changes.append(change)
                    continue
                }
                // Named after the path, which is unique in a layer: hashing the bytes again would cost a pass.
                let name = Digest.sha256(of: entry.path).hex
                var staged: [FileContent: String] = [:]
                let kept = try content.mappingParts { (part: FileContent) throws(StoreError) -> FileContent in
                    if let file = staged[part] { return .stored(path: file, size: part.size) }
                    let file = staged.isEmpty ? name : "\(name).\(staged.count)"
                    switch part {
                    case .bytes(let data) where data.count >= Self.inlineContentLimit:
                        try folder.write(data, to: "\(staging)/\(file)")
                    case .stored(let path, let size) where path.hasPrefix("/"):
                        // A file from another layer, store or the build context gets its own copy: layers are
                        // removed one by one, and a context file may change after the build.
                        try folder.copy(fileAt: path, size: size, to: "\(staging)/\(file)")
                    default:
                        return part
                    }
                    staged[part] = file
                    return .stored(path: file, size: part.size)
                }
                copiedAny = copiedAny || !staged.isEmpty
                entry.kind = .file(kept)
                changes.append(.put(entry))
            }
        } catch {
            folder.remove(staging)
            throw error
        }
        return StagedLayer(changes: changes, folder: copiedAny ? staging : nil)
    }

    /// Gives a staged layer its key: its files' folder is renamed into place, then its JSON written.
    public func commit(_ staged: StagedLayer, key: Digest) throws(StoreError) {
        let contents = contentFolder(key)
        if let staging = staged.folder {
            // Left by an interrupted write: nothing names it until the JSON below exists.
            folder.remove(contents)
            try folder.move(staging, to: contents)
        }
        let changes = Self.mappingStoredPaths(staged.changes) { "\(contents)/\($0)" }
        let data: Data
        do {
            data = try SortedKeysJSON.encoder.encode(Layer(changes: changes))
        } catch {
            throw StoreError("cannot encode the layer \(key): \(error)")
        }
        try folder.write(data, to: layerPath(key))
    }

    /// Drops a staged layer that turned out to be stored already.
    public func discard(_ staged: StagedLayer) {
        if let staging = staged.folder { folder.remove(staging) }
    }

    /// The layer, or nil when it is not stored; stored contents come back as files to read on demand.
    public func read(_ key: Digest) throws(StoreError) -> Layer? {
        guard let data = folder.read(layerPath(key)) else { return nil }
        let stored: Layer
        do {
            stored = try SortedKeysJSON.decoder.decode(Layer.self, from: data)
        } catch {
            throw StoreError("the layer \(key) in \(folder.root.path) is damaged: \(error)")
        }
        return Layer(changes: Self.mappingStoredPaths(stored.changes) { folder.url($0).path })
    }

    /// The changes with each stored part's path that is relative to the store (not starting with
    /// `/`) replaced by `transform`'s result.
    private static func mappingStoredPaths(_ changes: [Layer.Change], _ transform: (String) -> String) -> [Layer.Change] {
        changes.map { change in
            guard case .put(var entry) = change, case .file(let content) = entry.kind else { return change }
            entry.kind = .file(content.mappingParts { part in
                guard case .stored(let path, let size) = part, !path.hasPrefix("/") else { return part }
                return .stored(path: transform(path), size: size)
            })
            return .put(entry)
        }
    }

    public func remove(_ key: Digest) {
        folder.remove(layerPath(key))
        folder.remove(contentFolder(key))
    }
}
