import Foundation
import LayerlabBasics

/// An image manifest: the config and the layers, by descriptor (OCI `manifest.md`, Docker v2 schema 2).
public struct Manifest: Codable, Hashable, Sendable {
    public var schemaVersion: Int
    public var mediaType: String
    public var config: Descriptor
    public var layers: [Descriptor]

    public init(mediaType: String = MediaType.dockerManifest, config: Descriptor, layers: [Descriptor]) {
        schemaVersion = 2
        self.mediaType = mediaType
        self.config = config
        self.layers = layers
    }

    /// The bytes a registry stores and the digest in `docker push` output is computed over.
    public func canonicalJSON() -> Data {
        // Encoding plain value types cannot fail.
        try! CanonicalJSON.encoder.encode(self)
    }

    public var digest: Digest { Digest.sha256(of: canonicalJSON()) }
}
