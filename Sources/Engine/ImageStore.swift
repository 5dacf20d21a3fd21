import Foundation
import ImageCatalog
import ImageModel
import LayerlabBasics
import LayerStore
import Registry

/// The engine's images: each image's record (`images/ID.json`), the names and digests pointing at
/// them (`repositories.json`), and the layers they are made of (`layers/`).
public final class ImageStore {
    let storage: StoreFolder
    let layerFiles: LayerFiles
    private let clock: any WallClock
    private let catalogLoader: () throws(CatalogError) -> ImageCatalog
    private var loadedCatalog: ImageCatalog?
    private var records: [Digest: ImageRecord] = [:]
    /// Layers lately read from their JSON, by diffID (content-addressed, so never stale while stored):
    /// checks and containers read the same few layers again and again.
    private var recentLayers: [Digest: Layer] = [:]
    private static let recentLayerLimit = 64
    private var names: ImageNames

    /// Which names point at which images: the file `repositories.json`.
    struct ImageNames: Codable, Sendable {
        /// Full reference with tag (`docker.io/library/alpine:3.20`) → image ID.
        var tags: [String: Digest] = [:]
        /// Image ID → `name@sha256:…` references from pulls and pushes.
        var repoDigests: [String: [String]] = [:]
        /// Image ID → when a name was last put on it.
        var lastTagTime: [String: Date] = [:]

        init() {}

