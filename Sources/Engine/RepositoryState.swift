import Foundation
import LayerlabBasics
import LayerStore

/// Which names point at which images: the engine's `repositories.json`.
struct RepositoryState: Codable, Sendable {
    /// Full reference with tag (`docker.io/library/alpine:3.20`) → image ID.
    var tags: [String: Digest] = [:]
    /// Image ID → `name@sha256:…` references from pulls and pushes.
    var repoDigests: [String: [String]] = [:]
    /// Image ID → when a name was last put on it.
    var lastTagTime: [String: Date] = [:]
    /// Layer diffID → its gzip digests, computed at its first push.
    var compressedLayers: [String: CompressedLayerDigests] = [:]
    /// Blob digest → the `host/repository`s it was pulled from or pushed to, for cross-repository mounts.
    var blobSources: [String: [String]] = [:]
    /// How many containers were ever created here: makes each new ID and name different.
    var containerCounter = 0

    init() {}

    /// Reads the file of any earlier layerlab: a field it did not have yet starts empty.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tags = try container.decodeIfPresent([String: Digest].self, forKey: .tags) ?? [:]
        repoDigests = try container.decodeIfPresent([String: [String]].self, forKey: .repoDigests) ?? [:]
        lastTagTime = try container.decodeIfPresent([String: Date].self, forKey: .lastTagTime) ?? [:]
        compressedLayers = try container.decodeIfPresent([String: CompressedLayerDigests].self, forKey: .compressedLayers) ?? [:]
        blobSources = try container.decodeIfPresent([String: [String]].self, forKey: .blobSources) ?? [:]
        containerCounter = try container.decodeIfPresent(Int.self, forKey: .containerCounter) ?? 0
    }
}
