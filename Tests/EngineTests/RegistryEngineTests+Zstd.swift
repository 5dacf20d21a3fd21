import Foundation
import ImageModel
import LayerlabBasics
import LayerlabTestSupport
import LayerStore
import Registry
@testable import Engine
import Testing

/// Images whose layers a client pushed compressed with zstd (`docker buildx build --output
/// type=image,compression=zstd,push=true`, `skopeo copy --dest-compress-format zstd`), pulled by the
/// engine as Docker 28 pulls them with its graph-driver store (moby v28.2.2): the download is
/// decompressed by its magic number and held to the config's diffID (distribution/xfer/download.go,
/// distribution/pull_v2.go), the layer is kept uncompressed (so `docker save` writes the tar), and a
/// push names the blob it knows as gzip where the registry has it or mounts it, and compresses the
/// layer with gzip anywhere else (distribution/push_v2.go).
extension RegistryEngineTests {
    static let zstdLayerType = "application/vnd.oci.image.layer.v1.tar+zstd"

    /// zimg:1.0 in the registry on localhost:5000 as such a client leaves it: the layer's zstd blob (or
    /// `blob`, bytes standing for it), its config naming `diffID` (the tar's own unless given) and an
    /// OCI manifest.
    func pushZstdImage(_ engine: Engine, layer: Layer, blob: Data? = nil, diffID: Digest? = nil)
        throws -> (registry: Registry, layerBlob: Descriptor, configDigest: Digest) {
        _ = try startRegistry(engine)
        let registry = try #require(engine.endpoint(for: "localhost:5000").registry)
        let tar = Data(LayerArchive.bytes(of: layer))
        let bytes = blob ?? ZstdTestStream.compress(tar)
        let blobDigest = try registry.putBlob(bytes, into: "zimg")
        let layerBlob = Descriptor(mediaType: Self.zstdLayerType, digest: blobDigest, size: Int64(bytes.count))
        let configuration = ImageConfiguration(
            created: Date(timeIntervalSince1970: 0), config: ImageConfig(), rootfs: RootFS(diffIDs: [diffID ?? Digest.sha256(of: tar)]),
            history: [HistoryEntry(created: Date(timeIntervalSince1970: 0), createdBy: "COPY hello.txt /app/ # buildkit", emptyLayer: false)]
        )
        let config = configuration.canonicalJSON()
        let configDigest = try registry.putBlob(config, into: "zimg")
        let manifest = Manifest(mediaType: MediaType.ociManifest, config: Descriptor(mediaType: MediaType.ociConfig, digest: configDigest, size: Int64(config.count)),
                                layers: [layerBlob])
        try registry.putManifest(manifest.distributionJSON(), reference: "1.0", contentType: MediaType.ociManifest, into: "zimg")
        return (registry, layerBlob, configDigest)
    }

    var helloLayer: Layer {
        Layer(changes: [.put(.directory("/app")), .put(.file("/app/hello.txt", .text("hello from a zstd layer\n")))])
    }

    @Test func aZstdImageIsPulledKeptUncompressedAndPushedAsDocker28Does() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        let (_, layerBlob, configDigest) = try pushZstdImage(engine, layer: helloLayer)
        let diffID = LayerArchive.diffID(of: helloLayer).digest

        let pulled = try engine.pull(ImageReference.parse("localhost:5000/zimg:1.0"))
        #expect(pulled.imageID == configDigest)
        #expect(pulled.layers.map(\.shortID) == [layerBlob.digest.shortID] && pulled.layers.map(\.blobSize) == [layerBlob.size])
        let image = try #require(engine.images.image(pulled.imageID.description))
        #expect(try engine.images.layers(of: image).map { LayerArchive.diffID(of: $0).digest } == [diffID])

