import Foundation

/// Files compiled into layerlab, so that a copied or installed binary has its data without the checkout:
/// SwiftPM's resources would not do, as on Linux `Bundle.module` is a folder beside the executable
/// that a copy leaves behind (and its accessor stops the program when the folder is gone).
/// `Scripts/regenerate-embedded` writes each module's table from the files, which stay the source.
public struct EmbeddedFiles: Sendable {
    /// Each file's bytes in base64, by its path relative to the checkout.
    public let encoded: [String: String]

    public init(_ encoded: [String: String]) {
        self.encoded = encoded
    }

    public var paths: [String] { encoded.keys.sorted() }

    /// A file's bytes; nil when there is no such file.
    public func data(_ path: String) -> Data? {
        encoded[path].flatMap { Data(base64Encoded: $0) }
    }

    /// Every file's bytes, by path.
    public func all() -> [String: Data] {
        encoded.compactMapValues { Data(base64Encoded: $0) }
    }
}
