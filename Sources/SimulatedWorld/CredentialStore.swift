import Engine
import Foundation
import ImageModel
import LayerStore

/// The client's saved logins, kept as Docker keeps them without a credential helper: the file
/// `config.json` (here under `$LAYERLAB_HOME/docker/`) with `auths` → server → base64 `user:password`.
/// That is unencrypted, which is why `docker login` warns about it.
public struct CredentialStore {
    /// Docker Hub's key in `auths`.
    public static let hubServer = "https://index.docker.io/v1/"

    let folder: StoreFolder

    public init(home: URL) {
        folder = StoreFolder(root: home.appendingPathComponent("docker"))
    }

    public var path: String { folder.url("config.json").path }

    /// The `auths` key for a registry host (`docker.io` → Hub's URL).
    public static func server(for host: String) -> String {
        host == ImageReference.defaultDomain ? hubServer : host
    }

    /// What a learner may type as a server: `docker.io`, `index.docker.io`, `https://localhost:5000/v2/`…
    public static func host(typed: String?) -> String {
        guard var text = typed, !text.isEmpty else { return ImageReference.defaultDomain }
        for scheme in ["https://", "http://"] where text.hasPrefix(scheme) { text.removeFirst(scheme.count) }
        if let slash = text.firstIndex(of: "/") { text = String(text[..<slash]) }
        return ["docker.io", "index.docker.io", "registry-1.docker.io"].contains(text) ? ImageReference.defaultDomain : text
    }

    public func credentials(for host: String) -> RegistryCredentials? {
        guard let encoded = auths[Self.server(for: host)],
              let data = Data(base64Encoded: encoded),
              let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":")
        else { return nil }
        return RegistryCredentials(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
    }

    public func save(_ credentials: RegistryCredentials, for host: String) throws(StoreError) {
        var all = auths
        all[Self.server(for: host)] = Data("\(credentials.username):\(credentials.password)".utf8).base64EncodedString()
        try write(all)
    }

    /// Forgets a login; false when there was none.
    public func remove(for host: String) throws(StoreError) -> Bool {
        var all = auths
        guard all.removeValue(forKey: Self.server(for: host)) != nil else { return false }
        try write(all)
        return true
    }

    public var auths: [String: String] {
        guard let data = folder.read("config.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let auths = object["auths"] as? [String: [String: Any]]
        else { return [:] }
        return auths.compactMapValues { $0["auth"] as? String }
    }

    /// Written as the Docker CLI writes it: tab-indented JSON, servers in sorted order.
    func write(_ auths: [String: String]) throws(StoreError) {
        let entries = auths.keys.sorted().map { "\t\t\"\($0)\": {\n\t\t\t\"auth\": \"\(auths[$0]!)\"\n\t\t}" }
        let body = entries.isEmpty ? "\t\"auths\": {}" : "\t\"auths\": {\n" + entries.joined(separator: ",\n") + "\n\t}"
        try folder.write(Data("{\n\(body)\n}".utf8), to: "config.json")
    }
}
