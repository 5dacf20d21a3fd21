import Foundation
import ImageModel
import LayerlabBasics

/// The real registries the learner lets layerlab's engine push to and pull from (`layerlab
/// --registry HOST:PORT`, or `registries:` in the home's `config.yaml`). There are none unless the
/// learner lists some: layerlab stays offline by default. A loopback host is spoken to over plain
/// HTTP, as Docker takes 127.0.0.0/8 for an insecure registry; any other over HTTPS, unless its
/// entry starts with `http://`.
public struct AllowedRegistries: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        /// As image names write it: `localhost:5055`, `registry.example.com`.
        public var host: String
        public var plainHTTP: Bool

        /// Reads `HOST[:PORT]`, or the same after `http://` or `https://`.
        public init(parsing text: String) throws(AllowedRegistryError) {
            var rest = text.trimmingCharacters(in: .whitespaces)
            var scheme: String?
            for prefix in ["http://", "https://"] where rest.lowercased().hasPrefix(prefix) {
                scheme = String(prefix.dropLast(3))
                rest = String(rest.dropFirst(prefix.count))
            }
            if rest.hasSuffix("/") { rest.removeLast() }
            let port = rest.lastIndex(of: ":").map { rest[rest.index(after: $0)...] }
            let name = port.map { rest[..<rest.index($0.startIndex, offsetBy: -1)] } ?? Substring(rest)
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }),
                  port.map({ Int($0).map { (1...65535).contains($0) } ?? false }) ?? true
            else {
                throw AllowedRegistryError("'\(text)' is not a registry address: write HOST or HOST:PORT, e.g. localhost:5000 or registry.example.com")
            }
            host = rest.lowercased()
            guard host != ImageReference.defaultDomain, host != "index.docker.io", host != "registry-1.docker.io" else {
                throw AllowedRegistryError("'\(text)' is Docker Hub, which layerlab simulates: it cannot be reached as a real registry")
            }
            let loopback = name.lowercased() == "localhost" || name.hasPrefix("127.")
            plainHTTP = scheme.map { $0 == "http" } ?? loopback
        }

        /// `http://HOST:PORT` or `https://HOST[:PORT]`.
        public var baseURL: URL {
            URL(string: "\(plainHTTP ? "http" : "https")://\(host)") ?? URL(fileURLWithPath: "/")
        }
    }

    public var entries: [Entry]
    /// The file where a learner lists them, named when a host is not allowed (nil outside a home).
    public var configPath: String?
    /// What was wrong with that file, said with the same error, since nothing else reads it.
    public var configProblem: String?

    public init(entries: [Entry] = [], configPath: String? = nil, configProblem: String? = nil) {
        self.entries = entries
        self.configPath = configPath
        self.configProblem = configProblem
    }

    /// Offline: no real registry.
    public static let offline = AllowedRegistries()

    /// The entry allowing `host` (as an image name writes it), if one does.
    public func entry(for host: String) -> Entry? {
        entries.first { $0.host == host.lowercased() }
    }
}

/// A `--registry` value or `config.yaml` entry that is not a registry address.
public struct AllowedRegistryError: UserFacingError, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
