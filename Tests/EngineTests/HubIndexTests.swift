import Foundation
import ImageModel
import LayerlabBasics
@testable import Engine
import Testing

/// Docker Hub's official names resolve to an OCI index (docker-library/repo-info `repos/alpine/remote/3.21.md`:
/// "Manifest MIME: application/vnd.oci.image.index.v1+json", 16 entries, each platform's image followed
/// by an unknown/unknown attestation); Docker pulls the linux/amd64 image and keeps the index's digest.
@Suite struct HubIndexTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("hub-index-\(UUID())")

    @Test func aTagResolvesToAnIndexWhoseDigestThePullKeeps() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: FixedWallClock(FixedWallClock.transcriptEpoch))
        let remote = try engine.remoteManifest(ImageReference.parse("alpine:3.20"), credentials: nil)
        let index = try #require(remote.index)
        #expect(index.mediaType == MediaType.ociIndex)
        #expect(index.manifests.filter { !$0.isAttestation }.map { $0.platform?.description ?? "" } == [
            "linux/amd64", "linux/arm/v6", "linux/arm/v7", "linux/arm64/v8", "linux/386", "linux/ppc64le", "linux/riscv64", "linux/s390x",
        ])
        #expect(index.manifests.count == 16)
        // Each attestation points back at the image before it.
        for (image, attestation) in zip(index.manifests.dropLast(), index.manifests.dropFirst()) where attestation.isAttestation {
            #expect(attestation.descriptor.annotations?["vnd.docker.reference.digest"] == image.descriptor.digest.description)
            #expect(attestation.platform == .unknown)
        }

        let pulled = try engine.pull(ImageReference.parse("alpine:3.20"))
        #expect(pulled.manifestDigest == remote.digest)
        let amd64 = try #require(index.image(for: .linuxAMD64))
        #expect(Digest.sha256(of: try #require(remote.platformManifest)) == amd64.descriptor.digest)
        let manifest = try JSONDecoder().decode(Manifest.self, from: try #require(remote.platformManifest))
        #expect(manifest.mediaType == MediaType.ociManifest && manifest.config.digest == pulled.imageID)
        #expect(engine.images.repoDigests(of: pulled.imageID) == ["alpine@\(remote.digest)"])
    }

    @Test func theLinuxAMD64ImagePullsByItsOwnDigestAndOtherPlatformsSayWhyNot() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: FixedWallClock(FixedWallClock.transcriptEpoch))
        let index = try #require(try engine.remoteManifest(ImageReference.parse("alpine:3.20"), credentials: nil).index)
        let amd64 = try #require(index.image(for: .linuxAMD64)).descriptor.digest
        let pulled = try engine.pull(ImageReference.parse("alpine@\(amd64)"))
        #expect(pulled.manifestDigest == amd64)
        let arm64 = try #require(index.image(for: Platform(os: "linux", architecture: "arm64", variant: "v8"))).descriptor.digest
        #expect(throws: EngineError.unsupported("pulling the linux/arm64/v8 image of alpine:3.20 (layerlab has linux/amd64 images only)")) {
            try engine.pull(ImageReference.parse("alpine@\(arm64)"))
        }
    }
}
