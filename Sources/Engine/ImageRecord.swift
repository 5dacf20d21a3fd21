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

    public init(configuration: ImageConfiguration, layers: [LayerDigests], layerSizes: [Int64], parent: Digest? = nil) {
        self.configuration = configuration
        self.layers = layers
        self.layerSizes = layerSizes
        self.parent = parent
    }

    public var id: Digest { configuration.id }

    /// Total uncompressed size, as `docker images` shows it.
    public var size: Int64 { layerSizes.reduce(0, +) }
}
