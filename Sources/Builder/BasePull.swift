import Engine
import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// What the FROM step shows of a base image the daemon did not have and pulled for the build (moby
/// v28.2.2 builder/builder-next/adapters/containerimage/pull.go, `Snapshot`): `showProgress` reports
/// each blob it fetched once done, as `sha256:… 3.62MB / 3.62MB done` (the sizes as `DockerSize`), and the
/// download manager then reports `extracting sha256:… done` for each layer it unpacked. Layers the
/// store already had are neither fetched nor extracted, and show nothing.
struct BasePull: Equatable {
    var downloads: [String]
    var extractions: [String]

    /// `manifests` are the index and manifest fetched to resolve the name (none leaves their lines out).
    /// BuildKit's order among the blobs is that of a Go map; layerlab shows the index, the manifest, the
    /// config, then the layers base first.
    init(report: PullReport, image: ImageRecord, manifests: [Data]) {
        var blobs: [(digest: Digest, size: Int64)] = manifests.map { (Digest.sha256(of: $0), Int64($0.count)) }
        blobs.append((image.id, Int64(image.configJSON.count)))
        var layers: [Digest] = []
        // The report has a line per layer, base first, as the image has them.
        for (line, digests) in zip(report.layers, image.layers) where !line.alreadyExisted {
            guard let blob = digests.blobDigest, let size = digests.blobSize else { continue }
            blobs.append((blob, size))
            layers.append(blob)
        }
        downloads = blobs.map { "\($0.digest) \(DockerSize.short($0.size)) / \(DockerSize.short($0.size)) done" }
        extractions = layers.map { "extracting \($0) done" }
    }
}
