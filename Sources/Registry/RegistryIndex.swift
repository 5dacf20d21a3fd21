import LayerlabBasics

/// What a registry holds besides the bytes: each repository's tags, manifests and linked blobs, and
/// every blob's size and type. Blobs are shared by all repositories, as in distribution's storage.
struct RegistryIndex: Codable, Sendable {
    struct Repository: Codable, Sendable {
        var tags: [String: Digest] = [:]
        var manifests: Set<Digest> = []
        /// Layers and configs linked into this repository (`_layers/…/link`).
        var blobs: Set<Digest> = []
    }

    struct Blob: Codable, Sendable {
        var size: Int64
        var mediaType: String
        /// True for layers, kept as layer files; configs and manifests are kept as bytes.
        var isLayer: Bool
    }

    var repositories: [String: Repository] = [:]
    /// Keyed by the digest's text (`sha256:…`).
    var blobs: [String: Blob] = [:]
}
