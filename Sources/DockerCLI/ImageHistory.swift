import Engine

/// Sizes per history entry: entries that made a layer take that layer's size, the others 0.
enum ImageHistory {
    static func entrySizes(_ record: ImageRecord) -> [Int64] {
        var layerIndex = 0
        return record.configuration.history.map { entry in
            guard !entry.isEmptyLayer, layerIndex < record.layerSizes.count else { return 0 }
            defer { layerIndex += 1 }
            return record.layerSizes[layerIndex]
        }
    }
}
