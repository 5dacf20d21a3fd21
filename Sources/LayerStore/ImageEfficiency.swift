/// How much of an image's bytes are wasted, as dive measures it (dive v0.13.1 dive/filetree/efficiency.go
/// Efficiency): a path that appears in more than one layer (written, replaced, deleted) costs every
/// copy, though only the smallest is needed.
public struct ImageEfficiency: Equatable, Sendable {
    public struct WastedPath: Equatable, Sendable {
        public var path: String
        /// How many layers hold an entry for it (a deletion counts).
        public var occurrences: Int
        /// The bytes of all its copies.
        public var cumulativeSize: Int64
    }

    /// The smallest copy of every path over the bytes of all copies: 1 when nothing is wasted.
    public var score: Double
    /// The bytes of every path that appears in more than one layer.
    public var wastedBytes: Int64
    /// Those paths, the costliest first.
    public var wastedPaths: [WastedPath]

    public init(layers: [Layer]) {
        var cumulative: [String: Int64] = [:]
        var minimum: [String: Int64] = [:]
        var occurrences: [String: Int] = [:]
        // The layers below the one being measured, stacked as dive stacks them: without opaque markers,
        // which it never adds to a tree (file_tree.go AddPath drops `.wh..wh..` names).
        var below = UnionView(layers: [])
        for layer in layers {
            // Only leaves count, as dive visits each layer's tree (IsLeaf): a folder with anything below
            // it in the same layer, however deep, is not a file of its own.
            var folders: Set<String> = []
            for change in layer.changes {
                var folder = LayerPath.parent(of: change.path)
                while folder != "/", folders.insert(folder).inserted { folder = LayerPath.parent(of: folder) }
            }
            for change in layer.changes {
                let size: Int64
                switch change {
                case .put(let entry):
                    guard !(entry.isDirectory && folders.contains(entry.path)) else { continue }
                    size = entry.contentSize
                case .delete(let path):
                    // A whiteout costs what it deleted when that was a folder, everything the layers
                    // below had in it; nothing when it was a file.
                    size = below.resolve(path)?.entry.isDirectory == true ? below.contentSize(under: path) : 0
                case .opaque:
                    continue
                }
                let path = change.path
                cumulative[path, default: 0] += size
                minimum[path] = min(minimum[path] ?? size, size)
                occurrences[path, default: 0] += 1
            }
            below.stack(Layer(changes: layer.changes.filter { change in
                if case .opaque = change { return false }
                return true
            }))
        }
        let discovered = cumulative.values.reduce(0, +)
        let needed = minimum.values.reduce(0, +)
        score = discovered == 0 ? 1 : Double(needed) / Double(discovered)
        wastedPaths = occurrences.filter { $0.value > 1 && cumulative[$0.key, default: 0] > 0 }
            .map { WastedPath(path: $0.key, occurrences: $0.value, cumulativeSize: cumulative[$0.key]!) }
            .sorted { ($0.cumulativeSize, $1.path) > ($1.cumulativeSize, $0.path) }
        wastedBytes = wastedPaths.reduce(0) { $0 + $1.cumulativeSize }
    }
}
