import Foundation
import GoSemantics
import ImageModel
import LayerlabBasics
import LayerStore

/// One simulated registry's content under its own folder: blobs as the raw bytes clients uploaded
/// (gzip, zstd or plain layers, configs, manifests), named by their digest and written once, and
/// repositories that link them and name manifests by tag. Docker Hub's user repositories and each
/// running `registry:2` are one of these. Changes take a lock on the folder and re-read its index,
/// so the prompt and a real client's requests can change the same registry.
public final class Registry {
    /// A manifest as stored: its exact bytes, whose SHA-256 is its digest.
    public struct StoredManifest: Sendable {
        public var bytes: Data
        public var digest: Digest
        public var mediaType: String

        public init(bytes: Data, digest: Digest, mediaType: String) {
            self.bytes = bytes
            self.digest = digest
            self.mediaType = mediaType
        }

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
        /// A layer from before raw blobs that is kept as layer files (see `RegistryIndex.Blob`).
        public var isLayer: Bool

        public init(size: Int64, mediaType: String, isLayer: Bool) {
            self.size = size
            self.mediaType = mediaType
            self.isLayer = isLayer
        }
    }

    /// distribution's `maxManifestBodySize`: a larger manifest is MANIFEST_INVALID.
    public static let manifestSizeLimit = 4 << 20

    let folder: StoreFolder
    let layerFiles: LayerFiles
    var index: RegistryIndex
    let recreatableLayers: RecreatableLayers?

    /// Opens the registry; one written before raw blobs is migrated on the spot (see
    /// `migrateLayerFiles`). `recreatableLayers` makes the blobs pushed as catalog layers.
    public init(root: URL, recreatableLayers: RecreatableLayers? = nil) {
        self.recreatableLayers = recreatableLayers
        folder = StoreFolder(root: root)
        layerFiles = LayerFiles(folder: folder)
        index = Self.readIndex(folder)
        if index.format != RegistryIndex.rawBlobsFormat && !index.blobs.isEmpty {
            try? changeIndex { index in Self.migrateLayerFiles(&index, folder: folder, layerFiles: layerFiles) }
        }
    }

    static func readIndex(_ folder: StoreFolder) -> RegistryIndex {
        folder.read("index.json").flatMap { try? JSONDecoder().decode(RegistryIndex.self, from: $0) } ?? RegistryIndex()
    }

