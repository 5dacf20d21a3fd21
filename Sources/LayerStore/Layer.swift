import LayerlabBasics

/// A filesystem delta: what one build step or a container changed. Applied over the layers below it,
/// it adds or replaces entries, deletes paths (whiteouts), and can hide a whole directory's lower
/// contents (an opaque directory).
public struct Layer: Codable, Hashable, Sendable {
    public enum Change: Codable, Hashable, Sendable {
        case put(LayerEntry)
        case delete(String)
        case opaque(String)

        /// The absolute path the change is about.
        public var path: String {
            switch self {
            case .put(let entry): entry.path
            case .delete(let path), .opaque(let path): path
            }
        }
    }

    public var changes: [Change]

    public init(changes: [Change]) {
        self.changes = changes
    }

    /// Uncompressed size of the files the layer adds, as `docker history` shows it.
    public var contentSize: Int64 {
        changes.reduce(0) { total, change in
            if case .put(let entry) = change { return total + entry.contentSize }
            return total
        }
    }

    public var isEmpty: Bool { changes.isEmpty }
}

/// Normalizes learner- and builder-given paths to the absolute form layers use.
public enum LayerPath {
    /// `/a/./b//c/` → `/a/b/c`; `..` cannot climb above `/`.
    public static func normalize(_ path: String) -> String {
        if isNormal(path) { return path }
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether a path is already as `normalize` makes it: most are (every catalog entry), and a scan
    /// of its bytes costs far less than splitting and joining it, which stacking golang's layers did
    /// tens of thousands of times.
    static func isNormal(_ path: String) -> Bool {
        var bytes = path.utf8.makeIterator()
        guard bytes.next() == UInt8(ascii: "/") else { return false }
        // Bytes since the last slash, and whether they were all dots.
        var componentLength = 0, allDots = true, count = 1
        while let byte = bytes.next() {
            count += 1
            if byte == UInt8(ascii: "/") {
                if componentLength == 0 || (allDots && componentLength <= 2) { return false }
                componentLength = 0
                allDots = true
            } else {
                componentLength += 1
                if byte != UInt8(ascii: ".") { allDots = false }
            }
        }
        if count == 1 { return true }
        return componentLength > 0 && !(allDots && componentLength <= 2)
    }

    /// The last component of a path (`/etc/os-release` → `os-release`; "" for `/`).
    public static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? ""
    }

    /// The parent directory of an absolute path (`/` for `/` and top-level entries).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// Whether `path` is `directory` or lies below it.
    public static func isInside(_ path: String, _ directory: String) -> Bool {
        directory == "/" || path == directory || path.hasPrefix(directory + "/")
    }
}