        // docker save writes the layer as its tar, named by its diffID.
        var archive = Data()
        try engine.save(["localhost:5000/zimg:1.0"]) { chunk in archive.append(contentsOf: chunk) }
        let saved = try #require(try TarReader.entries(archive).first { $0.name == "blobs/sha256/\(diffID.hex)" })
        #expect(Digest.sha256(of: saved.content) == diffID)

        // Another repository of the same registry: the zstd blob is mounted, and named as gzip.
        let sameRegistry = try ImageReference.parse("localhost:5000/other:1.0")
        try engine.tag(source: "localhost:5000/zimg:1.0", target: sameRegistry)
        let mounted = try engine.push(engine.pushPlan(sameRegistry), credentials: nil)
        #expect(mounted.layers.map(\.status) == [.mounted(from: "zimg")])
        // The registry as it is now (a Registry reads its index when opened).
        let afterPush = try #require(engine.endpoint(for: "localhost:5000").registry)
        #expect(try afterPush.manifest("1.0", in: "other").decoded().layers
            == [Descriptor(mediaType: MediaType.dockerLayerGzip, digest: layerBlob.digest, size: layerBlob.size)])

        // Another registry: the layer goes as gzip, whose tar is the diffID.
        let binding = ContainerRecord.PortBinding(hostIP: "0.0.0.0", hostPort: 5001, containerPort: 5000, proto: "tcp")
        _ = try engine.startContainer(engine.createContainer(ContainerRequest(image: "registry:2", name: "second", ports: [binding])).id)
        let otherRegistry = try ImageReference.parse("localhost:5001/zimg:1.0")
        try engine.tag(source: "localhost:5000/zimg:1.0", target: otherRegistry)
        let pushed = try engine.push(engine.pushPlan(otherRegistry), credentials: nil)
        #expect(pushed.layers.map(\.status) == [.pushed])
        let second = try #require(engine.endpoint(for: "localhost:5001").registry)
        let gzipBlob = try #require(second.manifest("1.0", in: "zimg").decoded().layers.first)
        #expect(gzipBlob.mediaType == MediaType.dockerLayerGzip && gzipBlob.digest != layerBlob.digest)
        let gzipFile = try #require(second.blobFile(gzipBlob.digest))
        let gzipBytes = try Data(contentsOf: gzipFile)
        #expect(GzipDecompressor.isGzip(gzipBytes))
        let tar = try GzipDecompressor.decompress(gzipBytes)
        #expect(Digest.sha256(of: tar) == diffID)
    }

    @Test func aTruncatedOrDamagedZstdLayerFailsThePullAndNothingIsKept() throws {
        let stream = ZstdTestStream.compress(Data(LayerArchive.bytes(of: helloLayer)))
        var damaged = stream
        damaged[damaged.count - 1] ^= 0xFF
        let cases: [(blob: Data?, diffID: Digest?, reason: (Digest) -> String)] = [
            (stream.prefix(stream.count - 8), nil, { "the blob \($0) is not a layer layerlab can read: the zstd stream ends inside a frame (truncated)" }),
            (damaged, nil, { "the blob \($0) is not a layer layerlab can read: not a valid zstd stream (Restored data doesn't match checksum)" }),
            // A whole stream, but of another tar than the config names.
            (nil, Digest.sha256(of: "another tar"), { _ in "layers from manifest don't match image configuration" }),
        ]
        for (blob, diffID, reason) in cases {
            defer { try? FileManager.default.removeItem(at: root) }
            let engine = Engine(root: root, clock: clock)
            let (_, layerBlob, configDigest) = try pushZstdImage(engine, layer: helloLayer, blob: blob, diffID: diffID)
            #expect(throws: EngineError.storage(reason(layerBlob.digest))) { try engine.pull(ImageReference.parse("localhost:5000/zimg:1.0")) }
            #expect(engine.images.image(configDigest.description) == nil)
            #expect(!engine.images.hasLayer(LayerArchive.diffID(of: helloLayer).digest))
            if let diffID { #expect(!engine.images.hasLayer(diffID)) }
        }
    }
}
