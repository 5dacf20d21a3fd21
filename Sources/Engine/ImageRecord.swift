import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// An image in the local store: its configuration (whose digest is its ID) and its layers' digests.
public struct ImageRecord: Codable, Hashable, Sendable {
    public var configuration: ImageConfiguration
    /// One per layer, base first, in the order of `rootfs.diff_ids`.
    public var layers: [LayerDigests]
    /// Layer sizes (bytes of file content), base first, as `docker history` shows them.
    public var layerSizes: [Int64]
    /// The image `docker commit` started from: the daemon keeps it beside the image (not in its
    /// config), and `docker history` names it on the rows below. Builds by BuildKit and pulls have none.
    public var parent: Digest?
    /// The config's bytes as another engine wrote them (an image pulled from a registry a real Docker
    /// pushed to, or loaded from its archive): kept as they came, for their digest is the image's ID;
    /// nil for what layerlab made, whose bytes are `configuration`'s canonical JSON.
    public var configBytes: Data?

    public init(configuration: ImageConfiguration, layers: [LayerDigests], layerSizes: [Int64], parent: Digest? = nil, configBytes: Data? = nil) {
        self.configuration = configuration
        self.layers = layers
        self.layerSizes = layerSizes
        self.parent = parent
        // Bytes that say the same as the canonical JSON need not be kept.
        self.configBytes = configBytes == configuration.canonicalJSON() ? nil : configBytes
    }

    /// The config blob: as it came, or the canonical JSON of what layerlab made.
    public var configJSON: Data { configBytes ?? configuration.canonicalJSON() }

    public var id: Digest { configBytes.map { Digest.sha256(of: $0) } ?? configuration.id }

    /// Total uncompressed size, as `docker images` shows it.
    public var size: Int64 { layerSizes.reduce(0, +) }
}
