import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// How a layer is kept on disk: its entries as JSON, and the bytes of each large file in a file of
/// its own beside it, so a big COPY is written once as raw bytes, not re-encoded as base64 text.
extension Engine {
    /// Files at least this large keep their bytes outside the layer's JSON.
    static let inlineContentLimit = 64 * 1024

    func layerPath(_ diffID: Digest) -> String { "layers/\(diffID.hex).json" }
    func contentFolder(_ diffID: Digest) -> String { "layers/\(diffID.hex).contents" }

    func writeLayer(_ layer: Layer, diffID: Digest) throws(EngineError) {
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
                let relative = "\(contentFolder(diffID))/\(Digest.sha256(of: entry.path).hex)"
                if !FileManager.default.fileExists(atPath: storage.url(relative).path) { try storage.write(data, to: relative) }
                entry.kind = .file(.stored(path: relative, size: Int64(data.count)))
            case .stored(let path, let size) where path.hasPrefix("/"):
                // A file that came from another layer gets its own copy: layers are removed one by one.
                let relative = "\(contentFolder(diffID))/\(Digest.sha256(of: entry.path).hex)"
                let target = storage.url(relative).path
                if !FileManager.default.fileExists(atPath: target) {
                    do {
                        try FileManager.default.createDirectory(atPath: storage.url(contentFolder(diffID)).path, withIntermediateDirectories: true)
                        try FileManager.default.copyItem(atPath: path, toPath: target)
                    } catch {
                        throw .storage("cannot copy \(path) into the layer store: \(error.localizedDescription)")
                    }
                }
                entry.kind = .file(.stored(path: relative, size: size))
            default:
                break
            }
            changes.append(.put(entry))
        }
        try storage.write(encode(Layer(changes: changes)), to: layerPath(diffID))
    }

    /// The layer, or nil when it is not stored; stored contents come back as files to read on demand.
    func readLayer(_ diffID: Digest) throws(EngineError) -> Layer? {
        guard let data = storage.read(layerPath(diffID)) else { return nil }
        let stored: Layer
        do {
            stored = try CanonicalJSON.decoder.decode(Layer.self, from: data)
        } catch {
            throw .storage("the layer \(diffID) is damaged: \(error)")
        }
        return Layer(changes: stored.changes.map { change in
            guard case .put(var entry) = change, case .file(.stored(let path, let size)) = entry.kind, !path.hasPrefix("/") else { return change }
            entry.kind = .file(.stored(path: storage.url(path).path, size: size))
            return .put(entry)
        })
    }

    func removeLayer(_ diffID: Digest) {
        storage.remove(layerPath(diffID))
        storage.remove(contentFolder(diffID))
    }
}
