import Foundation
import ImageCatalog
import ImageModel
import LayerlabBasics
import LayerStore

/// The simulated Docker engine's image store: images by ID, the names that point at them, and their
/// layers, kept under `$LAYERLAB_HOME/engine` so they survive a restart.
public final class Engine {
    let storage: StoreFolder
    let layerFiles: LayerFiles
    let clock: any WallClock
    private let catalogLoader: () throws(CatalogError) -> ImageCatalog
    private var loadedCatalog: ImageCatalog?
    var state: RepositoryState
    var images: [Digest: ImageRecord] = [:]
    var containers: [String: ContainerRecord] = [:]

    public init(root: URL, clock: any WallClock, catalog: @escaping () throws(CatalogError) -> ImageCatalog = ImageCatalog.bundled) {
        storage = StoreFolder(root: root)
        layerFiles = LayerFiles(folder: storage)
        layerFiles.removeAbandonedStaging()
        // Each registry keeps its layers the same way; cleaned here, once, without reading its index.
        for name in storage.list("registries") { LayerFiles(folder: StoreFolder(root: storage.url("registries/\(name)"))).removeAbandonedStaging() }
        self.clock = clock
        catalogLoader = catalog
        if let data = storage.read("repositories.json"), let state = try? SortedKeysJSON.decoder.decode(RepositoryState.self, from: data) {
            self.state = state
        } else {
            state = RepositoryState()
        }
        for name in storage.list("containers") where name.hasSuffix(".json") {
            if let data = storage.read("containers/\(name)"), let record = try? SortedKeysJSON.decoder.decode(ContainerRecord.self, from: data) {
                containers[record.id] = record
            }
        }
        for name in storage.list("images") where name.hasSuffix(".json") {
            if let data = storage.read("images/\(name)"), let record = try? SortedKeysJSON.decoder.decode(ImageRecord.self, from: data) {
                images[record.id] = record
            }
        }
    }

    public func catalog() throws(CatalogError) -> ImageCatalog {
        if let loadedCatalog { return loadedCatalog }
        let catalog = try catalogLoader()
        loadedCatalog = catalog
        return catalog
    }

    // MARK: Looking up

    /// All images, newest first.
    public var allImages: [ImageRecord] {
        images.values.sorted { ($0.configuration.created ?? .distantPast, $0.id.hex) > ($1.configuration.created ?? .distantPast, $1.id.hex) }
    }

    /// The names pointing at an image, as full references.
    public func tags(of id: Digest) -> [ImageReference] {
        state.tags.filter { $0.value == id }.keys.sorted().compactMap { try? ImageReference.parse($0) }
    }

    /// Every image's names as a learner types them (`busybox:latest`), for completion.
    public var familiarImageNames: [String] {
        allImages.flatMap { tags(of: $0.id).map(\.familiarDescription) }
    }

    public func repoDigests(of id: Digest) -> [String] { state.repoDigests[id.description] ?? [] }

    public func lastTagTime(of id: Digest) -> Date? { state.lastTagTime[id.description] }

    /// The image a name, an ID or an ID prefix refers to, as Docker resolves them.
    public func image(_ nameOrID: String) -> ImageRecord? {
        if let reference = try? ImageReference.parse(nameOrID) {
            let full = reference.withDefaultTag.description
            if let id = state.tags[full] { return images[id] }
            if let digest = reference.digest, let match = images.values.first(where: { record in
                repoDigests(of: record.id).contains { $0.hasSuffix("@" + digest) && $0.hasPrefix(reference.familiarName + "@") }
            }) {
                return match
            }
        }
        var hex = nameOrID.lowercased()
        if hex.hasPrefix("sha256:") { hex.removeFirst(7) }
        guard !hex.isEmpty, hex.count <= 64, hex.allSatisfy(\.isHexDigit) else { return nil }
        let matches = images.keys.filter { $0.hex.hasPrefix(hex) }
        return matches.count == 1 ? images[matches[0]] : nil
    }

    /// The layers of an image, base first.
    public func layers(of image: ImageRecord) throws(EngineError) -> [Layer] {
        var result: [Layer] = []
        for digests in image.layers {
            guard let layer = try readLayer(digests.diffID) else {
                throw .storage("the layer \(digests.diffID) of image \(image.id.shortID) is missing from the store")
            }
            result.append(layer)
        }
        return result
    }

    public func hasLayer(_ diffID: Digest) -> Bool { layerFiles.contains(diffID) || storage.exists(catalogReference(diffID)) }

