import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// An image in the local store: its configuration (whose digest is its ID) and its layers' digests.
public struct ImageRecord: Codable, Hashable, Sendable {
    public let configuration: ImageConfiguration
    /// One per layer, base first, in the order of `rootfs.diff_ids`.
    public let layers: [LayerDigests]
    /// Layer sizes (bytes of file content), base first, as `docker history` shows them.
    public let layerSizes: [Int64]
    /// The image `docker commit` started from: the daemon keeps it beside the image (not in its
    /// config), and `docker history` names it on the rows below. Builds by BuildKit and pulls have none.
    public let parent: Digest?
    /// The config's bytes as another engine wrote them (an image pulled from a registry a real Docker
    /// pushed to, or loaded from its archive): kept as they came, for their digest is the image's ID;
    /// nil for what layerlab made, whose bytes are `configuration`'s canonical JSON.
    public let configBytes: Data?
    /// The digest of the config blob. Worked out once: encoding the configuration to hash it was a
    /// tenth of a build's time when every use of the ID did it again.
    public let id: Digest

    public init(configuration: ImageConfiguration, layers: [LayerDigests], layerSizes: [Int64], parent: Digest? = nil, configBytes: Data? = nil) {
        self.configuration = configuration
        self.layers = layers
        self.layerSizes = layerSizes
        self.parent = parent
        // Bytes that say the same as the canonical JSON need not be kept.
        let canonical = configuration.canonicalJSON()
        self.configBytes = configBytes == canonical ? nil : configBytes
        id = Digest.sha256(of: self.configBytes ?? canonical)
    }

    private enum CodingKeys: String, CodingKey {
        case configuration, layers, layerSizes, parent, configBytes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        configuration = try container.decode(ImageConfiguration.self, forKey: .configuration)
        layers = try container.decode([LayerDigests].self, forKey: .layers)
        layerSizes = try container.decode([Int64].self, forKey: .layerSizes)
        parent = try container.decodeIfPresent(Digest.self, forKey: .parent)
        configBytes = try container.decodeIfPresent(Data.self, forKey: .configBytes)
        id = configBytes.map { Digest.sha256(of: $0) } ?? configuration.id
    }

    /// The config blob: as it came, or the canonical JSON of what layerlab made.
    public var configJSON: Data { configBytes ?? configuration.canonicalJSON() }

    /// Total uncompressed size, as `docker images` shows it.
    public var size: Int64 { layerSizes.reduce(0, +) }
}
