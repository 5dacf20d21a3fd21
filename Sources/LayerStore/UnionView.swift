/// Layers stacked the way overlayfs stacks them: each layer's entries over the ones below, whiteouts
/// deleting, opaque directories hiding what lower layers had inside them. For every path it knows which
/// layer supplied it and what happened to it in the layers above: the picture a learner needs to see
/// why deleting a file in a later layer does not make an image smaller.
public struct UnionView: Sendable {
    /// An entry visible in the union, and the layer (0 = base) it comes from.
    public struct Resolved: Equatable, Sendable {
        public var entry: LayerEntry
        public var layer: Int
    }

    /// What a layer did to a path.
    public enum Event: Equatable, Sendable {
        /// The path first appeared in this layer.
        case added(layer: Int)
        /// The layer replaced the path with a new copy (the old bytes stay in the lower layer).
        case replaced(layer: Int)
        /// A whiteout in this layer deleted the path (its bytes stay in the lower layer).
        case deleted(layer: Int)
        /// An opaque directory or a replaced directory in this layer hid the path.
        case hidden(layer: Int)
    }

    private(set) var entries: [String: Resolved] = [:]
    private(set) var events: [String: [Event]] = [:]
    public private(set) var layerCount: Int

    /// Stacks `layers`, the base first.
    public init(layers: [Layer]) {
        layerCount = layers.count
        for (index, layer) in layers.enumerated() { apply(layer, as: index) }
    }

    /// Puts one more layer on top: what a build step adds, without stacking the layers below again.
    public mutating func stack(_ layer: Layer) {
        apply(layer, as: layerCount)
        layerCount += 1
    }

    /// The entry at an absolute path, if the union has one.
    public func resolve(_ path: String) -> Resolved? {
        entries[LayerPath.normalize(path)]
    }

    /// Everything that happened to a path, bottom layer first.
    public func history(of path: String) -> [Event] {
        events[LayerPath.normalize(path)] ?? []
    }

    /// The names directly inside a directory, sorted.
    public func children(of directory: String) -> [String] {
        let directory = LayerPath.normalize(directory)
        return entries.keys.filter { $0 != directory && LayerPath.parent(of: $0) == directory }
            .map { String($0.split(separator: "/").last!) }
            .sorted()
    }

    /// Every visible path, sorted.
    public var paths: [String] { entries.keys.sorted() }

    /// Bytes of file content visible in the union.
    public var visibleContentSize: Int64 { entries.values.reduce(0) { $0 + $1.entry.contentSize } }

    /// Bytes of the entries at `path` and below it.
    public func contentSize(under path: String) -> Int64 {
        let path = LayerPath.normalize(path)
        return entries.reduce(0) { total, item in LayerPath.isInside(item.key, path) ? total + item.value.entry.contentSize : total }
    }

    private mutating func apply(_ layer: Layer, as index: Int) {
        // Opaque markers hide lower content first, so entries of the same layer inside stay visible.
        for case .opaque(let directory) in layer.changes {
            removeDescendants(of: LayerPath.normalize(directory), layer: index, event: .hidden(layer: index))
        }
        for change in layer.changes {
            switch change {
            case .opaque:
                continue
            case .delete(let path):
                let path = LayerPath.normalize(path)
                guard entries[path] != nil else { continue }
                removeDescendants(of: path, layer: index, event: .hidden(layer: index))
                entries[path] = nil
                events[path, default: []].append(.deleted(layer: index))
            case .put(var entry):
                entry.path = LayerPath.normalize(entry.path)
                ensureParents(of: entry.path, layer: index)
                if let existing = entries[entry.path] {
                    // A new file or link over a directory hides everything the directory held.
                    if existing.entry.isDirectory && !entry.isDirectory {
                        removeDescendants(of: entry.path, layer: index, event: .hidden(layer: index))
                    }
                    events[entry.path, default: []].append(.replaced(layer: index))
                } else {
                    events[entry.path, default: []].append(.added(layer: index))
                }
                entries[entry.path] = Resolved(entry: entry, layer: index)
            }
        }
    }

    /// Directories a layer's entry needs exist implicitly, as a tar extract creates them.
    private mutating func ensureParents(of path: String, layer: Int) {
        var parent = LayerPath.parent(of: path)
        var missing: [String] = []
        while parent != "/" && entries[parent]?.entry.isDirectory != true {
            missing.append(parent)
            parent = LayerPath.parent(of: parent)
        }
        for directory in missing.reversed() {
            if entries[directory] != nil {
                removeDescendants(of: directory, layer: layer, event: .hidden(layer: layer))
                events[directory, default: []].append(.replaced(layer: layer))
            } else {
                events[directory, default: []].append(.added(layer: layer))
            }
            entries[directory] = Resolved(entry: .directory(directory), layer: layer)
        }
    }

    private mutating func removeDescendants(of directory: String, layer: Int, event: Event) {
        let prefix = directory == "/" ? "/" : directory + "/"
        for path in entries.keys where path.hasPrefix(prefix) && path != directory {
            entries[path] = nil
            events[path, default: []].append(event)
        }
    }
}