    /// A pulled catalog layer is kept as the name of its catalog layer, not as its entries: golang's
    /// layers hold thousands of files, and writing them out was most of a cold pull.
    func catalogReference(_ diffID: Digest) -> String { "layers/\(diffID.hex).catalog" }

    /// Removes a layer, whichever way it is kept.
    func removeLayer(_ diffID: Digest) {
        layerFiles.remove(diffID)
        storage.remove(catalogReference(diffID))
    }

    // MARK: Changing

    /// Stores an image and its layers. Layers and the image are written before any name points at
    /// them, so an interrupted write never leaves a half image behind a name.
    public func store(_ record: ImageRecord, layers: [Layer], catalogKeys: [String?] = []) throws(EngineError) {
        for (index, (digests, layer)) in zip(record.layers, layers).enumerated() where !layerFiles.contains(digests.diffID) {
            if index < catalogKeys.count, let key = catalogKeys[index] {
                // (Re)named: a reference left by a layerlab whose catalog called the layer otherwise is replaced.
                if storage.read(catalogReference(digests.diffID)) != Data(key.utf8) { try persist(Data(key.utf8), to: catalogReference(digests.diffID)) }
            } else if !hasLayer(digests.diffID) {
                try writeLayer(layer, diffID: digests.diffID)
            }
        }
        try persist(encode(record), to: "images/\(record.id.hex).json")
        images[record.id] = record
    }

    /// Points `reference` (with its tag) at an image; returns the image that lost the name, if any.
    @discardableResult
    public func setTag(_ reference: ImageReference, to id: Digest) throws(EngineError) -> Digest? {
        let full = reference.withDefaultTag.description
        let previous = state.tags[full]
        state.tags[full] = id
        state.lastTagTime[id.description] = clock.now
        try saveState()
        return previous == id ? nil : previous
    }

    public func addRepoDigest(_ repoDigest: String, to id: Digest) throws(EngineError) {
        var list = state.repoDigests[id.description] ?? []
        let repository = repoDigest.split(separator: "@").first.map(String.init) ?? repoDigest
        list.removeAll { $0.hasPrefix(repository + "@") }
        list.append(repoDigest)
        state.repoDigests[id.description] = list.sorted()
        try saveState()
    }

    func removeTag(_ full: String) throws(EngineError) {
        state.tags[full] = nil
        try saveState()
    }

    /// Deletes an image with no names left; returns the layers no other image uses.
    func deleteImage(_ id: Digest) throws(EngineError) -> [Digest] {
        guard let record = images[id] else { return [] }
        images[id] = nil
        state.repoDigests[id.description] = nil
        state.lastTagTime[id.description] = nil
        storage.remove("images/\(id.hex).json")
        try saveState()
        let stillUsed = Set(images.values.flatMap { $0.layers.map(\.diffID) }).union(buildCacheLayers)
        var freed: [Digest] = []
        for digests in record.layers.reversed() where !stillUsed.contains(digests.diffID) && !freed.contains(digests.diffID) {
            removeLayer(digests.diffID)
            freed.append(digests.diffID)
        }
        return freed
    }

    func saveState() throws(EngineError) {
        try persist(encode(state), to: "repositories.json")
    }

    /// Writes a file of the store, as an engine failure when the disk refuses.
    func persist(_ data: Data, to relative: String) throws(EngineError) {
        do {
            try storage.write(data, to: relative)
        } catch {
            throw .storage(error.message)
        }
    }

    func writeLayer(_ layer: Layer, diffID: Digest) throws(EngineError) {
        do {
            try layerFiles.write(layer, key: diffID)
        } catch {
            throw .storage(error.message)
        }
    }

    func readLayer(_ diffID: Digest) throws(EngineError) -> Layer? {
        if let key = storage.read(catalogReference(diffID)).map({ String(decoding: $0, as: UTF8.self) }) {
            // Only while this layerlab's catalog still makes the same bytes; otherwise the layer is
            // missing (the learner pulls the image again) rather than silently different.
            guard let (layer, digests) = (try? catalog())?.layer(named: key), digests?.diffID == diffID else { return nil }
            return layer
        }
        do {
            return try layerFiles.read(diffID)
        } catch {
            throw .storage(error.message)
        }
    }

    func encode<T: Encodable>(_ value: T) throws(EngineError) -> Data {
        do {
            return try SortedKeysJSON.encoder.encode(value)
        } catch {
            throw .storage("cannot encode \(T.self): \(error)")
        }
    }
}
