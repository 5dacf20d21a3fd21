import Engine
import Foundation
import LayerlabBasics

/// What the learner has made, by name: image tags, containers, logins and workspace files, each with
/// what it is now. Compared before and after an exercise's start runs over the learner's world, it
/// says what the start removed or replaced, so the learner hears of it (and that `undo` brings it back).
struct WorldInventory: Equatable {
    var images: [String: String] = [:]
    var containers: [String: String] = [:]
    var logins: Set<String> = []
    /// Relative path → a digest of the file's bytes.
    var files: [String: String] = [:]

    init(_ view: WorldView) {
        for record in view.engine.images.all {
            for tag in view.engine.images.tags(of: record.id) { images[tag.familiarName + ":" + (tag.tag ?? "latest")] = record.id.description }
        }
        for container in view.engine.allContainers { containers[container.name] = container.id }
        logins = Set(view.credentials.auths.keys)
        let root = view.workspace.standardizedFileURL.path
        if let walker = FileManager.default.enumerator(atPath: root) {
            while let relative = walker.nextObject() as? String {
                let path = root + "/" + relative
                var isDirectory: ObjCBool = false
                guard !ContainedPath.isLink(path), FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                      let data = FileManager.default.contents(atPath: path) else { continue }
                files[relative] = Digest.sha256(of: data).hex
            }
        }
    }

    /// What `later` no longer has, or has otherwise, as sentences naming each kind.
    func losses(in later: WorldInventory) -> [String] {
        func lost<Value: Equatable>(_ before: [String: Value], _ after: [String: Value]) -> (removed: [String], replaced: [String]) {
            (before.keys.filter { after[$0] == nil }.sorted(), before.keys.filter { after[$0] != nil && after[$0] != before[$0] }.sorted())
        }
        func listed(_ names: [String]) -> String {
            names.count <= 4 ? names.joined(separator: ", ") : names.prefix(4).joined(separator: ", ") + " and \(names.count - 4) more"
        }
        var sentences: [String] = []
        for (kind, change) in [("images", lost(images, later.images)), ("containers", lost(containers, later.containers)), ("workspace files", lost(files, later.files))] {
            if !change.removed.isEmpty { sentences.append("removed \(kind) \(listed(change.removed))") }
            if !change.replaced.isEmpty { sentences.append("replaced \(kind) \(listed(change.replaced))") }
        }
        let loggedOut = logins.subtracting(later.logins).sorted()
        if !loggedOut.isEmpty { sentences.append("logged out of \(listed(loggedOut))") }
        return sentences
    }
}
