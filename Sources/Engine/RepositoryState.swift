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
    /// Catalog layer name → its computed digests, so a large base image is hashed only once.
    var catalogLayerDigests: [String: CompressedLayerDigests] = [:]
    /// How many containers were ever created here: makes each new ID and name different.
    var containerCounter = 0
}

