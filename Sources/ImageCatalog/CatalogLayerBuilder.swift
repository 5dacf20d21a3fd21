import LayerStore

/// Turns a catalog layer's entry specs into a `Layer`.
enum CatalogLayerBuilder {
    static func layer(key: String, specs: [CatalogFile.EntrySpec]) throws(CatalogError) -> Layer {
        var changes: [Layer.Change] = []
        for spec in specs {
            let mode = try spec.mode.map { text throws(CatalogError) -> UInt32 in
                guard let value = UInt32(text, radix: 8) else { throw CatalogError(message: "layer \(key): mode \(text) is not octal") }
                return value
            }
            let uid = spec.uid ?? 0, gid = spec.gid ?? 0
            if let directory = spec.dir {
                changes.append(.put(.directory(directory, mode: mode ?? 0o755, uid: uid, gid: gid)))
            } else if let path = spec.file {
                let content: FileContent
                if let text = spec.text {
                    content = .text(text)
                } else if let size = spec.size {
                    content = .synthetic(seed: key + ":" + path, size: size)
                } else {
                    throw CatalogError(message: "layer \(key): file \(path) needs text or a size")
                }
                changes.append(.put(.file(path, content, mode: mode ?? 0o644, uid: uid, gid: gid)))
            } else if let path = spec.link, let target = spec.to {
                changes.append(.put(.symlink(path, to: target)))
            } else if let paths = spec.links, let target = spec.to {
                changes += paths.map { .put(.symlink($0, to: target)) }
            } else if let paths = spec.files, let size = spec.size {
                changes += paths.map { .put(.file($0, .synthetic(seed: key + ":" + $0, size: size), mode: mode ?? 0o755)) }
            } else if let folder = spec.bulk, let count = spec.count, let size = spec.size {
                changes += bulk(key: key, folder: folder, count: count, size: size, ext: spec.ext ?? "", prefix: spec.prefix ?? "file", mode: mode ?? 0o644)
            } else {
                throw CatalogError(message: "layer \(key): an entry is neither a dir, file, link(s), files nor bulk")
            }
        }
        return Layer(changes: changes)
    }

    /// `count` files under `folder` (in subfolders of 40) whose sizes vary but add up to `size` exactly.
    static func bulk(key: String, folder: String, count: Int, size: Int64, ext: String, prefix: String, mode: UInt32) -> [Layer.Change] {
        guard count > 0 else { return [] }
        var generator = SeededSizes(seed: key + folder)
        let weights = (0..<count).map { _ in generator.nextWeight() }
        let total = weights.reduce(0, +)
        var sizes = weights.map { Int64(Double(size) * $0 / total) }
        sizes[sizes.count - 1] += size - sizes.reduce(0, +)
        var changes: [Layer.Change] = []
        for (index, fileSize) in sizes.enumerated() {
            let subfolder = count > 40 ? "/\(prefix)-group\(index / 40)" : ""
            let path = "\(folder)\(subfolder)/\(prefix)\(index)\(ext)"
            changes.append(.put(.file(path, .synthetic(seed: key + ":" + path, size: fileSize), mode: mode)))
        }
        return changes
    }
}

/// File sizes that look like a real folder's: many small files, a few large ones.
struct SeededSizes {
    private var state: UInt64

    init(seed: String) {
        state = seed.utf8.reduce(1469598103934665603) { ($0 ^ UInt64($1)) &* 1099511628211 }
    }

    mutating func nextWeight() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let unit = Double(state >> 11) / Double(1 << 53)
        return 0.05 + unit * unit * unit * 4
    }
}
