import Foundation
import ImageModel
import LayerlabBasics

/// What a registry serves for a name: an image manifest's bytes, or an index (the Hub's official
/// images) with the bytes of the linux/amd64 image it names.
public struct RemoteManifest: Sendable {
    public var bytes: Data
    public var index: ImageIndex?
    public var platformManifest: Data?

    public init(bytes: Data, index: ImageIndex? = nil, platformManifest: Data? = nil) {
        self.bytes = bytes
        self.index = index
        self.platformManifest = platformManifest
    }

    public var digest: Digest { Digest.sha256(of: bytes) }
}
