import Engine
import Foundation
import Yams

/// The learner's settings for a home, `$LAYERLAB_HOME/config.yaml`, read when the world opens.
/// Today it holds one thing, the real registries layerlab may reach:
///
/// ```yaml
/// registries:
///   - localhost:5055
///   - registry.example.com
/// ```
enum HomeConfig {
    static let fileName = "config.yaml"

    /// The registries the file lists. A file with a mistake allows none, and the mistake is said
    /// (with its line) in the error a registry that is not allowed gets, the one place it matters.
    static func allowedRegistries(home: URL) -> AllowedRegistries {
        let path = home.appendingPathComponent(fileName).path
        var allowed = AllowedRegistries(configPath: path)
        guard let data = FileManager.default.contents(atPath: path) else { return allowed }
        do throws(Mistake) {
            allowed.entries = try registries(in: String(decoding: data, as: UTF8.self))
        } catch {
            allowed.configProblem = "\(path):\(error.line): \(error.message)"
        }
        return allowed
    }

    struct Mistake: Error {
        var line: Int
        var message: String
    }

    static func registries(in text: String) throws(Mistake) -> [AllowedRegistries.Entry] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw Mistake(line: 1, message: "not valid YAML: \(error)")
        }
        guard let root else { return [] }
        guard let mapping = root.mapping else {
            throw Mistake(line: root.mark?.line ?? 1, message: "the file must be a mapping, e.g. registries: [localhost:5000]")
        }
        var entries: [AllowedRegistries.Entry] = []
        for (key, value) in mapping {
            guard key.string == "registries" else {
                throw Mistake(line: key.mark?.line ?? 1, message: "'\(key.string ?? "")' is not a setting layerlab knows (it knows registries)")
            }
            guard let hosts = value.sequence else { throw Mistake(line: value.mark?.line ?? 1, message: "registries must be a list of HOST:PORT") }
            for host in hosts {
                do throws(AllowedRegistryError) {
                    // A map (`- localhost: 5000`, a space too many) has no string, and is refused as no address.
                    entries.append(try AllowedRegistries.Entry(parsing: host.string ?? ""))
                } catch {
                    throw Mistake(line: host.mark?.line ?? 1, message: error.message)
                }
            }
        }
        return entries
    }
}
