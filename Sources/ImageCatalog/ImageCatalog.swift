import Foundation
import GoSemantics
import ImageModel
import LayerlabBasics
import LayerStore

/// The base images layerlab's Docker Hub serves and FROM pulls: real names, tags, configs, layer counts,
/// sizes and the files that matter (os-release, passwd, shells, interpreters, package databases), read
/// from the data file `Catalog/catalog.json`.
public struct ImageCatalog: Sendable {
    public let images: [CatalogImage]
    /// Repository (`library/alpine`) → how `docker search` lists it.
    public let listings: [String: HubListing]

    /// The catalog shipped with layerlab, with its layers' digests worked out when it was made.
    public static func bundled() throws(CatalogError) -> ImageCatalog {
        try decodedBundle.get()
    }

    /// Decoded once per process: every fresh world (each replay of `pack test`) opens it.
    private static let decodedBundle = Result { () throws(CatalogError) -> ImageCatalog in try decodeBundled() }

    private static func decodeBundled() throws(CatalogError) -> ImageCatalog {
        let digests: [String: CompressedLayerDigests]
        do {
            digests = try JSONDecoder().decode([String: CompressedLayerDigests].self, from: bundledResource(layerDigestsResource))
        } catch {
            throw CatalogError(message: "the catalog's layer digests (\(layerDigestsResource).json) are not valid: \(error)")
        }
        return try ImageCatalog(json: bundledResource("catalog"), layerDigests: digests)
    }

    /// The generated file beside `catalog.json`: each layer's diffID, tar size, gzip blob digest and size.
    public static let layerDigestsResource = "catalog-layers"

    /// The shipped `catalog.json`, as the regenerate command reads it.
    public static func bundledCatalogJSON() throws(CatalogError) -> Data { try bundledResource("catalog") }

    static func bundledResource(_ name: String) throws(CatalogError) -> Data {
        guard let data = embeddedCatalogFiles.data("Sources/ImageCatalog/Catalog/\(name).json") else {
            throw CatalogError(message: "\(name).json is missing from this layerlab: build it again after Scripts/regenerate-embedded")
        }
        return data
    }

    /// Works out every layer's digests from its bytes: what `layerDigestsResource` holds. This is
    /// what a pull used to do on every fresh home (golang took 12 s); now only the regenerate command
    /// and the test that checks the file do it.
    public static func computeLayerDigests(json: Data) throws(CatalogError) -> [String: CompressedLayerDigests] {
        try mapLayers(json: json) { LayerArchive.compressedDigests(of: $0) }
    }

    /// Every layer's diffID and tar size, and the gzip blob's digest and size only of the layers whose
    /// tar is at most `limit` bytes. A blob is gzip of the tar stream at a fixed level, so once every
    /// tar stream is proven the same, compressing the small layers proves the gzip step: this is the
    /// check's form that costs seconds instead of compressing 4.6 GB.
    public static func computeLayerDigests(json: Data, compressingUpTo limit: Int64) throws(CatalogError) -> [String: LayerDigests] {
        try mapLayers(json: json) { layer in
            let (diffID, tarSize) = LayerArchive.diffID(of: layer)
            guard tarSize <= limit else { return LayerDigests(diffID: diffID, tarSize: tarSize, blobDigest: nil, blobSize: nil) }
            let whole = LayerArchive.compressedDigests(of: layer)
            return LayerDigests(diffID: whole.diffID, tarSize: whole.tarSize, blobDigest: whole.blobDigest, blobSize: whole.blobSize)
        }
    }

    private static func mapLayers<Result: Sendable>(json: Data, _ work: @Sendable (Layer) -> Result) throws(CatalogError) -> [String: Result] {
        let catalog = try ImageCatalog(json: json)
        let layers = catalog.layers.sorted { $0.key < $1.key }
        let results = Parallel.map(layers.count) { work(layers[$0].value) }
        return Dictionary(uniqueKeysWithValues: zip(layers.map(\.key), results))
    }

    /// The regenerated file's text: sorted keys, so a change shows as a small diff.
    public static func layerDigestsJSON(_ digests: [String: CompressedLayerDigests]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(digests) + Data("\n".utf8)
    }

    /// The catalog's layers by name, and the digests stated for them.
    let layers: [String: Layer]
    let layerDigests: [String: CompressedLayerDigests]
    private let views = CatalogViews()

    /// A catalog layer by name, and the digests worked out for it: what the engine's store keeps a
    /// pulled base layer as, instead of writing out its thousands of entries.
    public func layer(named key: String) -> (layer: Layer, digests: CompressedLayerDigests?)? {
        guard let layer = layers[key] else { return nil }
        return (layer, layerDigests[key])
    }

    /// The files of the catalog layers named by `keys` (bottom first) as one tree; nil when one is
    /// not in the catalog.
    public func view(ofLayersNamed keys: [String]) -> UnionView? {
        let chain = keys.compactMap { layers[$0] }
        guard chain.count == keys.count else { return nil }
        return views.view(of: keys) { UnionView(layers: chain) }
    }

