import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// BuildKit's cache as the engine keeps it across restarts: for each step's cache key, the layer the
/// step produced (`buildcache/`); the images builds started from or produced (`buildcache-bases/`);
/// what it last received of each build context (`buildcontexts/`); each Dockerfile's last build
/// (`buildtraces/`). The layers themselves are the image store's.
public final class BuildCache {
    private let storage: StoreFolder
    private let images: ImageStore
    private let clock: any WallClock

    init(storage: StoreFolder, images: ImageStore, clock: any WallClock) {
        self.storage = storage
        self.images = images
        self.clock = clock
    }

    struct Entry: Codable {
        var digests: LayerDigests
        var size: Int64
        var created: Date
    }

    /// The layer a step with this key produced before, if it is still stored.
    public func cachedLayer(for key: Digest) -> (digests: LayerDigests, layer: Layer, created: Date)? {
        guard let data = storage.read("buildcache/\(key.hex).json"),
              let entry = try? SortedKeysJSON.decoder.decode(Entry.self, from: data),
              let layer = try? images.readLayer(entry.digests.diffID)
        else { return nil }
        return (entry.digests, layer, entry.created)
    }

    /// Stores what a step produced and records it, so the same step on the same parent is `CACHED`
    /// next time; returns the layer's digests.
    public func cacheLayer(_ layer: Layer, created: Date, for key: Digest) throws(EngineError) -> LayerDigests {
        // The diffID is a digest of the bytes the store must copy: on two cores both passes run side by
        // side, and the copy, staged under a temporary name, takes the diffID as its name afterwards.
        let layerFiles = images.layerFiles
        let (digests, staging) = Parallel.both({ LayerArchive.uncompressedDigests(of: layer) },
                                               { Result { () throws(StoreError) in try layerFiles.stage(layer) } })
        do {
            let staged = try staging.get()
            if images.hasLayer(digests.diffID) { layerFiles.discard(staged) } else { try layerFiles.commit(staged, key: digests.diffID) }
        } catch {
            throw .storage(error.message)
        }
        try storage.persist(StoreFolder.encode(Entry(digests: digests, size: layer.contentSize, created: created)), to: "buildcache/\(key.hex).json")
        return digests
    }

    /// Whether an earlier build started from or produced this image (BuildKit then holds it in its cache).
    public func hasImage(_ image: Digest) -> Bool {
        storage.read("buildcache-bases/\(image.hex)") != nil
    }

    /// Notes that BuildKit's cache now holds this image's layers: removing the image keeps them.
    public func recordImage(_ image: Digest) throws(EngineError) {
        let layers = images.record(image).map { record in
            zip(record.layers, record.layerSizes).map { Entry(digests: $0, size: $1, created: record.configuration.created ?? clock.now) }
        } ?? []
        try storage.persist(StoreFolder.encode(layers), to: "buildcache-bases/\(image.hex)")
    }

    /// The layers the build cache holds: what its steps made and the layers of the images its builds
    /// started from or produced (moby keeps them while BuildKit refers to them, so `docker rmi` of a
    /// built image deletes only the image, and a later pull finds its layers `Already exists`).
    var layers: Set<Digest> {
        var layers: Set<Digest> = []
        for name in storage.list("buildcache") where name.hasSuffix(".json") {
            if let entry = storage.read("buildcache/\(name)").flatMap({ try? SortedKeysJSON.decoder.decode(Entry.self, from: $0) }) {
                layers.insert(entry.digests.diffID)
            }
        }
        for name in storage.list("buildcache-bases") {
            let entries = storage.read("buildcache-bases/\(name)").flatMap { try? SortedKeysJSON.decoder.decode([Entry].self, from: $0) } ?? []
            layers.formUnion(entries.map(\.digests.diffID))
        }
        return layers
    }

    /// What the daemon last received of a build context (the builder's format), which BuildKit keeps
    /// with its cache to send only what changed next time.
    public func contextSnapshot(named name: String) -> Data? {
        storage.read("buildcontexts/\(name).json")
    }

    public func storeContextSnapshot(_ data: Data, named name: String) throws(EngineError) {
        try storage.persist(data, to: "buildcontexts/\(name).json")
    }

    /// The record of the last build of a Dockerfile (the builder's format), kept to explain the next
    /// build's cache misses.
    public func trace(named name: String) -> Data? {
        storage.read("buildtraces/\(name).json")
    }

    public func storeTrace(_ data: Data, named name: String) throws(EngineError) {
        try storage.persist(data, to: "buildtraces/\(name).json")
    }

    /// The outcome of the last build of a Dockerfile's text (and target), if it was built.
    public func outcome(ofDockerfile text: Data, target: String? = nil) -> BuildOutcome? {
        storage.read("buildoutcomes/\(BuildOutcome.key(dockerfile: text, target: target)).json").flatMap { try? SortedKeysJSON.decoder.decode(BuildOutcome.self, from: $0) }
    }

    public func storeOutcome(_ outcome: BuildOutcome, ofDockerfile text: Data, target: String?) {
        let marked = outcome.markingChanges(since: self.outcome(ofDockerfile: text, target: target))
        guard let data = try? StoreFolder.encode(marked) as Data else { return }
        try? storage.persist(data, to: "buildoutcomes/\(BuildOutcome.key(dockerfile: text, target: target)).json")
    }

    /// Forgets build cache records: the dangling ones (whose layer no image keeps), or with `all`
    /// every one, so the next build runs those steps again. Returns the records' IDs and the bytes of
    /// layers no image keeps.
    public func prune(all: Bool) -> PruneReport<String> {
        let kept = images.layersInUse
        var ids: [String] = []
        var reclaimed: Int64 = 0
        for name in storage.list("buildcache") where name.hasSuffix(".json") {
            let relative = "buildcache/\(name)"
            let entry = storage.read(relative).flatMap { try? SortedKeysJSON.decoder.decode(Entry.self, from: $0) }
            let isDangling = entry.map { !kept.contains($0.digests.diffID) } ?? true
            guard all || isDangling else { continue }
            if let entry, isDangling {
                if images.hasLayer(entry.digests.diffID) { reclaimed += entry.size }
                images.removeLayer(entry.digests.diffID)
            }
            storage.remove(relative)
            // BuildKit's record IDs are 25 characters; these come from the step's cache key.
            ids.append(String(name.prefix(25)))
        }
        if all {
            for name in storage.list("buildcontexts") { storage.remove("buildcontexts/\(name)") }
            for name in storage.list("buildcache-bases") {
                let relative = "buildcache-bases/\(name)"
                let entries = storage.read(relative).flatMap { try? SortedKeysJSON.decoder.decode([Entry].self, from: $0) } ?? []
                storage.remove(relative)
                for entry in entries where !kept.contains(entry.digests.diffID) && images.hasLayer(entry.digests.diffID) {
                    reclaimed += entry.size
                    images.removeLayer(entry.digests.diffID)
                }
            }
        }
        return PruneReport(deleted: ids, spaceReclaimed: reclaimed)
    }

    /// How many steps the build cache holds and their layers' size, for `docker system df`.
    public var usage: (count: Int, size: Int64) {
        let entries = storage.list("buildcache").compactMap { name -> Entry? in
            storage.read("buildcache/\(name)").flatMap { try? SortedKeysJSON.decoder.decode(Entry.self, from: $0) }
        }
        return (entries.count, entries.reduce(0) { $0 + $1.size })
    }
}
