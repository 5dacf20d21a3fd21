import Foundation
import GoSemantics
import ImageModel
import LayerlabBasics
import LayerStore
@testable import Registry
import Testing

/// The blob store and upload sessions as distribution 2.8.3 keeps them
/// (registry/handlers/blobupload.go, manifests.go; registry/api/v2/errors.go for codes and statuses).
@Suite struct RegistryStorageTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("registry-storage-\(UUID())")

    func upload(_ chunks: [Data], to registry: Registry, in repository: String) throws -> BlobUpload {
        var session = try registry.startUpload(in: repository)
        for chunk in chunks {
            let writer = try registry.writer(for: session)
            try writer.write(chunk)
            writer.close()
            session = try #require(registry.upload(session.id, in: repository))
        }
        return session
    }

    @Test func chunksBecomeTheExactBlobTheirDigestNames() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        // Not gzip, not a tar: the registry keeps whatever bytes the client sends.
        let chunks = [Data("zstd or anything ".utf8), Data(repeating: 7, count: 100_000)]
        let whole = chunks.reduce(Data(), +)
        let session = try upload(chunks, to: registry, in: "app")
        #expect(session.size == Int64(whole.count))
        let size = try registry.finishUpload(session, digest: Digest.sha256(of: whole))
        #expect(size == Int64(whole.count))
        let file = try #require(registry.blobFile(Digest.sha256(of: whole)))
        #expect(try Data(contentsOf: file) == whole)
        #expect(Registry(root: root).blob(Digest.sha256(of: whole), in: "app")?.size == Int64(whole.count))
        #expect(registry.upload(session.id, in: "app") == nil, "a finished session is gone")
    }

    @Test func aWrongDigestIsDigestInvalidAndStoresNothing() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        let session = try upload([Data("truncated".utf8)], to: registry, in: "app")
        let claimed = Digest.sha256(of: "the whole layer")
        #expect(throws: RegistryError(.digestInvalid, detailJSON: "{\"Digest\":\"\(claimed)\",\"Reason\":{}}")) {
            try registry.finishUpload(session, digest: claimed)
        }
        #expect(registry.blobFile(claimed) == nil && registry.blobFile(Digest.sha256(of: "truncated")) == nil)
        #expect(registry.upload(session.id, in: "app") == nil, "distribution cancels an upload whose commit fails")
        #expect(RegistryError(.digestInvalid).httpStatus == 400)
        #expect(RegistryError(.blobUploadInvalid).httpStatus == 404, "distribution's table gives BLOB_UPLOAD_INVALID a 404")
    }

    @Test func sessionsBelongToTheirRepositoryAndOnlyUUIDsNameThem() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        let session = try registry.startUpload(in: "app")
        #expect(registry.upload(session.id, in: "other") == nil)
        #expect(registry.upload("../../index.json", in: "app") == nil)
        #expect(registry.upload(session.id.uppercased(), in: "app") == nil)
        registry.cancelUpload(session)
        #expect(registry.upload(session.id, in: "app") == nil)
    }

    @Test func aBlobIsWrittenOnceAndALaterUploadOfItIsDropped() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        let bytes = Data("layer".utf8)
        try registry.finishUpload(try upload([bytes], to: registry, in: "one"), digest: Digest.sha256(of: bytes))
        let file = try #require(registry.blobFile(Digest.sha256(of: bytes)))
        let written = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        try registry.finishUpload(try upload([bytes], to: registry, in: "two"), digest: Digest.sha256(of: bytes))
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date == written)
        #expect(registry.blob(Digest.sha256(of: bytes), in: "two") != nil)
    }

    @Test func theEngineReadsBackTheLayerFromItsGzipBlob() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        let layer = Layer(changes: [.put(.directory("/app")), .put(.file("/app/hello.txt", .text("hello\n")))])
        let stored = try registry.putLayer(layer, into: "app")
        let file = try #require(registry.blobFile(stored.digest))
        #expect(GzipDecompressor.isGzip(try Data(contentsOf: file)))
        let read = try #require(try registry.layer(stored.digest))
        #expect(LayerArchive.diffID(of: read).digest == LayerArchive.diffID(of: layer).digest)
    }

    @Test func everyKindOfManifestIsKeptByteForByteWithItsMediaType() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        let config = Data("{}".utf8)
        let configDigest = try registry.putBlob(config, into: "app")
        // OCI leaves `mediaType` out; the structure says what it is. Odd spacing must survive.
        let image = Data("{ \"schemaVersion\": 2, \"config\": {\"mediaType\":\"\(MediaType.ociConfig)\",\"digest\":\"\(configDigest)\",\"size\":2}, \"layers\": [] }".utf8)
        let imageDigest = try registry.putManifest(image, reference: "image", contentType: MediaType.ociManifest, into: "app")
        #expect(try registry.manifest("image", in: "app").bytes == image)
        #expect(try registry.manifest("image", in: "app").mediaType == MediaType.ociManifest)
        let index = Data("{\"schemaVersion\":2,\"mediaType\":\"\(MediaType.ociIndex)\",\"manifests\":[{\"mediaType\":\"\(MediaType.ociManifest)\",\"digest\":\"\(imageDigest)\",\"size\":\(image.count)}]}".utf8)
        try registry.putManifest(index, reference: Digest.sha256(of: index).description, contentType: MediaType.ociIndex, into: "app")
        #expect(try registry.manifest(Digest.sha256(of: index).description, in: "app").mediaType == MediaType.ociIndex)
        #expect(try registry.tags(of: "app") == ["image"], "a push by digest tags nothing")
        #expect(throws: RegistryError(.manifestBlobUnknown, detailJSON: GoJSON.string(imageDigest.description))) {
            try registry.putManifest(index, reference: "elsewhere", contentType: MediaType.ociIndex, into: "other")
        }
        #expect(throws: RegistryError(.digestInvalid)) {
            try registry.putManifest(index, reference: imageDigest.description, contentType: MediaType.ociIndex, into: "app")
        }
        #expect(throws: RegistryError.self) { try registry.putManifest(image, reference: "x", contentType: MediaType.dockerManifest, into: "app") }
        #expect(throws: RegistryError.self) { try registry.putManifest(Data("not json".utf8), reference: "x", into: "app") }
        #expect(throws: RegistryError.self) {
            try registry.putManifest(Data(repeating: 32, count: Registry.manifestSizeLimit + 1), reference: "x", into: "app")
        }
    }

    @Test func deletingAManifestUntagsItAndDeletingABlobUnlinksIt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        let configDigest = try registry.putBlob(Data("{}".utf8), into: "app")
        let manifest = Manifest(config: Descriptor(mediaType: MediaType.dockerConfig, digest: configDigest, size: 2), layers: []).distributionJSON()
        let digest = try registry.putManifest(manifest, reference: "1", into: "app")
        try registry.putManifest(manifest, reference: "2", into: "app")
        try registry.deleteManifest(digest, in: "app")
        #expect(throws: RegistryError.manifestUnknown(tag: "1")) { try registry.manifest("1", in: "app") }
        #expect(throws: RegistryError(.manifestUnknown)) { try registry.deleteManifest(digest, in: "app") }
        try registry.deleteBlob(configDigest, in: "app")
        #expect(registry.blob(configDigest, in: "app") == nil)
        #expect(throws: RegistryError(.blobUnknown)) { try registry.deleteBlob(configDigest, in: "app") }
    }

    @Test func aRegistryFromBeforeRawBlobsIsMigratedOnOpen() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        // The old layout: the layer as layer files under its blob digest, `isLayer` in the index, no format.
        let layer = Layer(changes: [.put(.file("/old.txt", .text("kept\n")))])
        let blob = LayerArchive.compressedDigests(of: layer)
        let folder = StoreFolder(root: root)
        try LayerFiles(folder: folder).write(layer, key: blob.blobDigest)
        let old = "{\"blobs\":{\"\(blob.blobDigest)\":{\"isLayer\":true,\"mediaType\":\"\(MediaType.dockerLayerGzip)\",\"size\":\(blob.blobSize)}},"
            + "\"repositories\":{\"app\":{\"blobs\":[\"\(blob.blobDigest)\"],\"manifests\":[],\"tags\":{}}}}"
        try folder.write(Data(old.utf8), to: "index.json")
        let registry = Registry(root: root)
        let file = try #require(registry.blobFile(blob.blobDigest))
        #expect(Digest.sha256(of: try Data(contentsOf: file)) == blob.blobDigest)
        #expect(!LayerFiles(folder: folder).contains(blob.blobDigest), "the layer files give way to the blob")
        #expect(registry.blob(blob.blobDigest, in: "app")?.isLayer == false)
        #expect(Registry.readIndex(folder).format == RegistryIndex.rawBlobsFormat)
    }

    @Test func repositoryNamesFollowDistributionsGrammar() {
        #expect(Registry.isValidRepositoryName("team/app-1"))
        #expect(Registry.isValidRepositoryName("a__b/c.d"))
        #expect(!Registry.isValidRepositoryName("Team/app"))
        #expect(!Registry.isValidRepositoryName("app/"))
        #expect(!Registry.isValidRepositoryName("../etc"))
        #expect(Registry.isValidTag("v1.0_rc-2") && !Registry.isValidTag(".hidden"))
    }
}
