/// An image's platform as an index names it (OCI image-spec `image-index.md`): `linux/arm64/v8`.
public struct Platform: Hashable, Sendable, CustomStringConvertible {
    public var os: String
    public var architecture: String
    public var variant: String?

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// `os/architecture[/variant]`, as `--platform` takes it; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    /// The only platform layerlab's images run on.
    public static let linuxAMD64 = Platform(os: "linux", architecture: "amd64")
    /// What BuildKit gives the attestation manifest beside each image of an index.
    public static let unknown = Platform(os: "unknown", architecture: "unknown")

    public var description: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }
}
