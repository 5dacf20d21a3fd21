import Foundation
import GoSemantics
import ImageModel
import LayerlabBasics
import LayerStore

/// One simulated registry's content under its own folder: blobs by digest (layers as layer files,
/// configs and manifests as their exact bytes) and repositories that link them and name them by tag.
/// Docker Hub's user repositories and each running `registry:2` are one of these.
public final class Registry {
    /// A manifest as stored: its exact bytes, whose SHA-256 is its digest.
    public struct StoredManifest: Sendable {
        public var bytes: Data
        public var digest: Digest
        public var mediaType: String

        public func decoded() throws(RegistryError) -> Manifest {
            do {
                return try JSONDecoder().decode(Manifest.self, from: bytes)
            } catch {
                throw RegistryError(.manifestInvalid)
            }
        }
    }

    public struct BlobInfo: Equatable, Sendable {
        public var size: Int64
        public var mediaType: String
        public var isLayer: Bool
    }

    let folder: StoreFolder
    let layerFiles: LayerFiles
    var index: RegistryIndex

    public init(root: URL) {
        folder = StoreFolder(root: root)
        layerFiles = LayerFiles(folder: folder)
        index = folder.read("index.json").flatMap { try? JSONDecoder().decode(RegistryIndex.self, from: $0) } ?? RegistryIndex()
    }

    // MARK: Reading

    /// Repositories with at least one manifest, sorted, as `/v2/_catalog` lists them.
    public var repositoryNames: [String] {
        index.repositories.filter { !$0.value.manifests.isEmpty }.keys.sorted()
    }

    /// The repository's tags, sorted; NAME_UNKNOWN when it has never been pushed to.
    public func tags(of repository: String) throws(RegistryError) -> [String] {
        guard let entry = index.repositories[repository], !entry.manifests.isEmpty else { throw .nameUnknown(repository) }
        return entry.tags.keys.sorted()
    }

    /// The blob when it is linked into `repository` (what `HEAD /v2/NAME/blobs/DIGEST` answers).
    public func blob(_ digest: Digest, in repository: String) -> BlobInfo? {
        guard index.repositories[repository]?.blobs.contains(digest) == true else { return nil }
        return blobInfo(digest)
    }

    func blobInfo(_ digest: Digest) -> BlobInfo? {
        index.blobs[digest.description].map { BlobInfo(size: $0.size, mediaType: $0.mediaType, isLayer: $0.isLayer) }
    }

    /// A manifest by tag or by digest.
    public func manifest(_ reference: String, in repository: String) throws(RegistryError) -> StoredManifest {
        let entry = index.repositories[repository]
        let digest: Digest
        if let parsed = try? Digest(parsing: reference) {
            guard entry?.manifests.contains(parsed) == true else {
                throw RegistryError(.manifestUnknown, detailJSON: "{\"Name\":\(GoJSON.string(repository)),\"Revision\":\(GoJSON.string(reference)),\"Tag\":\"\"}")
            }
            digest = parsed
        } else {
            guard let tagged = entry?.tags[reference] else { throw .manifestUnknown(tag: reference) }
            digest = tagged
        }
        guard let bytes = folder.read(blobPath(digest)), let info = blobInfo(digest) else { throw .manifestUnknown(tag: reference) }
        return StoredManifest(bytes: bytes, digest: digest, mediaType: info.mediaType)
    }

    /// The bytes of a config or manifest blob.
    public func bytes(of digest: Digest) -> Data? { folder.read(blobPath(digest)) }

    /// A layer blob's files.
    public func layer(_ digest: Digest) throws(StoreError) -> Layer? { try layerFiles.read(digest) }

    // MARK: Changing

    /// Links a blob the registry already holds into another repository: a cross-repository mount.
    /// False when it holds no such blob.
    public func mount(_ digest: Digest, into repository: String) throws(StoreError) -> Bool {
        guard blobInfo(digest) != nil else { return false }
        index.repositories[repository, default: .init()].blobs.insert(digest)
        try save()
        return true
    }

    /// Receives a layer blob (its digest is the SHA-256 of its gzip bytes).
    public func putLayer(_ layer: Layer, digest: Digest, size: Int64, mediaType: String, into repository: String) throws(StoreError) {
        if !layerFiles.contains(digest) { try layerFiles.write(layer, key: digest) }
        index.blobs[digest.description] = .init(size: size, mediaType: mediaType, isLayer: true)
        index.repositories[repository, default: .init()].blobs.insert(digest)
        try save()
    }

    /// Receives a config blob; returns its digest.
    @discardableResult
    public func putBlob(_ bytes: Data, mediaType: String, into repository: String) throws(StoreError) -> Digest {
        let digest = Digest.sha256(of: bytes)
        try folder.write(bytes, to: blobPath(digest))
        index.blobs[digest.description] = .init(size: Int64(bytes.count), mediaType: mediaType, isLayer: false)
        index.repositories[repository, default: .init()].blobs.insert(digest)
        try save()
        return digest
    }

    /// Stores a manifest under a tag. Every blob it names must be linked into the repository
    /// (MANIFEST_BLOB_UNKNOWN otherwise, as distribution checks).
    public func putManifest(_ bytes: Data, tag: String, into repository: String) throws -> Digest {
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: bytes)
        } catch {
            throw RegistryError(.manifestInvalid)
        }
        for descriptor in [manifest.config] + manifest.layers where blob(descriptor.digest, in: repository) == nil {
            throw RegistryError(.manifestBlobUnknown, detailJSON: GoJSON.string(descriptor.digest.description))
        }
        let digest = Digest.sha256(of: bytes)
        try folder.write(bytes, to: blobPath(digest))
        index.blobs[digest.description] = .init(size: Int64(bytes.count), mediaType: manifest.mediaType, isLayer: false)
        index.repositories[repository, default: .init()].manifests.insert(digest)
        index.repositories[repository, default: .init()].tags[tag] = digest
        try save()
        return digest
    }

    func blobPath(_ digest: Digest) -> String { "blobs/\(digest.hex)" }

    func save() throws(StoreError) {
        let data: Data
        do {
            data = try SortedKeysJSON.encoder.encode(index)
        } catch {
            throw StoreError("cannot encode the registry index: \(error)")
        }
        try folder.write(data, to: "index.json")
    }
}
