import Foundation
import LayerlabBasics

/// DiffIDs of layers already hashed in this process, by the layer itself. A replayed exercise builds
/// the same `RUN apt-get install …` layer in each fresh world, and hashing its megabytes of package
/// files again was a fifth of `pack test`. Only layers that are all in memory and small there qualify:
/// a layer with a stored file could be equal and still read other bytes.
final class LayerDigestMemo: @unchecked Sendable {
    static let shared = LayerDigestMemo()

    /// Past this many layers the memo starts again: the layers a course builds are few.
    private static let limit = 256
    /// Bytes a remembered layer may hold in memory (its small files' contents).
    private static let residentLimit: Int64 = 1 << 20

    private let lock = NSLock()
    private var known: [Layer: (digest: Digest, size: Int64)] = [:]

    /// The layer's diffID and tar size, worked out by `compute` unless remembered.
    func diffID(of layer: Layer, compute: () -> (digest: Digest, size: Int64)) -> (digest: Digest, size: Int64) {
        guard Self.qualifies(layer) else { return compute() }
        if let found = lock.withLock({ known[layer] }) { return found }
        let result = compute()
        lock.withLock {
            if known.count >= Self.limit { known.removeAll(keepingCapacity: true) }
            known[layer] = result
        }
        return result
    }

    private static func qualifies(_ layer: Layer) -> Bool {
        var resident: Int64 = 0
        for change in layer.changes {
            guard case .put(let entry) = change, case .file(let content) = entry.kind else { continue }
            guard !content.hasStoredPart else { return false }
            resident += content.residentBytes
            if resident > residentLimit { return false }
        }
        return true
    }
}