        /// A field an earlier layerlab did not write starts empty.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            tags = try container.decodeIfPresent([String: Digest].self, forKey: .tags) ?? [:]
            repoDigests = try container.decodeIfPresent([String: [String]].self, forKey: .repoDigests) ?? [:]
            lastTagTime = try container.decodeIfPresent([String: Date].self, forKey: .lastTagTime) ?? [:]
        }
    }

    init(storage: StoreFolder, clock: any WallClock, catalog: @escaping () throws(CatalogError) -> ImageCatalog) {
        self.storage = storage
        layerFiles = LayerFiles(folder: storage)
        layerFiles.removeAbandonedStaging()
        self.clock = clock
        catalogLoader = catalog
        names = storage.read("repositories.json").flatMap { try? SortedKeysJSON.decoder.decode(ImageNames.self, from: $0) } ?? ImageNames()
        for name in storage.list("images") where name.hasSuffix(".json") {
            if let data = storage.read("images/\(name)"), let record = try? SortedKeysJSON.decoder.decode(ImageRecord.self, from: data) {
                records[record.id] = record
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
    public var all: [ImageRecord] {
        records.values.sorted { ($0.configuration.created ?? .distantPast, $0.id.hex) > ($1.configuration.created ?? .distantPast, $1.id.hex) }
    }

    /// The image with this ID.
    public func record(_ id: Digest) -> ImageRecord? { records[id] }

    /// The image a full reference with its tag points at.
    public func id(taggedAs full: String) -> Digest? { names.tags[full] }

    /// Every name with a tag, as full references (`docker.io/library/alpine:3.20`).
    var taggedNames: Dictionary<String, Digest>.Keys { names.tags.keys }

    /// The names pointing at an image, as full references.
    public func tags(of id: Digest) -> [ImageReference] {
        names.tags.filter { $0.value == id }.keys.sorted().compactMap { try? ImageReference.parse($0) }
    }

    /// Every image's names as a learner types them (`busybox:latest`), for completion.
    public var familiarNames: [String] {
        all.flatMap { tags(of: $0.id).map(\.familiarDescription) }
    }

    public func repoDigests(of id: Digest) -> [String] { names.repoDigests[id.description] ?? [] }

    public func lastTagTime(of id: Digest) -> Date? { names.lastTagTime[id.description] }

    /// The image a name, an ID or an ID prefix refers to, as Docker resolves them.
    public func image(_ nameOrID: String) -> ImageRecord? {
        if let reference = try? ImageReference.parse(nameOrID) {
            let full = reference.withDefaultTag.description
            if let id = names.tags[full] { return records[id] }
            if let digest = reference.digest, let match = records.values.first(where: { record in
                repoDigests(of: record.id).contains { $0.hasSuffix("@" + digest) && $0.hasPrefix(reference.familiarName + "@") }
            }) {
                return match
            }
        }
        var hex = nameOrID.lowercased()
        if hex.hasPrefix("sha256:") { hex.removeFirst(7) }
        guard !hex.isEmpty, hex.count <= 64, hex.allSatisfy(\.isHexDigit) else { return nil }
        let matches = records.keys.filter { $0.hex.hasPrefix(hex) }
        return matches.count == 1 ? records[matches[0]] : nil
    }

    /// The images whose parent is `id` (moby's image store Children). With nil: the images without a
    /// parent that the legacy builder committed (a build FROM scratch looks among them: moby v28.2.2
    /// daemon/images/cache.go, Children of "").
    public func children(of id: Digest?) -> [ImageRecord] {
        records.values.filter { record in
            if let id { return record.parent == id }
            return record.parent == nil && record.configuration.containerConfig != nil
        }
    }

    /// A layer's tar size when a local image already records it (saves a pass over a large layer).
    func knownTarSize(of diffID: Digest) -> Int64? {
        for record in records.values {
            if let digests = record.layers.first(where: { $0.diffID == diffID }) { return digests.tarSize }
        }
        return nil
    }

    /// The layers any image is made of.
    var layersInUse: Set<Digest> {
        Set(records.values.flatMap { $0.layers.map(\.diffID) })
    }

    // MARK: Layers

    /// The layers of an image, base first.
    public func layers(of image: ImageRecord) throws(EngineError) -> [Layer] {
        var result: [Layer] = []
        for digests in image.layers { result.append(try storedLayer(digests.diffID, of: image.id)) }
        return result
    }

    /// The image's files as one tree, base first. The catalog layers at its bottom come as one view the
    /// catalog made once for the whole process; only the layers above them are stacked here.
    public func view(of image: ImageRecord) throws(EngineError) -> UnionView {
        var keys: [String] = []
        for digests in image.layers {
            guard let key = catalogKey(of: digests.diffID), catalogLayer(named: key, diffID: digests.diffID) != nil else { break }
            keys.append(key)
        }
        var view = (keys.isEmpty ? nil : try? catalog().view(ofLayersNamed: keys)) ?? UnionView(layers: [])
        for digests in image.layers.dropFirst(view.layerCount) { view.stack(try storedLayer(digests.diffID, of: image.id)) }
        return view
    }

    private func storedLayer(_ diffID: Digest, of image: Digest) throws(EngineError) -> Layer {
        guard let layer = try readLayer(diffID) else {
            throw .storage("the layer \(diffID) of image \(image.shortID) is missing from the store")
        }
        return layer
    }

    /// One stored layer, by its diffID (a legacy build step's cached image adds one layer to its parent's).
    public func layer(_ diffID: Digest) throws(EngineError) -> Layer? {
        try readLayer(diffID)
    }

    public func hasLayer(_ diffID: Digest) -> Bool { layerFiles.contains(diffID) || storage.exists(catalogReference(diffID)) }

    /// A pulled catalog layer is kept as the name of its catalog layer, not as its entries: golang's
    /// layers hold thousands of files, and writing them out was most of a cold pull.
    func catalogReference(_ diffID: Digest) -> String { "layers/\(diffID.hex).catalog" }

    /// The catalog layer a stored layer is kept as, if it is one.
    func catalogKey(of diffID: Digest) -> String? {
        storage.read(catalogReference(diffID)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Catalog layers as registries keep them by name (see `RecreatableLayers`).
    var recreatableLayers: RecreatableLayers {
        let catalog = try? catalog()
        return RecreatableLayers { key in
            guard let (layer, digests) = catalog?.layer(named: key), let digests else { return nil }
            return (layer, digests)
        }
    }

    /// Removes a layer, whichever way it is kept.
    func removeLayer(_ diffID: Digest) {
        recentLayers[diffID] = nil
        layerFiles.remove(diffID)
        storage.remove(catalogReference(diffID))
    }

    func writeLayer(_ layer: Layer, diffID: Digest) throws(EngineError) {
        do {
            try layerFiles.write(layer, key: diffID)
        } catch {
            throw .storage(error.message)
        }
    }

    /// The catalog layer a stored layer is kept as, by name, only while this layerlab's catalog still
    /// makes the same bytes; otherwise the layer is missing (the learner pulls the image again) rather
    /// than silently different.
    private func catalogLayer(named key: String, diffID: Digest) -> Layer? {
        guard let (layer, digests) = (try? catalog())?.layer(named: key), digests?.diffID == diffID else { return nil }
        return layer
    }

    func readLayer(_ diffID: Digest) throws(EngineError) -> Layer? {
        if let key = catalogKey(of: diffID) { return catalogLayer(named: key, diffID: diffID) }
        if let layer = recentLayers[diffID] { return layer }
        do {
            let layer = try layerFiles.read(diffID)
            if let layer {
                if recentLayers.count >= Self.recentLayerLimit { recentLayers.removeAll(keepingCapacity: true) }
                recentLayers[diffID] = layer
            }
            return layer
        } catch {
            throw .storage(error.message)
        }
    }

    // MARK: Changing

    /// Stores an image and its layers. Layers and the image are written before any name points at
    /// them, so an interrupted write never leaves a half image behind a name.
    public func store(_ record: ImageRecord, layers: [Layer], catalogKeys: [String?] = []) throws(EngineError) {
        try storeLayers(of: record, layers: layers, catalogKeys: catalogKeys)
        try storage.persist(StoreFolder.encode(record), to: "images/\(record.id.hex).json")
        records[record.id] = record
    }

    /// Stores an image's layers without the image: what BuildKit's cache keeps of a base it pulled.
    func storeLayers(of record: ImageRecord, layers: [Layer], catalogKeys: [String?]) throws(EngineError) {
        for (index, (digests, layer)) in zip(record.layers, layers).enumerated() where !layerFiles.contains(digests.diffID) {
            if index < catalogKeys.count, let key = catalogKeys[index] {
                // (Re)named: a reference left by a layerlab whose catalog called the layer otherwise is replaced.
                if storage.read(catalogReference(digests.diffID)) != Data(key.utf8) { try storage.persist(Data(key.utf8), to: catalogReference(digests.diffID)) }
            } else if !hasLayer(digests.diffID) {
                try writeLayer(layer, diffID: digests.diffID)
            }
        }
    }

    /// Points `reference` (with its tag) at an image; returns the image that lost the name, if any.
    @discardableResult
    public func setTag(_ reference: ImageReference, to id: Digest) throws(EngineError) -> Digest? {
        let full = reference.withDefaultTag.description
        let previous = names.tags[full]
        names.tags[full] = id
        names.lastTagTime[id.description] = clock.now
        try saveNames()
        return previous == id ? nil : previous
    }

    public func addRepoDigest(_ repoDigest: String, to id: Digest) throws(EngineError) {
        var list = names.repoDigests[id.description] ?? []
        let repository = repoDigest.split(separator: "@").first.map(String.init) ?? repoDigest
        list.removeAll { $0.hasPrefix(repository + "@") }
        list.append(repoDigest)
        names.repoDigests[id.description] = list.sorted()
        try saveNames()
    }

    /// Drops an image's digest references of one repository (`alpine@`); returns those dropped.
    func removeRepoDigests(of id: Digest, withPrefix prefix: String) throws(EngineError) -> [String] {
        let digests = repoDigests(of: id)
        names.repoDigests[id.description] = digests.filter { !$0.hasPrefix(prefix) }
        try saveNames()
        return digests.filter { $0.hasPrefix(prefix) }
    }

    func removeTag(_ full: String) throws(EngineError) {
        names.tags[full] = nil
        try saveNames()
    }

    /// Deletes an image with no names left; returns the layers neither another image nor `kept` uses.
    func deleteImage(_ id: Digest, keeping kept: Set<Digest>) throws(EngineError) -> [Digest] {
        guard let record = records[id] else { return [] }
        records[id] = nil
        names.repoDigests[id.description] = nil
        names.lastTagTime[id.description] = nil
        storage.remove("images/\(id.hex).json")
        try saveNames()
        let stillUsed = layersInUse.union(kept)
        var freed: [Digest] = []
        for digests in record.layers.reversed() where !stillUsed.contains(digests.diffID) && !freed.contains(digests.diffID) {
            removeLayer(digests.diffID)
            freed.append(digests.diffID)
        }
        return freed
    }

    private func saveNames() throws(EngineError) {
        try storage.persist(StoreFolder.encode(names), to: "repositories.json")
    }
}
