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
    /// Base images' records as read from `buildcache-images/`: each build reads its bases' a few times.
    private var bases: [Digest: ImageRecord] = [:]

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
        guard let record = images.record(image) ?? storedBase(image) else { return }
        try recordLayers(of: record)
    }

    private func recordLayers(of record: ImageRecord) throws(EngineError) {
        let layers = zip(record.layers, record.layerSizes).map { Entry(digests: $0, size: $1, created: record.configuration.created ?? clock.now) }
        try storage.persist(StoreFolder.encode(layers), to: "buildcache-bases/\(record.id.hex)")
    }

    /// A base image a build fetched into the cache (not into the image store), by the name the FROM
    /// gave, with the digest of the manifest it came by, when its layers are all still stored.
    public func base(for reference: ImageReference) -> (image: ImageRecord, manifestDigest: Digest)? {
        let kept = storage.read(Self.baseName(reference)).map { String(decoding: $0, as: UTF8.self).split(separator: " ").map(String.init) } ?? []
        guard kept.count == 2, let id = try? Digest(parsing: kept[0]), let manifestDigest = try? Digest(parsing: kept[1]),
              let record = storedBase(id), record.layers.allSatisfy({ images.hasLayer($0.diffID) })
        else { return nil }
        return (record, manifestDigest)
    }

    /// Keeps a fetched base: its config, the name and manifest it was fetched by, and its layers in the cache.
    func keepBase(_ record: ImageRecord, manifestDigest: Digest, for reference: ImageReference) throws(EngineError) {
        try storage.persist(StoreFolder.encode(record), to: "buildcache-images/\(record.id.hex).json")
        bases[record.id] = record
        try storage.persist(Data("\(record.id) \(manifestDigest)".utf8), to: Self.baseName(reference))
        try recordLayers(of: record)
    }

    private func storedBase(_ id: Digest) -> ImageRecord? {
        if let record = bases[id] { return record }
        let record = storage.read("buildcache-images/\(id.hex).json").flatMap { try? SortedKeysJSON.decoder.decode(ImageRecord.self, from: $0) }
        bases[id] = record
        return record
    }

    private static func baseName(_ reference: ImageReference) -> String {
        "buildcache-refs/" + Digest.sha256(of: reference.withDefaultTag.description).hex
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

    /// Keeps what a build received of a context; `size` is its files' bytes, the size of its record.
    public func storeContextSnapshot(_ data: Data, named name: String, size: Int64) throws(EngineError) {
        try storage.persist(data, to: "buildcontexts/\(name).json")
        try recordLocalSource(named: name, size: size)
    }

    /// A local source a build read (its Dockerfile, its .dockerignore, its context): BuildKit keeps a
    /// `source.local` record of each, reused by the next build from the same folder.
    public func recordLocalSource(named name: String, size: Int64) throws(EngineError) {
        // The record keeps its ID from its first use; a new one is numbered, not named after the
        // folder's path, so the same builds give the same IDs in any home.
        let existing = storage.list("buildcontexts").filter { $0.hasSuffix(".size") }
        let id = localSource(named: name + ".size")?.id
            ?? String(Digest.sha256(of: "source.local \(existing.count)").hex.prefix(25))
        try storage.persist(Data("\(id) \(size)".utf8), to: "buildcontexts/\(name).size")
    }

    private func localSource(named file: String) -> (id: String, size: Int64)? {
        let fields = storage.read("buildcontexts/\(file)").map { String(decoding: $0, as: UTF8.self).split(separator: " ").map(String.init) } ?? []
        guard fields.count == 2, let size = Int64(fields[1]) else { return nil }
        return (fields[0], size)
    }

    /// The cache's records: each layer it holds once (what steps made, what bases and built images
    /// brought), and each build context it keeps. On the reference engine, a build FROM a registry
    /// image with one COPY and one RUN leaves 6 records: its local sources and its layers, those
    /// an image also has shared.
    public var records: [BuildCacheRecord] {
        let inUse = images.layersInUse
        var result: [BuildCacheRecord] = []
        var seen: Set<Digest> = []
        func layer(_ entry: Entry, description: String) {
            guard seen.insert(entry.digests.diffID).inserted, images.hasLayer(entry.digests.diffID) else { return }
            result.append(BuildCacheRecord(id: String(entry.digests.diffID.hex.prefix(25)), kind: .regular, size: entry.size,
                                           shared: inUse.contains(entry.digests.diffID), description: description,
                                           created: entry.created, lastUsed: entry.created))
        }
        for name in storage.list("buildcache").sorted() where name.hasSuffix(".json") {
            if let entry = storage.read("buildcache/\(name)").flatMap({ try? SortedKeysJSON.decoder.decode(Entry.self, from: $0) }) { layer(entry, description: "") }
        }
        for name in storage.list("buildcache-bases").sorted() {
            let entries = storage.read("buildcache-bases/\(name)").flatMap { try? SortedKeysJSON.decoder.decode([Entry].self, from: $0) } ?? []
            for entry in entries { layer(entry, description: "") }
        }
        // By ID, an order that does not depend on where the folders are.
        let sources = storage.list("buildcontexts").filter { $0.hasSuffix(".size") }.compactMap(localSource(named:))
        for (id, size) in sources.sorted(by: { $0.id < $1.id }) {
            result.append(BuildCacheRecord(id: id, kind: .sourceLocal, size: size, shared: false,
                                           description: "local source for context", created: clock.now, lastUsed: clock.now))
        }
        return result
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
        let before = records
        let kept = images.layersInUse
        for name in storage.list("buildcache") where name.hasSuffix(".json") {
            let relative = "buildcache/\(name)"
            let entry = storage.read(relative).flatMap { try? SortedKeysJSON.decoder.decode(Entry.self, from: $0) }
            let isDangling = entry.map { !kept.contains($0.digests.diffID) } ?? true
            guard all || isDangling else { continue }
            if let entry, isDangling { images.removeLayer(entry.digests.diffID) }
            storage.remove(relative)
        }
        if all {
            bases = [:]
            for folder in ["buildcontexts", "buildcache-refs", "buildcache-images"] {
                for name in storage.list(folder) { storage.remove("\(folder)/\(name)") }
            }
            for name in storage.list("buildcache-bases") {
                let relative = "buildcache-bases/\(name)"
                let entries = storage.read(relative).flatMap { try? SortedKeysJSON.decoder.decode([Entry].self, from: $0) } ?? []
                storage.remove(relative)
                for entry in entries where !kept.contains(entry.digests.diffID) { images.removeLayer(entry.digests.diffID) }
            }
        }
        // What went is what the records say: each record no longer there, and the bytes of those the
        // cache held on its own.
        let remaining = Set(records.map(\.id))
        let deleted = before.filter { !remaining.contains($0.id) }
        return PruneReport(deleted: deleted.map(\.id), spaceReclaimed: BuildCacheRecord.size(of: deleted))
    }
}
