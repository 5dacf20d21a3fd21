import Foundation
import GoSemantics
import LayerlabBasics

/// An OCI image index, as Docker Hub serves its official images: an image manifest per platform, each
/// followed by the attestation manifest BuildKit made with it (platform unknown/unknown, pointing back
/// at its image by the `vnd.docker.reference.digest` annotation). Also the `index.json` of an OCI
/// image layout (`docker save`), whose entries name images rather than platforms.
public struct ImageIndex: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var descriptor: Descriptor
        public var platform: Platform?

        public init(descriptor: Descriptor, platform: Platform?) {
            self.descriptor = descriptor
            self.platform = platform
        }

        /// An attestation manifest rather than an image.
        public var isAttestation: Bool { descriptor.annotations?["vnd.docker.reference.type"] == "attestation-manifest" }
    }

    public var mediaType: String
    public var manifests: [Entry]

    public init(mediaType: String = MediaType.ociIndex, manifests: [Entry]) {
        self.mediaType = mediaType
        self.manifests = manifests
    }

    /// The image manifest for a platform, if the index has one.
    public func image(for platform: Platform) -> Entry? {
        manifests.first { !$0.isAttestation && $0.platform == platform }
    }

    /// The index's bytes: Go's `json.Marshal` of the OCI structs, fields in their order (descriptors:
    /// mediaType, digest, size, annotations, platform), annotation keys sorted as Go writes a map.
    public func json() -> Data {
        Data(GoJSON.marshal(.object([
            ("schemaVersion", .number(2)),
            ("mediaType", .string(mediaType)),
            ("manifests", .array(manifests.map { entry in
                var members: [(String, JSONValue)] = [
                    ("mediaType", .string(entry.descriptor.mediaType)),
                    ("digest", .string(entry.descriptor.digest.description)),
                    ("size", .number(entry.descriptor.size)),
                ]
                if let annotations = entry.descriptor.annotations, !annotations.isEmpty {
                    members.append(("annotations", .object(annotations.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
                }
                if let platform = entry.platform { members.append(("platform", Self.platformJSON(platform))) }
                return .object(members)
            })),
        ])).utf8)
    }

    /// The manifest list the Docker CLI's `manifest inspect` prints for an index (docker/cli v28.2.2
    /// cli/command/manifest/inspect.go `printManifestList`): it fetches every entry and rebuilds them as
    /// a Docker manifest list, `json.MarshalIndent` with three spaces, annotations dropped.
    public func manifestListJSON() -> String {
        GoJSON.marshalIndent(.object([
            ("schemaVersion", .number(2)),
            ("mediaType", .string(MediaType.dockerManifestList)),
            ("manifests", .array(manifests.map { entry in
                .object([
                    ("mediaType", .string(entry.descriptor.mediaType)),
                    ("size", .number(entry.descriptor.size)),
                    ("digest", .string(entry.descriptor.digest.description)),
                    // PlatformSpec is not optional there: an entry without one shows empty fields.
                    ("platform", Self.platformJSON(entry.platform ?? Platform(os: "", architecture: ""))),
                ])
            })),
        ]), indent: "   ")
    }

    private static func platformJSON(_ platform: Platform) -> JSONValue {
        var members: [(String, JSONValue)] = [("architecture", .string(platform.architecture)), ("os", .string(platform.os))]
        if let variant = platform.variant { members.append(("variant", .string(variant))) }
        return .object(members)
    }
}
