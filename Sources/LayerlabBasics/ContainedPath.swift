import Foundation

/// Where a path inside a folder really leads, following its symbolic links one component at a time,
/// dangling ones included: the one check for every path layerlab opens on the learner's behalf, so a
/// link planted in the workspace (by `docker cp` out of a container, or by a lesson pack) never takes
/// a read or a write outside it.
public enum ContainedPath {
    /// The real path of `components` below `root`, or nil when it leaves `root` (by a link or by `..`)
    /// or loops. The last component need not exist; a link to a file that does not exist yet is
    /// followed to where it would be written.
    /// With `followingLast` false the last component is taken as it is, link or not: for acting on a
    /// link itself (`rm`, `mv`), which never reads or writes where it points.
    public static func resolve(_ components: [String], inside root: URL, followingLast: Bool) -> String? {
        guard !followingLast, let last = components.last, last != "..", last != "." else { return resolve(components, inside: root) }
        guard let parent = resolve(Array(components.dropLast()), inside: root) else { return nil }
        return parent == "/" ? "/" + last : parent + "/" + last
    }

    public static func resolve(_ components: [String], inside root: URL) -> String? {
        let realRoot = root.resolvingSymlinksInPath().standardizedFileURL.path
        var current = realRoot
        var pending = components[...].filter { !$0.isEmpty && $0 != "." }
        var hops = 0
        while let next = pending.first {
            pending.removeFirst()
            if next == ".." {
                current = (current as NSString).deletingLastPathComponent
                continue
            }
            let candidate = current == "/" ? "/" + next : current + "/" + next
            guard isLink(candidate) else {
                current = candidate
                continue
            }
            hops += 1
            guard hops <= 40, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: candidate) else { return nil }
            if target.hasPrefix("/") { current = "/" }
            pending.insert(contentsOf: target.split(separator: "/").map(String.init).filter { !$0.isEmpty && $0 != "." }, at: pending.startIndex)
        }
        return current == realRoot || current.hasPrefix(realRoot + "/") ? current : nil
    }

    /// Whether `path` itself is a symbolic link (it is not followed).
    public static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }
}
