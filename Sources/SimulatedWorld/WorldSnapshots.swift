import Foundation
import LayerlabBasics

/// Copies of the learner's simulated world (the engine's store with its registries, the workspace,
/// the saved logins) taken before commands that change it, so `undo` can put the world back exactly.
/// The engine store is snapshotted with hard links: it only ever replaces files by renaming new ones
/// into place, so a link keeps the old bytes. Workspace files are copied, except files over 1 MB,
/// which are linked too so a big build context does not cost a copy per command (layerlab's own
/// writes replace files; an editor that rewrites a big file in place would change its undo copy).
public struct WorldSnapshots {
    /// The folders of the home that make up the world, and whether each may be hard-linked.
    static let parts: [(name: String, linked: Bool)] = [("engine", true), ("workspace", false), ("docker", false)]
    static let depth = 10

    let home: URL
    var folder: URL { home.appendingPathComponent("snapshots") }

    /// A snapshot being taken: its folder, and the world's fingerprint when it was taken.
    public struct Pending {
        var folder: URL
        var fingerprint: [[String: String]]
    }

    /// Takes a snapshot under a label (the command about to run).
    func take(label: String) throws -> Pending {
        let fingerprint = worldFingerprint
        let target = folder.appendingPathComponent("pending-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for part in Self.parts {
            let source = home.appendingPathComponent(part.name)
            guard FileManager.default.fileExists(atPath: source.path) else { continue }
            try Self.copyTree(source, to: target.appendingPathComponent(part.name), linking: part.linked)
        }
        try Data(label.utf8).write(to: target.appendingPathComponent("label"))
        return Pending(folder: target, fingerprint: fingerprint)
    }

    /// Keeps a taken snapshot as the newest undo step, dropping the oldest beyond the depth.
    func keep(_ snapshot: URL) throws {
        let kept = stack
        let next = (kept.last.map { Int($0.lastPathComponent) ?? 0 } ?? 0) + 1
        try FileManager.default.moveItem(at: snapshot, to: folder.appendingPathComponent(String(format: "%06d", next)))
        for old in kept.dropLast(Self.depth - 1) { try? FileManager.default.removeItem(at: old) }
    }

    /// Snapshots a killed process was still taking: never kept, and each a whole copy of the world.
    func removeAbandoned() {
        Leftovers.remove(in: folder, prefix: "pending-")
    }

    func discard(_ snapshot: URL) {
        try? FileManager.default.removeItem(at: snapshot)
    }

    /// Kept snapshots, oldest first.
    var stack: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { Int($0) != nil }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Puts the newest snapshot back in place of the current world; returns its label, or nil when
    /// there is nothing to undo.
    func restoreNewest() throws -> String? {
        guard let newest = stack.last else { return nil }
        let label = (try? String(contentsOf: newest.appendingPathComponent("label"), encoding: .utf8)) ?? "the last command"
        try replaceWorld(with: newest)
        try FileManager.default.removeItem(at: newest)
        return label
    }

    /// Replaces the world's folders with a snapshot's (or empties them when the snapshot lacks one).
    func replaceWorld(with snapshot: URL) throws {
        for part in Self.parts {
            let live = home.appendingPathComponent(part.name)
            try? FileManager.default.removeItem(at: live)
            let saved = snapshot.appendingPathComponent(part.name)
            if FileManager.default.fileExists(atPath: saved.path) {
                try Self.copyTree(saved, to: live, linking: part.linked)
            }
        }
        try FileManager.default.createDirectory(at: home.appendingPathComponent("workspace"), withIntermediateDirectories: true)
    }

    /// Whether the world changed since the snapshot was taken: any file added, removed, resized or
    /// rewritten. Compared with the fingerprint taken then, so the snapshot is not walked again.
    func worldDiffers(since snapshot: Pending) -> Bool {
        worldFingerprint != snapshot.fingerprint
    }

    var worldFingerprint: [[String: String]] {
        Self.parts.map { Self.fingerprint(home.appendingPathComponent($0.name), byContent: !$0.linked) }
    }

    /// Paths with size, inode and modification time, or with a digest of their contents for the copied
    /// folders (an editor may rewrite a file within the same second).
    static func fingerprint(_ root: URL, byContent: Bool) -> [String: String] {
        var result: [String: String] = [:]
        FolderWalk.walk(root.path) { item, path in
            switch item.kind {
            case .folder:
                result[item.relativePath] = "folder"
            case .file where byContent && item.size < 4 << 20:
                let digest = FileManager.default.contents(atPath: path).map { Digest.sha256(of: $0).hex } ?? "unreadable"
                result[item.relativePath] = "\(item.size) \(digest)"
            default:
                result[item.relativePath] = "\(item.size) \(item.inode) \(item.modified.tv_sec).\(item.modified.tv_nsec)"
            }
        }
        return result
    }

    static let linkedSize: Int64 = 1_000_000

    /// Copies a folder tree; with `linking` every file becomes a hard link to the original, without
    /// it only files over 1 MB do. Symbolic links are copied as links.
    static func copyTree(_ source: URL, to target: URL, linking: Bool) throws {
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try FolderWalk.walk(source.path) { item, path in
            let destination = target.path + item.relativePath
            switch item.kind {
            case .folder:
                try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
            case .symlink:
                try FileManager.default.copyItem(atPath: path, toPath: destination)
            case .file, .other:
                guard !(linking || item.size > linkedSize) || link(path, destination) != 0 else { return }
                try FileManager.default.copyItem(atPath: path, toPath: destination)
            }
        }
    }
}
