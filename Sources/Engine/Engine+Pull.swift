import Foundation
import ImageCatalog
import ImageModel
import LayerlabBasics
import LayerStore

/// What `docker pull` reports.
public struct PullReport: Sendable {
    public enum Outcome: Sendable { case downloaded, upToDate }

    public struct LayerLine: Sendable {
        /// The first 12 hex characters of the compressed blob's digest, as Docker shows them.
        public var shortID: String
        public var alreadyExisted: Bool
        public var blobSize: Int64
    }

    public var reference: ImageReference
    public var layers: [LayerLine]
    public var manifestDigest: Digest
    public var outcome: Outcome
    public var imageID: Digest
}

extension Engine {
    /// Pulls an image from layerlab's Docker Hub (the image catalog).
    public func pull(_ reference: ImageReference) throws(EngineError) -> PullReport {
        let reference = reference.withDefaultTag
        guard reference.domain == ImageReference.defaultDomain else {
            throw .registryUnreachable(reference.domain)
        }
        let catalog: ImageCatalog
        do {
            catalog = try self.catalog()
        } catch {
            throw .storage(error.message)
        }
        guard let catalogImage = catalog.image(for: reference) else {
            if catalog.repositories.contains(reference.path), let tag = reference.tag {
                throw .manifestUnknown("\(reference.familiarName):\(tag)")
            }
            throw .notInCatalog(reference.familiarName)
        }
        var digests: [LayerDigests] = []
        var lines: [PullReport.LayerLine] = []
        var blobs: [Descriptor] = []
        var layers: [Layer] = []
        for step in catalogImage.steps {
            guard let layer = step.layer, let key = step.layerKey else { continue }
            let layerDigests = catalogDigests(key: key, layer: layer)
            lines.append(PullReport.LayerLine(shortID: layerDigests.blobDigest.shortID, alreadyExisted: hasLayer(layerDigests.diffID), blobSize: layerDigests.blobSize))
            blobs.append(Descriptor(mediaType: MediaType.dockerLayerGzip, digest: layerDigests.blobDigest, size: layerDigests.blobSize))
            digests.append(layerDigests.layerDigests)
            layers.append(layer)
        }
        let configuration = ImageConfiguration(
            created: catalogImage.created,
            config: catalogImage.config,
            rootfs: RootFS(diffIDs: digests.map(\.diffID)),
            history: catalogImage.steps.map { step in
                HistoryEntry(
                    created: step.created, createdBy: step.createdBy,
                    comment: Self.historyComment(for: step.createdBy),
                    emptyLayer: step.layer == nil
                )
            }
        )
        let record = ImageRecord(configuration: configuration, layers: digests, layerSizes: layers.map(\.contentSize))
        let manifest = Manifest(
            config: Descriptor(mediaType: MediaType.dockerConfig, digest: record.id, size: Int64(configuration.canonicalJSON().count)),
            layers: blobs
        )
        let alreadyTagged = state.tags[reference.description] == record.id
        let present = image(record.id.description) != nil
        if !present { try store(record, layers: layers) }
        if !alreadyTagged { try setTag(reference, to: record.id) }
        try addRepoDigest("\(reference.familiarName)@\(manifest.digest)", to: record.id)
        return PullReport(
            reference: reference,
            layers: present ? [] : lines,
            manifestDigest: manifest.digest,
            outcome: present && alreadyTagged ? .upToDate : .downloaded,
            imageID: record.id
        )
    }

    /// The COMMENT `docker history` shows: images built with BuildKit mark every step; older builders
    /// and rootfs tools leave their own mark or none.
    static func historyComment(for createdBy: String) -> String? {
        if createdBy.hasPrefix("# debian.sh") { return "debuerreotype 0.15" }
        if createdBy.hasPrefix("/bin/sh -c") || createdBy.hasPrefix("BusyBox") || createdBy.hasPrefix("ADD file:") { return nil }
        return "buildkit.dockerfile.v0"
    }

    /// A catalog layer's digests, computed once per home (a large base layer takes a moment to hash).
    func catalogDigests(key: String, layer: Layer) -> CompressedLayerDigests {
        if let cached = state.catalogLayerDigests[key] { return cached }
        // A registry's layers are compressed: the blob digest is what a pull shows.
        let digests = LayerArchive.compressedDigests(of: layer)
        state.catalogLayerDigests[key] = digests
        return digests
    }
}