    /// A catalog from its JSON; `layerDigests` names each layer's digests. A layer missing from it (a
    /// test's small catalog) has none, and the engine hashes it when it is pulled.
    public init(json: Data, layerDigests: [String: CompressedLayerDigests]? = nil) throws(CatalogError) {
        let file: CatalogFile
        do {
            file = try JSONDecoder().decode(CatalogFile.self, from: json)
        } catch {
            throw CatalogError(message: "the image catalog is not valid: \(error)")
        }
        var layers: [String: Layer] = [:]
        for (key, specs) in file.layers {
            layers[key] = try CatalogLayerBuilder.layer(key: key, specs: specs)
        }
        self.layers = layers
        self.layerDigests = layerDigests ?? [:]
        var platforms: [String: [Platform]] = [:]
        for (repository, listing) in file.listings {
            platforms[repository] = try (listing.platforms ?? [Platform.linuxAMD64.description]).map { text throws(CatalogError) -> Platform in
                guard let platform = Platform(parsing: text) else { throw CatalogError(message: "listing \(repository): \(text) is not a platform (os/architecture[/variant])") }
                return platform
            }
            guard platforms[repository]?.first == .linuxAMD64 else {
                throw CatalogError(message: "listing \(repository): linux/amd64, the platform layerlab runs, must come first")
            }
        }
        var built: [String: CatalogImage] = [:]
        var images: [CatalogImage] = []
        for spec in file.images {
            var steps: [CatalogImage.Step] = []
            var config = ImageConfig()
            if let base = spec.base {
                guard let baseImage = built[base] else {
                    throw CatalogError(message: "image \(spec.repository):\(spec.tags[0]) names base \(base), which is not defined before it")
                }
                steps = baseImage.steps
                config = baseImage.config
            }
            guard let created = GoTime.date(rfc3339: spec.created) else {
                throw CatalogError(message: "image \(spec.repository):\(spec.tags[0]) has an invalid creation time \(spec.created)")
            }
            for step in spec.steps {
                let stepCreated: Date
                if let time = step.created {
                    guard let date = GoTime.date(rfc3339: time) else {
                        throw CatalogError(message: "image \(spec.repository):\(spec.tags[0]) has a step with an invalid time \(time)")
                    }
                    stepCreated = date
                } else {
                    stepCreated = created
                }
                var layer: Layer?
                var digests: CompressedLayerDigests?
                if let key = step.layer {
                    guard let found = layers[key] else {
                        throw CatalogError(message: "image \(spec.repository):\(spec.tags[0]) uses layer \(key), which is not defined")
                    }
                    layer = found
                    digests = layerDigests?[key]
                }
                steps.append(CatalogImage.Step(createdBy: step.createdBy, created: stepCreated, layerKey: step.layer, layer: layer, digests: digests))
            }
            config.apply(spec.config)
            let image = CatalogImage(repository: spec.repository, tags: spec.tags, created: created, config: config, steps: steps,
                                     platforms: platforms[spec.repository] ?? [.linuxAMD64])
            for tag in spec.tags { built["\(spec.repository):\(tag)"] = image }
            images.append(image)
        }
        self.images = images
        listings = file.listings.mapValues { HubListing(description: $0.description, stars: $0.stars) }
    }

    /// The image for a Docker Hub reference (`docker.io/library/alpine:3.20`), if the catalog has it.
    public func image(for reference: ImageReference) -> CatalogImage? {
        guard reference.domain == ImageReference.defaultDomain else { return nil }
        let tag = reference.tag ?? ImageReference.defaultTag
        return images.first { $0.repository == reference.path && $0.tags.contains(tag) }
    }

    /// Every repository the catalog serves, e.g. `library/alpine`.
    public var repositories: [String] {
        var seen: [String] = []
        for image in images where !seen.contains(image.repository) { seen.append(image.repository) }
        return seen
    }
}

/// A repository as Docker Hub's search lists it.
public struct HubListing: Sendable {
    public var description: String
    public var stars: Int
}

/// One catalog image: its names, creation time, config, and the steps that made it, base first.
public struct CatalogImage: Sendable {
    public struct Step: Sendable {
        public var createdBy: String
        /// When the step ran: the row's own time, else its image's (a base image's steps keep the base's).
        public var created: Date
        /// The shared layer's name in the catalog, so images built on the same base share layers.
        public var layerKey: String?
        public var layer: Layer?
        /// The layer's digests as a registry serves it (gzip blob), worked out ahead of time.
        public var digests: CompressedLayerDigests?
    }

    public var repository: String
    public var tags: [String]
    public var created: Date
    public var config: ImageConfig
    public var steps: [Step]
    /// What the Hub's index of the tag names, linux/amd64 (the one layerlab has) first.
    public var platforms: [Platform]

    /// The layers, base first.
    public var layers: [Layer] { steps.compactMap(\.layer) }
}

/// A problem with the catalog data.
public struct CatalogError: Error, Equatable, Sendable, UserFacingError {
    public var message: String
}

extension ImageConfig {
    mutating func apply(_ spec: CatalogFile.ConfigSpec) {
        if let env = spec.Env { self.env = env }
        if let cmd = spec.Cmd { self.cmd = cmd }
        if let entrypoint = spec.Entrypoint { self.entrypoint = entrypoint }
        if let workingDir = spec.WorkingDir { self.workingDir = workingDir }
        if let user = spec.User { self.user = user }
        if let ports = spec.ExposedPorts { exposedPorts = ports.mapValues { _ in EmptyObject() } }
        if let volumes = spec.Volumes { self.volumes = volumes.mapValues { _ in EmptyObject() } }
        if let labels = spec.Labels { self.labels = (self.labels ?? [:]).merging(labels) { $1 } }
        if let signal = spec.StopSignal { stopSignal = signal }
    }
}
