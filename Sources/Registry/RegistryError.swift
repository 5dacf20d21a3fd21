import Foundation
import GoSemantics
import LayerlabBasics

/// An error a registry answers with: distribution's error code, its message and HTTP status, and the
/// detail it attaches (`registry/api/errcode` and `registry/api/v2/errors.go`).
public struct RegistryError: Error, Equatable, Sendable {
    public enum Code: String, Sendable {
        case blobUnknown = "BLOB_UNKNOWN"
        case blobUploadInvalid = "BLOB_UPLOAD_INVALID"
        case blobUploadUnknown = "BLOB_UPLOAD_UNKNOWN"
        case digestInvalid = "DIGEST_INVALID"
        case sizeInvalid = "SIZE_INVALID"
        case tagInvalid = "TAG_INVALID"
        case paginationNumberInvalid = "PAGINATION_NUMBER_INVALID"
        case manifestBlobUnknown = "MANIFEST_BLOB_UNKNOWN"
        case manifestInvalid = "MANIFEST_INVALID"
        case manifestUnknown = "MANIFEST_UNKNOWN"
        case nameInvalid = "NAME_INVALID"
        case nameUnknown = "NAME_UNKNOWN"
        case unauthorized = "UNAUTHORIZED"
        case denied = "DENIED"
        case unsupported = "UNSUPPORTED"
        case unknown = "UNKNOWN"
    }

    public var code: Code
    /// The `detail` member of the JSON error, already as JSON text; nil leaves it out, as Go's
    /// `omitempty` does for an error made with `WithMessage`.
    public var detailJSON: String?
    /// Another message than the code's (distribution's `WithMessage`).
    public var customMessage: String?

    public init(_ code: Code, detailJSON: String? = "null") {
        self.code = code
        self.detailJSON = detailJSON
    }

    /// distribution's `ErrorCode.WithMessage`: the code with its own message and no detail.
    public init(_ code: Code, message: String) {
        self.code = code
        detailJSON = nil
        customMessage = message
    }

    public var message: String {
        if let customMessage { return customMessage }
        return switch code {
        case .blobUnknown, .manifestBlobUnknown: "blob unknown to registry"
        case .blobUploadInvalid: "blob upload invalid"
        case .blobUploadUnknown: "blob upload unknown to registry"
        case .digestInvalid: "provided digest did not match uploaded content"
        case .sizeInvalid: "provided length did not match content length"
        case .tagInvalid: "manifest tag did not match URI"
        case .paginationNumberInvalid: "invalid number of results requested"
        case .manifestInvalid: "manifest invalid"
        case .manifestUnknown: "manifest unknown"
        case .nameInvalid: "invalid repository name"
        case .nameUnknown: "repository name not known to registry"
        case .unauthorized: "authentication required"
        case .denied: "requested access to the resource is denied"
        case .unsupported: "The operation is unsupported."
        case .unknown: "unknown error"
        }
    }

    public var httpStatus: Int {
        switch code {
        // BLOB_UPLOAD_INVALID is a 404 in distribution's table, odd as it looks.
        case .blobUnknown, .manifestUnknown, .nameUnknown, .blobUploadUnknown, .blobUploadInvalid: 404
        case .manifestBlobUnknown, .manifestInvalid, .nameInvalid, .digestInvalid, .sizeInvalid, .tagInvalid, .paginationNumberInvalid: 400
        case .unauthorized: 401
        case .denied: 403
        case .unsupported: 405
        case .unknown: 500
        }
    }

    /// How the Docker client shows it: the code lower-cased with spaces, then the message
    /// (which is why learners see `manifest unknown: manifest unknown`).
    public var clientText: String {
        code.rawValue.lowercased().replacingOccurrences(of: "_", with: " ") + ": " + message
    }

    /// The body a registry sends: `{"errors":[{"code":…,"message":…,"detail":…}]}` and a newline.
    public var body: String {
        let detail = detailJSON.map { ",\"detail\":\($0)" } ?? ""
        return "{\"errors\":[{\"code\":\"\(code.rawValue)\",\"message\":\(GoJSON.string(message))\(detail)}]}\n"
    }

    /// The first error of a registry's JSON answer (`{"errors":[…]}`), as a client reads it; nil
    /// when the body is not one. A code layerlab does not know is UNKNOWN with the registry's message.
    public init?(answer body: Data) {
        struct Answer: Decodable {
            struct Entry: Decodable {
                var code: String
                var message: String?
            }
            var errors: [Entry]
        }
        guard let first = (try? JSONDecoder().decode(Answer.self, from: body))?.errors.first else { return nil }
        let code = Code(rawValue: first.code) ?? .unknown
        self.init(code, detailJSON: nil)
        if let message = first.message, message != RegistryError(code).message { customMessage = message }
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
