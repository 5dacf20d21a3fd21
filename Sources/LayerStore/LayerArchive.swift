import LayerlabBasics

/// A layer as the tar stream images carry, and the digest of that stream (the layer's diffID).
public enum LayerArchive {
    /// Streams the layer's tar to `sink`: entries in directory-walk order, deletions and opaque
    /// directories as whiteout files.
    public static func write(_ layer: Layer, to sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        let writer = TarWriter(sink: sink)
        for change in sortedForArchive(layer.changes) {
            switch change {
            case .put(let entry):
                writer.write(entry, named: String(entry.path.dropFirst()))
            case .delete(let path):
                writer.writeHeader(.init(name: Whiteout.deletionPath(for: String(path.dropFirst())), mode: 0o644, uid: 0, gid: 0, size: 0, modificationTime: 0, type: .file))
            case .opaque(let directory):
                writer.writeHeader(.init(name: Whiteout.opaquePath(for: String(directory.dropFirst())), mode: 0o644, uid: 0, gid: 0, size: 0, modificationTime: 0, type: .file))
            }
        }
        writer.finish()
    }

    /// The diffID (digest of the uncompressed tar) and the tar's length, computed while streaming.
    public static func diffID(of layer: Layer) -> (digest: Digest, size: Int64) {
        LayerMemo.shared.diffID(of: layer) {
            var hasher = DigestHasher()
            withoutActuallyEscaping({ (chunk: UnsafeRawBufferPointer) in hasher.update(chunk) }) { update in
                write(layer, to: update)
            }
            return (hasher.finalize(), Int64(hasher.byteCount))
        }
    }

    /// The diffID alone, for a layer made locally: compressing waits until a push needs the blob.
    public static func uncompressedDigests(of layer: Layer) -> LayerDigests {
        let (digest, size) = diffID(of: layer)
        return LayerDigests(diffID: digest, tarSize: size, blobDigest: nil, blobSize: nil)
    }

    /// The diffID and the gzip blob's digest and size, from one pass over the tar stream.
    public static func compressedDigests(of layer: Layer) -> CompressedLayerDigests {
        var tarHasher = DigestHasher()
        var blobHasher = DigestHasher()
        withoutActuallyEscaping({ (chunk: UnsafeRawBufferPointer) in blobHasher.update(chunk) }) { updateBlob in
            let compressor = GzipCompressor(sink: updateBlob)
            withoutActuallyEscaping({ (chunk: UnsafeRawBufferPointer) in
                tarHasher.update(chunk)
                compressor.compress(chunk)
            }) { update in
                write(layer, to: update)
            }
            compressor.finish()
        }
        return CompressedLayerDigests(
            diffID: tarHasher.finalize(), tarSize: Int64(tarHasher.byteCount),
            blobDigest: blobHasher.finalize(), blobSize: Int64(blobHasher.byteCount)
        )
    }

    /// The gzip-compressed tar (the blob a registry stores), streamed to `sink`.
    public static func writeCompressed(_ layer: Layer, to sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        LayerMemo.shared.compressed(layer, to: sink) { output in
            let compressor = GzipCompressor(sink: output)
            write(layer, to: { compressor.compress($0) })
            compressor.finish()
        }
    }

    /// The layer's tar bytes in memory, for small layers and tests.
    public static func bytes(of layer: Layer) -> [UInt8] {
        var bytes: [UInt8] = []
        withoutActuallyEscaping({ (chunk: UnsafeRawBufferPointer) in bytes.append(contentsOf: chunk) }) { append in
            write(layer, to: append)
        }
        return bytes
    }

    /// Parents before children, siblings by name, as a directory walk visits them; an opaque marker
    /// first in its directory.
    static func sortedForArchive(_ changes: [Layer.Change]) -> [Layer.Change] {
        func key(_ change: Layer.Change) -> [String] {
            switch change {
            case .put(let entry): entry.path.split(separator: "/").map(String.init)
            case .delete(let path):
                path.split(separator: "/").dropLast().map(String.init) + [Whiteout.prefix + (path.split(separator: "/").last.map(String.init) ?? "")]
            case .opaque(let directory): directory.split(separator: "/").map(String.init) + [Whiteout.opaqueMarker]
            }
        }
        return changes.sorted { key($0).lexicographicallyPrecedes(key($1)) }
    }
}

/// A layer's tar and gzip blob digests and sizes, all known.
public struct CompressedLayerDigests: Codable, Hashable, Sendable {
    public var diffID: Digest
    public var tarSize: Int64
    public var blobDigest: Digest
    public var blobSize: Int64

    public init(diffID: Digest, tarSize: Int64, blobDigest: Digest, blobSize: Int64) {
        self.diffID = diffID
        self.tarSize = tarSize
        self.blobDigest = blobDigest
        self.blobSize = blobSize
    }

    public var layerDigests: LayerDigests {
        LayerDigests(diffID: diffID, tarSize: tarSize, blobDigest: blobDigest, blobSize: blobSize)
    }
}

/// What identifies a layer: the digest of its tar (diffID, in the image config) and of its gzip blob
/// (in manifests and on registries), with both sizes. A layer made here (build, commit, load) has no
/// blob until it is compressed for a registry, as a daemon compresses only when it pushes.
public struct LayerDigests: Codable, Hashable, Sendable {
    public var diffID: Digest
    public var tarSize: Int64
    public var blobDigest: Digest?
    public var blobSize: Int64?

    public init(diffID: Digest, tarSize: Int64, blobDigest: Digest?, blobSize: Int64?) {
        self.diffID = diffID
        self.tarSize = tarSize
        self.blobDigest = blobDigest
        self.blobSize = blobSize
    }
}
