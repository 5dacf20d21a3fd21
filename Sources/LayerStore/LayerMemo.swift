import Foundation
import LayerlabBasics

/// What this process already worked out from a layer, by the layer itself: its diffID, and the gzip
/// blob a push sends. A replayed exercise builds the same `RUN apt-get install …` layer in each fresh
/// world and pushes the same layers to a fresh registry: hashing its megabytes of package files again
/// was a fifth of `pack test`, compressing them again a sixth. Only layers that are all in memory and
/// small there qualify: a layer with a stored file could be equal and still read other bytes.
final class LayerMemo: @unchecked Sendable {
    static let shared = LayerMemo()

    /// What the memo may hold before it starts again: the layers a course builds are few, but a class
    /// check runs many worlds in one process.
    private static let changeLimit = 200_000
    private static let residentLimit: Int64 = 32 << 20
    /// Bytes one remembered layer may hold in memory (its small files' contents).
    private static let layerResidentLimit: Int64 = 1 << 20
    /// Compressed blobs are copies, not shared with the layer: kept few.
    private static let blobLimit = 4 << 20

    private let lock = NSLock()
    private var known: [Layer: (digest: Digest, size: Int64)] = [:]
    private var heldChanges = 0
    private var heldBytes: Int64 = 0
    private var blobs: [Layer: Data] = [:]
    private var heldBlobBytes = 0

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

    /// The layer's gzip blob, streamed to `sink`: written by `compress` (which streams it too) unless
    /// remembered.
    func compressed(
        _ layer: Layer, to sink: @escaping (UnsafeRawBufferPointer) -> Void,
        compress: (@escaping (UnsafeRawBufferPointer) -> Void) -> Void
    ) {
        guard Self.residentBytes(of: layer) != nil else { return compress(sink) }
        if let found = lock.withLock({ blobs[layer] }) { return found.withUnsafeBytes(sink) }
        let blob = BlobCopy(limit: Self.blobLimit / 4)
        compress { chunk in
            sink(chunk)
            blob.append(chunk)
        }
        lock.withLock {
            guard !blob.tooLarge else { return }
            if heldBlobBytes + blob.data.count > Self.blobLimit {
                blobs.removeAll()
                heldBlobBytes = 0
            }
            if blobs.updateValue(blob.data, forKey: layer) == nil { heldBlobBytes += blob.data.count }
        }
    }

    /// The blob as it streams by, kept by the sink that passes it on, until it is larger than one blob
    /// may be (a layer of a few generated files can compress to hundreds of megabytes).
    private final class BlobCopy {
        let limit: Int
        private(set) var data = Data()
        private(set) var tooLarge = false

        init(limit: Int) { self.limit = limit }

        func append(_ chunk: UnsafeRawBufferPointer) {
            guard !tooLarge else { return }
            guard data.count + chunk.count <= limit else {
                tooLarge = true
                data = Data()
                return
            }
            data.append(contentsOf: chunk)
        }
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
