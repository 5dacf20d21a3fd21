import Foundation
import GoSemantics
import ImageModel
import LayerlabBasics

/// A manifest as a client pushes it, of any kind distribution stores: Docker schema 2, an OCI image
/// manifest, a Docker manifest list or an OCI image index. Only what the registry checks is read; the
/// bytes themselves are kept exactly as sent.
struct PushedManifest: Sendable {
    /// The kinds distribution 2.8 accepts (schema 1 is long gone from clients layerlab meets).
    static let mediaTypes: Set<String> = [MediaType.dockerManifest, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.ociIndex]

    var mediaType: String
    /// Blobs an image manifest names (config, then layers); they must be in the repository.
    var blobs: [Digest]
    /// Manifests an index or list names; they must be in the repository too.
    var manifests: [Digest]

    private struct Fields: Decodable {
        struct Reference: Decodable { var digest: String }
        var schemaVersion: Int?
        var mediaType: String?
        var config: Reference?
        var layers: [Reference]?
        var manifests: [Reference]?
    }

    /// Reads the JSON; `contentType` is the request's Content-Type. The kind comes from the JSON's
    /// `mediaType`, or for OCI content without one from the Content-Type or the structure, as the
    /// OCI spec leaves `mediaType` optional. Anything else is MANIFEST_INVALID.
    init(_ bytes: Data, contentType: String?) throws(RegistryError) {
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: bytes)
        } catch {
            throw RegistryError(.manifestInvalid, detailJSON: GoJSON.string("invalid manifest JSON"))
        }
        guard fields.schemaVersion == 2 else {
            throw RegistryError(.manifestInvalid, detailJSON: GoJSON.string("unsupported manifest schema version \(fields.schemaVersion.map(String.init) ?? "(none)")"))
        }
        let declared = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
        let kind: String
        if let mediaType = fields.mediaType {
            kind = mediaType
        } else if let declared, declared == MediaType.ociManifest || declared == MediaType.ociIndex {
            kind = declared
        } else {
            kind = fields.manifests != nil ? MediaType.ociIndex : MediaType.ociManifest
        }
        guard Self.mediaTypes.contains(kind) else {
            throw RegistryError(.manifestInvalid, detailJSON: GoJSON.string("unsupported manifest media type \(kind)"))
        }
        // distribution unmarshals by the Content-Type and refuses a body of another kind.
        if let declared, Self.mediaTypes.contains(declared), declared != kind {
            throw RegistryError(.manifestInvalid, detailJSON: GoJSON.string("mediaType in manifest should be '\(declared)' not '\(kind)'"))
        }
        func digests(_ references: [Fields.Reference]) throws(RegistryError) -> [Digest] {
            var parsed: [Digest] = []
            for reference in references {
                guard let digest = try? Digest(parsing: reference.digest) else { throw RegistryError(.digestInvalid) }
                parsed.append(digest)
            }
            return parsed
        }
        mediaType = kind
        if kind == MediaType.dockerManifestList || kind == MediaType.ociIndex {
            guard let listed = fields.manifests else { throw RegistryError(.manifestInvalid, detailJSON: GoJSON.string("an index needs manifests")) }
            manifests = try digests(listed)
            blobs = []
        } else {
            guard let config = fields.config else { throw RegistryError(.manifestInvalid, detailJSON: GoJSON.string("an image manifest needs a config")) }
            blobs = try digests([config] + (fields.layers ?? []))
            manifests = []
        }
    }
}
