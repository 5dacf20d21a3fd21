import GoSemantics
import LayerlabBasics

/// An error a registry answers with: distribution's error code, its message and HTTP status, and the
/// detail it attaches (`registry/api/errcode` and `registry/api/v2/errors.go`).
public struct RegistryError: Error, Equatable, Sendable {
    public enum Code: String, Sendable {
        case blobUnknown = "BLOB_UNKNOWN"
        case manifestBlobUnknown = "MANIFEST_BLOB_UNKNOWN"
        case manifestInvalid = "MANIFEST_INVALID"
        case manifestUnknown = "MANIFEST_UNKNOWN"
        case nameInvalid = "NAME_INVALID"
        case nameUnknown = "NAME_UNKNOWN"
        case unauthorized = "UNAUTHORIZED"
        case denied = "DENIED"
        case unsupported = "UNSUPPORTED"
    }

    public var code: Code
    /// The `detail` member of the JSON error, already as JSON text (`null` when there is none).
    public var detailJSON: String

    public init(_ code: Code, detailJSON: String = "null") {
        self.code = code
        self.detailJSON = detailJSON
    }

    public var message: String {
        switch code {
        case .blobUnknown, .manifestBlobUnknown: "blob unknown to registry"
        case .manifestInvalid: "manifest invalid"
        case .manifestUnknown: "manifest unknown"
        case .nameInvalid: "invalid repository name"
        case .nameUnknown: "repository name not known to registry"
        case .unauthorized: "authentication required"
        case .denied: "requested access to the resource is denied"
        case .unsupported: "The operation is unsupported."
        }
    }

    public var httpStatus: Int {
        switch code {
        case .blobUnknown, .manifestUnknown, .nameUnknown: 404
        case .manifestBlobUnknown, .manifestInvalid, .nameInvalid: 400
        case .unauthorized: 401
        case .denied: 403
        case .unsupported: 405
        }
    }

    /// How the Docker client shows it: the code lower-cased with spaces, then the message
    /// (which is why learners see `manifest unknown: manifest unknown`).
    public var clientText: String {
        code.rawValue.lowercased().replacingOccurrences(of: "_", with: " ") + ": " + message
    }

    /// The body a registry sends: `{"errors":[{"code":…,"message":…,"detail":…}]}` and a newline.
    public var body: String {
        "{\"errors\":[{\"code\":\"\(code.rawValue)\",\"message\":\(GoJSON.string(message)),\"detail\":\(detailJSON)}]}\n"
    }

    /// An unknown tag: distribution 2.8's manifest handler details it with `ErrTagUnknown`, which holds
    /// only the tag (seen on the reference engine's registry: `"detail":{"Tag":"latest"}`).
    public static func manifestUnknown(tag: String) -> RegistryError {
        RegistryError(.manifestUnknown, detailJSON: "{\"Tag\":\(GoJSON.string(tag))}")
    }

    public static func nameUnknown(_ repository: String) -> RegistryError {
        RegistryError(.nameUnknown, detailJSON: "{\"name\":\(GoJSON.string(repository))}")
    }

    public static func blobUnknown(_ digest: Digest) -> RegistryError {
        RegistryError(.blobUnknown, detailJSON: GoJSON.string(digest.description))
    }
}
