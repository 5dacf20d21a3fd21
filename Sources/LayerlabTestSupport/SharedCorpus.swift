import Foundation

/// The shared corpus of real inputs and the real tools' outputs (`../shared/corpus` beside the checkout).
///
/// A checkout without it (a contributor's machine) skips the corpus tests; CI sets
/// `LAYERLAB_REQUIRE_CORPUS=1` so a missing corpus fails there instead of passing quietly.
public enum SharedCorpus {
    public static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["LAYERLAB_CORPUS"] {
            return URL(fileURLWithPath: override)
        }
        let package = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return package.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()

    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: root.path)
    }

    /// True when the corpus tests should run: it is there, or CI demands it (and the tests then fail).
    public static var shouldRun: Bool {
        isAvailable || ProcessInfo.processInfo.environment["LAYERLAB_REQUIRE_CORPUS"] == "1"
    }

    /// The Dockerfile case folders, sorted by name.
    public static var dockerfileCases: [String] {
        let folder = root.appendingPathComponent("dockerfiles")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    public static func dockerfileCase(_ name: String) -> URL {
        root.appendingPathComponent("dockerfiles").appendingPathComponent(name)
    }

    /// Rows of a TSV file with a header, as dictionaries.
    public static func tsvRows(_ relativePath: String) throws -> [[String: String]] {
        let text = try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var row: [String: String] = [:]
            for (index, name) in header.enumerated() where index < fields.count {
                row[name] = fields[index]
            }
            return row
        }
    }
}
