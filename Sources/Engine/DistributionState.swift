import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// What the engine remembers of registries between pulls and pushes (`distribution.json`): each
/// layer's gzip digests once worked out, and which repositories hold each blob, for cross-repository
/// mounts.
final class DistributionState {
    private let storage: StoreFolder
    private var saved: Saved

    struct Saved: Codable {
        /// Layer diffID → its gzip digests, computed at its first push.
        var compressedLayers: [String: CompressedLayerDigests] = [:]
        /// Blob digest → the `host/repository`s it was pulled from or pushed to.
        var blobSources: [String: [String]] = [:]

        init() {}

        /// Reads its own file, or the fields of `repositories.json` that held it before layerlab gave
        /// each part of the engine a file of its own.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            compressedLayers = try container.decodeIfPresent([String: CompressedLayerDigests].self, forKey: .compressedLayers) ?? [:]
            blobSources = try container.decodeIfPresent([String: [String]].self, forKey: .blobSources) ?? [:]
        }
    }

    static let file = "distribution.json"

    init(storage: StoreFolder) {
        self.storage = storage
        saved = storage.loadPart(Self.file, empty: Saved()) { !$0.compressedLayers.isEmpty || !$0.blobSources.isEmpty }
    }

    func compressedDigests(of diffID: Digest) -> CompressedLayerDigests? { saved.compressedLayers[diffID.description] }

    func recordCompressedDigests(_ digests: CompressedLayerDigests) {
        saved.compressedLayers[digests.diffID.description] = digests
    }

    func blobSources(of blob: Digest) -> [String] { saved.blobSources[blob.description] ?? [] }

    func recordBlobSource(_ blob: Digest, _ repository: String) {
        var sources = saved.blobSources[blob.description] ?? []
        if !sources.contains(repository) { sources.append(repository) }
        saved.blobSources[blob.description] = sources
    }

    func save() throws(EngineError) {
        try storage.persist(StoreFolder.encode(saved), to: Self.file)
    }
}
