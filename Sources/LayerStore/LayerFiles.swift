import Foundation
import ImageModel
import LayerlabBasics

/// How layers are kept on disk: each layer's entries as JSON, and the bytes of each large file in a
/// file of its own beside it, so a big COPY is written once as raw bytes, not re-encoded as base64
/// text. The engine keeps its layers this way, and so does each simulated registry.
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

    /// Writes `layer` under `key` (its diffID in the engine, its blob digest in a registry).
    public func write(_ layer: Layer, key: Digest) throws(StoreError) {
        var changes: [Layer.Change] = []
        changes.reserveCapacity(layer.changes.count)
        for change in layer.changes {
            guard case .put(var entry) = change, case .file(let content) = entry.kind else {
                changes.append(change)
                continue
            }
            switch content {
            case .bytes(let data) where data.count >= Self.inlineContentLimit:
                // Named after the path, which is unique in a layer: hashing the bytes again would cost a pass.
                let relative = "\(contentFolder(key))/\(Digest.sha256(of: entry.path).hex)"
                if !folder.exists(relative) { try folder.write(data, to: relative) }
                entry.kind = .file(.stored(path: relative, size: Int64(data.count)))
            case .stored(let path, let size) where path.hasPrefix("/"):
                // A file that came from another layer (or store) gets its own copy: layers are removed one by one.
                let relative = "\(contentFolder(key))/\(Digest.sha256(of: entry.path).hex)"
                let target = folder.url(relative).path
                if !FileManager.default.fileExists(atPath: target) {
                    do {
                        try FileManager.default.createDirectory(atPath: folder.url(contentFolder(key)).path, withIntermediateDirectories: true)
                        try FileManager.default.copyItem(atPath: path, toPath: target)
                    } catch {
                        throw StoreError("cannot copy \(path) into \(folder.root.path): \(error.localizedDescription)")
                    }
                }
                entry.kind = .file(.stored(path: relative, size: size))
            default:
                break
            }
            changes.append(.put(entry))
        }
        let data: Data
        do {
            data = try CanonicalJSON.encoder.encode(Layer(changes: changes))
        } catch {
            throw StoreError("cannot encode the layer \(key): \(error)")
        }
        try folder.write(data, to: layerPath(key))
    }

    /// The layer, or nil when it is not stored; stored contents come back as files to read on demand.
    public func read(_ key: Digest) throws(StoreError) -> Layer? {
        guard let data = folder.read(layerPath(key)) else { return nil }
        let stored: Layer
        do {
            stored = try CanonicalJSON.decoder.decode(Layer.self, from: data)
        } catch {
            throw StoreError("the layer \(key) in \(folder.root.path) is damaged: \(error)")
        }
        return Layer(changes: stored.changes.map { change in
            guard case .put(var entry) = change, case .file(.stored(let path, let size)) = entry.kind, !path.hasPrefix("/") else { return change }
            entry.kind = .file(.stored(path: folder.url(path).path, size: size))
            return .put(entry)
        })
    }

    public func remove(_ key: Digest) {
        folder.remove(layerPath(key))
        folder.remove(contentFolder(key))
    }
}
