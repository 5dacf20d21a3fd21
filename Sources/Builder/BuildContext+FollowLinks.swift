import GoSemantics

/// fsutil's `FollowLinks` (tonistiigi/fsutil followlinks.go, the version BuildKit v0.22.0 uses), which
/// the client runs on the paths BuildKit asks it to follow: every symlink met on the way down a path
/// is resolved inside the context and what it points at is followed too, so that `COPY current.txt`
/// also sends the file `current.txt` links to.
extension BuildContext {
    /// The followed paths with the links on them resolved, sorted, without one that is under another;
    /// nil when one of them is the context's root (a link to `/` or `..`), which sends everything.
    func followingLinks(_ paths: [String]) -> [String]? {
        var resolver = LinkResolver(files: files)
        for path in paths { resolver.append(path) }
        var deduplicated: [String] = []
        var last = ""
        for path in resolver.resolved.sorted() {
            if path == "." { return nil }
            if path.hasPrefix(last + "/") { continue }
            deduplicated.append(path)
            last = path
        }
        return deduplicated
    }

    private struct LinkResolver {
        let files: [String: File]
        var resolved: Set<String> = []
        /// A guard fsutil does without: links that point into each other without end stop here.
        var depth = 0

        /// fsutil's `symlinkResolver.append`: walks `path` a component at a time from the root; at the
        /// first link, records it and follows its targets with the rest of the path.
        mutating func append(_ path: String) {
            guard depth < 64 else { return }
            depth += 1
            defer { depth -= 1 }
            var rest = GoFilepath.clean("./" + path)
            var current = "."
            while true {
                let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                current = GoFilepath.clean(current + "/" + String(parts.first ?? ""))
                let targets = readSymlink(current, allowingWildcard: true)
                rest = parts.count == 2 ? String(parts[1]) : ""
                if rest.isEmpty || targets != nil, resolved.contains(current) { return }
                if let targets {
                    resolved.insert(current)
                    for target in targets { append(rest.isEmpty ? target : GoFilepath.clean(target + "/" + rest)) }
                    return
                }
                if rest.isEmpty {
                    resolved.insert(current)
                    return
                }
            }
        }

        /// Where the link at `path` points, as an absolute path in the context; for a last component with
        /// wildcards, where each link it matches points (nil when it matches none).
        func readSymlink(_ path: String, allowingWildcard: Bool) -> [String]? {
            let base = String(path.split(separator: "/").last ?? "")
            if allowingWildcard && Self.containsWildcards(base) {
                let folder = GoFilepath.dir(path)
                var targets: [String]?
                for child in files.keys where GoFilepath.dir(child) == folder {
                    let name = String(child.split(separator: "/").last ?? "")
                    guard (try? GoFilepath.match(base, name)) == true, let found = readSymlink(child, allowingWildcard: false) else { continue }
                    targets = (targets ?? []) + found
                }
                return targets
            }
            guard let linkTarget = files[path]?.linkTarget else { return nil }
            let link = GoFilepath.clean(linkTarget)
            if link.hasPrefix("/") { return [link] }
            return [GoFilepath.clean("/" + GoFilepath.dir(path) + "/" + link)]
        }

        /// fsutil's `containsWildcards`: `*`, `?` or `[` not escaped by a backslash.
        static func containsWildcards(_ name: String) -> Bool {
            var escaped = false
            for character in name {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if "*?[".contains(character) {
                    return true
                }
            }
            return false
        }
    }
}
