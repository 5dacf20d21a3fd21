import LayerlabBasics

/// What a registry holds besides the bytes: each repository's tags, manifests and linked blobs, and
/// every blob's size and type. Blobs are shared by all repositories, as in distribution's storage.
struct RegistryIndex: Codable, Sendable {
    /// The layout whose blobs are all raw bytes under `blobs/`; an index without it is from before,
    /// when layers were kept as layer files (see `Registry.migrateLayerFiles`).
    static let rawBlobsFormat = 2

    struct Repository: Codable, Sendable {
        var tags: [String: Digest] = [:]
        var manifests: Set<Digest> = []
        /// Layers and configs linked into this repository (`_layers/…/link`).
        var blobs: Set<Digest> = []
    }

    struct Blob: Codable, Sendable {
        var size: Int64
        /// A manifest's media type, served as its Content-Type; other blobs are plain bytes.
        var mediaType: String
        /// True only for a layer written before raw blobs whose gzip stream could not be made again
        /// with its digest: its files stay as layer files, which the engine can still pull.
        var isLayer: Bool
        /// A catalog layer's name when the blob was pushed as one (see `RecreatableLayers`): no
        /// file until a client reads it.
        var recreatable: String?
    }

    var format: Int?
    var repositories: [String: Repository] = [:]
    /// Keyed by the digest's text (`sha256:…`).
    var blobs: [String: Blob] = [:]
}
