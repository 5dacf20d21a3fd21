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

    public init(configuration: ImageConfiguration, layers: [LayerDigests], layerSizes: [Int64]) {
        self.configuration = configuration
        self.layers = layers
        self.layerSizes = layerSizes
    }

    public var id: Digest { configuration.id }

    /// Total uncompressed size, as `docker images` shows it.
    public var size: Int64 { layerSizes.reduce(0, +) }
}
