import Foundation
import LayerlabBasics

/// DiffIDs of layers already hashed in this process, by the layer itself. A replayed exercise builds
/// the same `RUN apt-get install …` layer in each fresh world, and hashing its megabytes of package
/// files again was a fifth of `pack test`. Only layers that are all in memory and small there qualify:
/// a layer with a stored file could be equal and still read other bytes.
final class LayerDigestMemo: @unchecked Sendable {
    static let shared = LayerDigestMemo()

    /// What the memo may hold before it starts again: the layers a course builds are few, but a class
    /// check runs many worlds in one process.
    private static let changeLimit = 200_000
    private static let residentLimit: Int64 = 32 << 20
    /// Bytes one remembered layer may hold in memory (its small files' contents).
    private static let layerResidentLimit: Int64 = 1 << 20

    private let lock = NSLock()
    private var known: [Layer: (digest: Digest, size: Int64)] = [:]
    private var heldChanges = 0
    private var heldBytes: Int64 = 0

    /// The layer's diffID and tar size, worked out by `compute` unless remembered.
    func diffID(of layer: Layer, compute: () -> (digest: Digest, size: Int64)) -> (digest: Digest, size: Int64) {
        guard let resident = Self.residentBytes(of: layer) else { return compute() }
        if let found = lock.withLock({ known[layer] }) { return found }
        let result = compute()
        lock.withLock {
            if heldChanges + layer.changes.count > Self.changeLimit || heldBytes + resident > Self.residentLimit {
                known.removeAll()
                (heldChanges, heldBytes) = (0, 0)
            }
            if known.updateValue(result, forKey: layer) == nil {
                heldChanges += layer.changes.count
                heldBytes += resident
            }
        }
        return result
    }

    /// The bytes the layer holds in memory, or nil when it does not qualify: a stored file could be
    /// equal and read other bytes, and a large layer is not worth holding.
    private static func residentBytes(of layer: Layer) -> Int64? {
        var resident: Int64 = 0
        for change in layer.changes {
            guard case .put(let entry) = change, case .file(let content) = entry.kind else { continue }
            guard !content.hasStoredPart else { return nil }
            resident += content.residentBytes
            if resident > layerResidentLimit { return nil }
        }
        return resident
    }
}
