import Foundation

/// The packages the simulated package managers know, with realistic installed sizes (data in
/// `Packages/packages.json`).
struct PackageCatalog: Decodable, Sendable {
    struct Package: Decodable, Sendable {
        var size: Int64
        var version: String?
        var bin: [String]?
        var data: String?
        var lib: Bool?
        var depends: [String]?
        /// Extra bytes the package's recommended packages add unless `--no-install-recommends`.
        var recommends: Int64?
    }

    var apt: [String: Package]
    var apk: [String: Package]
    var pip: [String: Package]
    var npm: [String: Package]

    static let shared: PackageCatalog? = {
        guard let data = embeddedPackageFiles.data("Sources/SimulatedShell/Packages/packages.json") else { return nil }
        return try? JSONDecoder().decode(PackageCatalog.self, from: data)
    }()

    /// A package and everything it depends on, each once, dependencies first.
    static func closure(_ names: [String], in packages: [String: Package]) -> [(String, Package)]? {
        var ordered: [(String, Package)] = []
        var seen = Set<String>()
        func visit(_ name: String) -> Bool {
            guard !seen.contains(name) else { return true }
            guard let package = packages[name] else { return false }
            seen.insert(name)
            for dependency in package.depends ?? [] where !visit(dependency) { return false }
            ordered.append((name, package))
            return true
        }
        for name in names where !visit(name) { return nil }
        return ordered
    }
}
