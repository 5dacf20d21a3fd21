import LayerlabBasics
import LayerStore

/// Layers a registry may keep as a name instead of bytes: layerlab's catalog layers, whose gzip
/// streams' digests are known beforehand and whose compressing was most of a push (python:3.12-slim's
/// took 2 s). Such a blob is written out only when a client reads its bytes.
public struct RecreatableLayers: Sendable {
    public typealias Found = (layer: Layer, digests: CompressedLayerDigests)
    private let find: @Sendable (_ key: String) -> Found?

    public init(_ find: @escaping @Sendable (_ key: String) -> Found?) {
        self.find = find
    }

    /// The layer named `key`, while it still makes the blob `digest` (a later layerlab whose catalog
    /// changed makes other bytes: the blob is then missing rather than different).
    func layer(_ key: String, blob digest: Digest) -> Found? {
        guard let found = find(key), found.digests.blobDigest == digest else { return nil }
        return found
    }
}
