import Foundation
import GoSemantics
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

    enum CodingKeys: String, CodingKey {
        case schemaVersion, mediaType, config, layers
    }

    /// Reads a manifest as registries serve it: the OCI spec leaves `mediaType` out of an image
    /// manifest optional (tools such as skopeo and buildah omit it), which then is an OCI one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        mediaType = try container.decodeIfPresent(String.self, forKey: .mediaType) ?? MediaType.ociManifest
        config = try container.decode(Descriptor.self, forKey: .config)
        layers = try container.decodeIfPresent([Descriptor].self, forKey: .layers) ?? []
    }

    /// The bytes a registry stores and the digest in `docker push` output is computed over.
    public func canonicalJSON() -> Data {
        // Encoding plain value types cannot fail.
        try! SortedKeysJSON.encoder.encode(self)
    }

    public var digest: Digest { Digest.sha256(of: canonicalJSON()) }
}

extension Manifest {
    /// The bytes Docker pushes to a registry: Go's `json.MarshalIndent` with three spaces, fields in
    /// the order of distribution's structs (descriptors: mediaType, size, digest). The digest a push
    /// prints, and a pull shows, is the SHA-256 of exactly these bytes.
    public func distributionJSON() -> Data {
        func descriptor(_ descriptor: Descriptor) -> JSONValue {
            .object([("mediaType", .string(descriptor.mediaType)), ("size", .number(descriptor.size)), ("digest", .string(descriptor.digest.description))])
        }
        let document: JSONValue = .object([
            ("schemaVersion", .number(Int64(schemaVersion))),
            ("mediaType", .string(mediaType)),
            ("config", descriptor(config)),
            ("layers", .array(layers.map(descriptor))),
        ])
        return Data(GoJSON.marshalIndent(document, indent: "   ").utf8)
    }
}