    /// distribution's repository name grammar (`reference.NameRegexp`): lower-case components joined
    /// by `.`, `_`, `__` or dashes, separated by `/`, at most 255 characters.
    public static func isValidRepositoryName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 255 else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            let pattern = /[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*/
            return component.wholeMatch(of: pattern) != nil
        }
    }

    /// A tag as distribution's `reference.TagRegexp` allows it.
    public static func isValidTag(_ tag: String) -> Bool {
        tag.wholeMatch(of: /[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}/) != nil
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

    /// The file holding a blob's bytes, to stream from; nil when the registry has no such bytes. A
    /// blob pushed as a catalog layer is written out here, the first time a client asks for it.
    public func blobFile(_ digest: Digest) -> URL? {
        if folder.exists(blobPath(digest)) { return folder.url(blobPath(digest)) }
        guard let found = recreatable(digest) else { return nil }
        let staging = "blobs/.recreating-\(digest.hex)-\(UUID().uuidString)"
        guard (try? folder.write(Data(), to: staging)) != nil, let writer = try? UploadWriter(path: folder.url(staging).path, size: 0) else { return nil }
        defer { folder.remove(staging) }
        var hasher = DigestHasher()
        var written = true
        LayerArchive.writeCompressed(found.layer) { chunk in
            hasher.update(chunk)
            if written { written = (try? writer.write(chunk)) != nil }
        }
        writer.close()
        guard written, hasher.finalize() == digest, (try? folder.move(staging, to: blobPath(digest))) != nil else { return nil }
        return folder.url(blobPath(digest))
    }

    /// The catalog layer a blob was pushed as, while it has no file and still makes these bytes.
    func recreatable(_ digest: Digest) -> RecreatableLayers.Found? {
        guard let key = index.blobs[digest.description]?.recreatable, !folder.exists(blobPath(digest)) else { return nil }
        return recreatableLayers?.layer(key, blob: digest)
    }

    /// The catalog layer's name and digests when a layer blob is kept as one: a pull from here stores
    /// it as the catalog's, as a pull from the Hub does.
    public func catalogLayer(of digest: Digest) -> (key: String, digests: CompressedLayerDigests)? {
        guard let key = index.blobs[digest.description]?.recreatable, let found = recreatable(digest) else { return nil }
        return (key, found.digests)
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

    /// A layer blob's files, decompressed from its bytes, or read from the layer files of a registry
    /// written before raw blobs. With `diffID`, the blob's tar must have that digest (see `unpackLayer`).
    public func layer(_ digest: Digest, diffID: Digest? = nil) throws(StoreError) -> Layer? {
        if let found = recreatable(digest) { return found.layer }
        guard let url = blobFile(digest) else { return try layerFiles.read(digest) }
        return try Self.unpackLayer(at: url, digest: digest, diffID: diffID)
    }

    /// What a layer's tar may decompress to: more is refused, as a small blob can hold a huge stream.
    static let unpackedLayerLimit = 2 << 30

    /// A layer's files from its blob's bytes in a file: gzip, zstd or a plain tar, told apart by their
    /// first bytes whatever the manifest's media type says, as Docker 28 decompresses a download
    /// (moby v28.2.2 distribution/xfer/download.go, compression.DecompressStream). With `diffID`, the
    /// tar must have that digest, as the daemon holds each layer to its image config's rootfs.
    public static func unpackLayer(at url: URL, digest: Digest, diffID: Digest?) throws(StoreError) -> Layer {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw StoreError("cannot read the blob \(digest) at \(url.path): \(error.localizedDescription)")
        }
        let tar: Data
        do throws(TarReadError) {
            if GzipDecompressor.isGzip(data) {
                tar = try GzipDecompressor.decompress(data, limit: unpackedLayerLimit)
            } else if ZstdDecompressor.isZstd(data) {
                tar = try ZstdDecompressor.decompress(data, limit: unpackedLayerLimit)
            } else {
                tar = data
            }
        } catch {
            throw StoreError("the blob \(digest) is not a layer layerlab can read: \(error.message)")
        }
        if let diffID, Digest.sha256(of: tar) != diffID { throw rootFSMismatch }
        do throws(TarReadError) {
            return try TarReader.layer(tar)
        } catch {
            throw StoreError("the blob \(digest) is not a layer layerlab can read: \(error.message)")
        }
    }

    /// A layer whose tar is not the one its image config names (moby v28.2.2 distribution/pull_v2.go,
    /// errRootFSMismatch).
    public static let rootFSMismatch = StoreError("layers from manifest don't match image configuration")

    // MARK: Changing

    /// Links a blob the registry holds into another repository: a cross-repository mount. With
    /// `source`, only a blob linked there mounts (distribution's `?mount=&from=`). False when it
    /// does not.
    public func mount(_ digest: Digest, from source: String? = nil, into repository: String) throws -> Bool {
        try changeIndex { index in
            guard index.blobs[digest.description] != nil, source.map({ index.repositories[$0]?.blobs.contains(digest) == true }) ?? true else {
                return false
            }
            index.repositories[repository, default: .init()].blobs.insert(digest)
            return true
        }
    }

    /// Receives a layer as the engine pushes it: its gzip stream, written to an upload as it is
    /// compressed and kept as it came out; returns the blob's digest and size.
    public func putLayer(_ layer: Layer, into repository: String) throws -> (digest: Digest, size: Int64) {
        let upload = try startUpload(in: repository)
        do {
            let writer = try self.writer(for: upload)
            var failure: StoreError?
            LayerArchive.writeCompressed(layer) { chunk in
                guard failure == nil else { return }
                do throws(StoreError) {
                    try writer.write(chunk)
                } catch {
                    failure = error
                }
            }
            writer.close()
            if let failure { throw failure }
            return try commitUpload(upload, expecting: nil)
        } catch {
            cancelUpload(upload)
            throw error
        }
    }

    /// Receives a catalog layer by name: its blob's digest and size are known, and its bytes are made
    /// only if a client reads them (see `RecreatableLayers`).
    public func putRecreatableLayer(_ key: String, digests: CompressedLayerDigests, into repository: String) throws {
        try changeIndex { index in
            if index.blobs[digests.blobDigest.description] == nil {
                index.blobs[digests.blobDigest.description] = .init(size: digests.blobSize, mediaType: Self.plainBlobType, isLayer: false, recreatable: key)
            }
            index.repositories[repository, default: .init()].blobs.insert(digests.blobDigest)
        }
    }

    /// Receives a small blob (a config) whole; returns its digest.
    @discardableResult
    public func putBlob(_ bytes: Data, into repository: String) throws -> Digest {
        let digest = Digest.sha256(of: bytes)
        if !folder.exists(blobPath(digest)) { try folder.write(bytes, to: blobPath(digest)) }
        try changeIndex { index in
            if index.blobs[digest.description] == nil {
                index.blobs[digest.description] = .init(size: Int64(bytes.count), mediaType: Self.plainBlobType, isLayer: false)
            }
            index.repositories[repository, default: .init()].blobs.insert(digest)
        }
        return digest
    }

    /// Blobs carry no type in distribution's storage; they are served as plain bytes.
    static let plainBlobType = "application/octet-stream"

    /// Stores a manifest's exact bytes under a tag, or under its digest when `reference` is one
    /// (which must then be the bytes' digest: DIGEST_INVALID otherwise). Every blob an image
    /// manifest names, and every manifest an index names, must be in the repository
    /// (MANIFEST_BLOB_UNKNOWN otherwise, as distribution checks).
    @discardableResult
    public func putManifest(_ bytes: Data, reference: String, contentType: String? = nil, into repository: String) throws -> Digest {
        guard bytes.count <= Self.manifestSizeLimit else {
            throw RegistryError(.manifestInvalid, detailJSON: GoJSON.string("http: request body too large"))
        }
        let digest = Digest.sha256(of: bytes)
        let tag: String?
        if let named = try? Digest(parsing: reference) {
            guard named == digest else { throw RegistryError(.digestInvalid) }
            tag = nil
        } else {
            guard Self.isValidTag(reference) else { throw RegistryError(.tagInvalid, detailJSON: GoJSON.string(reference)) }
            tag = reference
        }
        let pushed = try PushedManifest(bytes, contentType: contentType)
        try changeIndex { index in
            let entry = index.repositories[repository]
            for blob in pushed.blobs where entry?.blobs.contains(blob) != true {
                throw RegistryError(.manifestBlobUnknown, detailJSON: GoJSON.string(blob.description))
            }
            for child in pushed.manifests where entry?.manifests.contains(child) != true {
                throw RegistryError(.manifestBlobUnknown, detailJSON: GoJSON.string(child.description))
            }
            if !folder.exists(blobPath(digest)) { try folder.write(bytes, to: blobPath(digest)) }
            index.blobs[digest.description] = .init(size: Int64(bytes.count), mediaType: pushed.mediaType, isLayer: false)
            index.repositories[repository, default: .init()].manifests.insert(digest)
            if let tag { index.repositories[repository, default: .init()].tags[tag] = digest }
        }
        return digest
    }

    /// Removes a manifest from a repository, and every tag naming it (`DELETE /v2/NAME/manifests/DIGEST`).
    /// Its bytes stay until a garbage collection, which layerlab does not run, as distribution's
    /// registry keeps them until `registry garbage-collect`.
    public func deleteManifest(_ digest: Digest, in repository: String) throws {
        try changeIndex { index in
            guard index.repositories[repository]?.manifests.remove(digest) != nil else { throw RegistryError(.manifestUnknown) }
            let kept = index.repositories[repository]?.tags.filter { $0.value != digest } ?? [:]
            index.repositories[repository]?.tags = kept
        }
    }

    /// Unlinks a blob from a repository (`DELETE /v2/NAME/blobs/DIGEST`).
    public func deleteBlob(_ digest: Digest, in repository: String) throws {
        try changeIndex { index in
            guard index.repositories[repository]?.blobs.remove(digest) != nil else { throw RegistryError(.blobUnknown) }
        }
    }

    func blobPath(_ digest: Digest) -> String { "blobs/\(digest.hex)" }

    /// Changes the index under the folder's lock, from its state on disk, and saves it; the change
    /// throwing leaves it as it was.
    func changeIndex<Result>(_ change: (inout RegistryIndex) throws -> Result) throws -> Result {
        do {
            try FileManager.default.createDirectory(at: folder.root, withIntermediateDirectories: true)
        } catch {
            throw StoreError("cannot write \(folder.root.path): \(error.localizedDescription)")
        }
        let lock = open(folder.url(".lock").path, O_RDWR | O_CREAT, 0o644)
        guard lock >= 0 else { throw StoreError("cannot lock \(folder.root.path): \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw StoreError("cannot lock \(folder.root.path): \(String(cString: strerror(errno)))") }
        }
        var changed = Self.readIndex(folder)
        let result = try change(&changed)
        changed.format = RegistryIndex.rawBlobsFormat
        let data: Data
        do {
            data = try SortedKeysJSON.encoder.encode(changed)
        } catch {
            throw StoreError("cannot encode the registry index: \(error)")
        }
        try folder.write(data, to: "index.json")
        index = changed
        return result
    }

    /// Registries written before raw blobs kept each layer as layer files and made its gzip stream
    /// again for every request. Each becomes the raw blob its digest names, made once more here;
    /// when this zlib makes other bytes than the one that named it, the layer files stay (the engine
    /// still pulls from them) and the blob's bytes are not served.
    static func migrateLayerFiles(_ index: inout RegistryIndex, folder: StoreFolder, layerFiles: LayerFiles) {
        for (key, blob) in index.blobs where blob.isLayer {
            guard let digest = try? Digest(parsing: key), let layer = try? layerFiles.read(digest) else { continue }
            let staging = "blobs/.migrating-\(digest.hex)"
            var hasher = DigestHasher()
            var output = Data()
            // One layer at a time in memory: registries from before held learners' small images.
            LayerArchive.writeCompressed(layer) { chunk in
                hasher.update(chunk)
                output.append(contentsOf: chunk)
            }
            guard hasher.finalize() == digest, (try? folder.write(output, to: staging)) != nil else { continue }
            guard (try? folder.move(staging, to: "blobs/\(digest.hex)")) != nil else {
                folder.remove(staging)
                continue
            }
            layerFiles.remove(digest)
            index.blobs[key]?.isLayer = false
            index.blobs[key]?.mediaType = plainBlobType
        }
    }

    /// Removes what a write killed half-way left: temporary blob files, staging folders of old layer
    /// files, and upload sessions older than distribution's purge age (a week). Only for the home's
    /// owner at start, before any request.
    public static func removeAbandonedFiles(root: URL) {
        let folder = StoreFolder(root: root)
        LayerFiles(folder: folder).removeAbandonedStaging()
        for name in folder.list("blobs", includingHidden: true) where name.hasPrefix(".") { folder.remove("blobs/\(name)") }
        let weekAgo = Date().addingTimeInterval(-7 * 24 * 3600)
        for id in folder.list("uploads") {
            let modified = (try? FileManager.default.attributesOfItem(atPath: folder.url("uploads/\(id)").path))?[.modificationDate] as? Date
            if (modified ?? .distantPast) < weekAgo { folder.remove("uploads/\(id)") }
        }
    }
}
