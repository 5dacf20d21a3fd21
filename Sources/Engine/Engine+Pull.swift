import Foundation
import ImageCatalog
import ImageModel
import LayerlabBasics
import LayerStore
import Registry
import RegistryClient

/// What `docker pull` reports.
public struct PullReport: Sendable {
    public enum Outcome: Sendable { case downloaded, upToDate }

    public struct LayerLine: Sendable {
        /// The first 12 hex characters of the compressed blob's digest, as Docker shows them.
        public var shortID: String
        public var alreadyExisted: Bool
        public var blobSize: Int64
    }

    public var reference: ImageReference
    public var layers: [LayerLine]
    public var manifestDigest: Digest
    public var outcome: Outcome
    public var imageID: Digest
}

extension Engine {
    /// Pulls an image: official images from the catalog behind layerlab's Docker Hub, everything else
    /// from the Hub's user repositories or a running registry.
    public func pull(_ reference: ImageReference, credentials: RegistryCredentials? = nil) throws(EngineError) -> PullReport {
        let reference = reference.withDefaultTag
        if reference.isOfficial { return try pullFromCatalog(reference) }
        return try pullFromRegistry(reference, credentials: credentials)
    }

    func pullFromCatalog(_ reference: ImageReference) throws(EngineError) -> PullReport {
        let fetched = try fetchFromCatalog(reference)
        return try finishPull(reference, record: fetched.record, layers: fetched.layers, lines: fetched.lines, manifestDigest: fetched.manifestDigest,
                              catalogKeys: fetched.catalogKeys)
    }

    /// An image as a registry hands it over, before anything keeps it.
    struct FetchedImage {
        var record: ImageRecord
        var layers: [Layer]
        var lines: [PullReport.LayerLine]
        var manifestDigest: Digest
        var catalogKeys: [String?] = []
    }

    func fetchFromCatalog(_ reference: ImageReference) throws(EngineError) -> FetchedImage {
        let image = try catalogImage(reference)
        for blob in image.manifest.layers { distribution.recordBlobSource(blob.digest, reference.name) }
        // Pulled by a tag or the index's digest, the name keeps the index's digest; by the image's own, that one.
        let manifestDigest = reference.digest.flatMap { try? Digest(parsing: $0) } ?? image.indexDigest
        return FetchedImage(record: image.record, layers: image.layers, lines: image.lines, manifestDigest: manifestDigest, catalogKeys: image.catalogKeys)
    }

    /// What BuildKit does with a FROM whose image the image store lacks: fetches it from its registry
    /// into the build cache, where no name points at it, so `docker images` does not list it after the
    /// build (moby/moby#39229; on the reference engine, a build FROM 127.0.0.1:5055/refbox:1 leaves
    /// only the built image listed). A base the cache holds already is not fetched again.
    public func fetchBaseIntoBuildCache(_ reference: ImageReference, credentials: RegistryCredentials? = nil)
        throws(EngineError) -> (image: ImageRecord, manifestDigest: Digest, report: PullReport?) {
        let reference = reference.withDefaultTag
        if let kept = buildCache.base(for: reference) { return (kept.image, kept.manifestDigest, nil) }
        let fetched = reference.isOfficial ? try fetchFromCatalog(reference) : try fetchFromRegistry(reference, credentials: credentials)
        try distribution.save()
        let present = fetched.record.layers.map { images.hasLayer($0.diffID) }
        try images.storeLayers(of: fetched.record, layers: fetched.layers, catalogKeys: fetched.catalogKeys)
        try buildCache.keepBase(fetched.record, manifestDigest: fetched.manifestDigest, for: reference)
        let lines = zip(fetched.lines, present).map { line, existed in
            var line = line
            line.alreadyExisted = line.alreadyExisted || existed
            return line
        }
        return (fetched.record, fetched.manifestDigest,
                PullReport(reference: reference, layers: lines, manifestDigest: fetched.manifestDigest, outcome: .downloaded, imageID: fetched.record.id))
    }

    /// An official image as the Hub serves it: the record and layers of its linux/amd64 image, the lines a
    /// pull shows, and the index the name resolves to.
    struct CatalogPull {
        var record: ImageRecord
        var layers: [Layer]
        var lines: [PullReport.LayerLine]
        var catalogKeys: [String?]
        /// The linux/amd64 image's manifest as BuildKit pushed it to the Hub (OCI media types).
        var manifest: Manifest
        var manifestBytes: Data
        var index: ImageIndex
        var indexBytes: Data
        var indexDigest: Digest { Digest.sha256(of: indexBytes) }
    }

    func catalogImage(_ reference: ImageReference) throws(EngineError) -> CatalogPull {
        let catalog: ImageCatalog
        do {
            catalog = try images.catalog()
        } catch {
            throw .storage(error.message)
        }
        if let digest = reference.digest {
            // By digest: the tag of this repository whose index, or one of whose images, has that digest.
            let tags = catalog.images.filter { $0.repository == reference.path }.flatMap(\.tags)
            for tag in tags {
                let candidate = try catalogImage(ImageReference(domain: reference.domain, path: reference.path, tag: tag))
                if candidate.indexDigest.description == digest || Digest.sha256(of: candidate.manifestBytes).description == digest { return candidate }
                if let other = candidate.index.manifests.first(where: { $0.descriptor.digest.description == digest }) {
                    let what = other.isAttestation ? "the build attestation" : "the \(other.platform?.description ?? "other") image"
                    throw .unsupported("pulling \(what) of \(reference.familiarName):\(tag) (layerlab has linux/amd64 images only)")
                }
            }
            if tags.isEmpty { throw .notInCatalog(reference.familiarName) }
            throw .manifestUnknown("\(reference.familiarName)@\(digest)")
        }
        guard let catalogImage = catalog.image(for: reference) else {
            if catalog.repositories.contains(reference.path), let tag = reference.tag {
                throw .manifestUnknown("\(reference.familiarName):\(tag)")
            }
            throw .notInCatalog(reference.familiarName)
        }
        var digests: [LayerDigests] = []
        var lines: [PullReport.LayerLine] = []
        var blobs: [Descriptor] = []
        var layers: [Layer] = []
        var catalogKeys: [String?] = []
        for step in catalogImage.steps {
            guard let layer = step.layer else { continue }
            let layerDigests = step.digests ?? LayerArchive.compressedDigests(of: layer)
            // Kept by name only when the catalog states its digests, so that reading it back can be checked.
            catalogKeys.append(step.digests == nil ? nil : step.layerKey)
            lines.append(PullReport.LayerLine(shortID: layerDigests.blobDigest.shortID, alreadyExisted: images.hasLayer(layerDigests.diffID), blobSize: layerDigests.blobSize))
            blobs.append(Descriptor(mediaType: MediaType.ociLayerGzip, digest: layerDigests.blobDigest, size: layerDigests.blobSize))
            digests.append(layerDigests.layerDigests)
            layers.append(layer)
        }
        let configuration = ImageConfiguration(
            created: catalogImage.created,
            config: catalogImage.config,
            rootfs: RootFS(diffIDs: digests.map(\.diffID)),
            history: catalogImage.steps.map { step in
                HistoryEntry(
                    created: step.created, createdBy: step.createdBy,
                    comment: Self.historyComment(for: step.createdBy),
                    emptyLayer: step.layer == nil
                )
            }
        )
        let record = ImageRecord(configuration: configuration, layers: digests, layerSizes: layers.map(\.contentSize))
        let manifest = Manifest(
            mediaType: MediaType.ociManifest,
            config: Descriptor(mediaType: MediaType.ociConfig, digest: record.id, size: Int64(configuration.canonicalJSON().count)),
            layers: blobs
        )
        let manifestBytes = manifest.distributionJSON()
        let index = Self.hubIndex(of: catalogImage, tag: reference.tag ?? ImageReference.defaultTag,
                                  amd64: Descriptor(mediaType: MediaType.ociManifest, digest: Digest.sha256(of: manifestBytes), size: Int64(manifestBytes.count)))
        return CatalogPull(record: record, layers: layers, lines: lines, catalogKeys: catalogKeys, manifest: manifest,
                           manifestBytes: manifestBytes, index: index, indexBytes: index.json())
    }

    /// The index the Hub serves for an official tag: each platform's image followed by its build
    /// attestation. layerlab has the linux/amd64 image only; the other entries stand for images it does
    /// not have, under digests made from their names (pulling one says so), so that a learner sees what
    /// a multi-platform name is.
    static func hubIndex(of image: CatalogImage, tag: String, amd64: Descriptor) -> ImageIndex {
        var entries: [ImageIndex.Entry] = []
        for platform in image.platforms {
            let standIn = { (what: String) in Digest.sha256(of: Data("layerlab stand-in: \(image.repository):\(tag) \(platform) \(what)".utf8)) }
            let imageDescriptor = platform == .linuxAMD64 ? amd64 : Descriptor(mediaType: MediaType.ociManifest, digest: standIn("image"), size: amd64.size)
            entries.append(ImageIndex.Entry(descriptor: imageDescriptor, platform: platform))
            // BuildKit's attestation manifests are about 840 bytes: one in-toto layer per statement.
            let attestation = Descriptor(mediaType: MediaType.ociManifest, digest: standIn("attestation"), size: 841, annotations: [
                "vnd.docker.reference.digest": imageDescriptor.digest.description,
                "vnd.docker.reference.type": "attestation-manifest",
            ])
            entries.append(ImageIndex.Entry(descriptor: attestation, platform: .unknown))
        }
        return ImageIndex(manifests: entries)
    }

    /// The manifest a registry serves for a reference (`docker manifest inspect`, a build's base pull).
    public func remoteManifest(_ reference: ImageReference, credentials: RegistryCredentials?) throws(EngineError) -> RemoteManifest {
        let reference = reference.withDefaultTag
        if reference.isOfficial {
            let pull = try catalogImage(reference)
            if let digest = reference.digest, digest != pull.indexDigest.description {
                return RemoteManifest(bytes: pull.manifestBytes)
            }
            return RemoteManifest(bytes: pull.indexBytes, index: pull.index, platformManifest: pull.manifestBytes)
        }
        return RemoteManifest(bytes: try registryManifest(reference, credentials: credentials).manifest.bytes)
    }

    /// The manifest a reference names, as its registry serves it (an image manifest, or an index of
    /// them), and the registry.
    func registryManifest(_ reference: ImageReference, credentials: RegistryCredentials?)
        throws(EngineError) -> (endpoint: RegistryEndpoint, manifest: Registry.StoredManifest) {
        let endpoint = try endpoint(for: reference.domain, credentials: credentials)
        let manifestReference = reference.digest ?? reference.tag ?? ImageReference.defaultTag
        try checkAccess(endpoint, credentials, request: "Head \"http://\(reference.domain)/v2/\(reference.path)/manifests/\(manifestReference)\"")
        let unknown = EngineError.manifestUnknown(reference.digest.map { "\(reference.familiarName)@\($0)" } ?? reference.familiarDescription)
        do {
            let manifest = try endpoint.content.manifest(manifestReference, in: reference.path)
            return (endpoint, manifest)
        } catch RemoteRegistryError.registry(let error) where [.manifestUnknown, .nameUnknown].contains(error.code) {
            throw unknown
        } catch let error as RemoteRegistryError {
            throw error.engineError(pushing: false)
        } catch {
            // The Hub hides a repository it does not know; a known one just lacks the tag.
            if endpoint.kind == .hub, (try? endpoint.registry?.tags(of: reference.path)) == nil { throw .notInCatalog(reference.familiarName) }
            throw unknown
        }
    }

    /// Pulls from the Hub's user repositories, a `registry:2` or an allowed real registry: the
    /// manifest by tag or digest, the config, and the layers not already here.
    func pullFromRegistry(_ reference: ImageReference, credentials: RegistryCredentials?) throws(EngineError) -> PullReport {
        let fetched = try fetchFromRegistry(reference, credentials: credentials)
        return try finishPull(reference, record: fetched.record, layers: fetched.layers, lines: fetched.lines, manifestDigest: fetched.manifestDigest,
                              catalogKeys: fetched.catalogKeys)
    }

    func fetchFromRegistry(_ reference: ImageReference, credentials: RegistryCredentials?) throws(EngineError) -> FetchedImage {
        let (endpoint, named) = try registryManifest(reference, credentials: credentials)
        let registry = endpoint.content
        do {
            let manifest = try imageManifest(named, in: reference.path, of: registry).decoded()
            guard let configBytes = try registry.configBytes(manifest.config, in: reference.path) else {
                throw RegistryError.blobUnknown(manifest.config.digest)
            }
            let configuration = try SortedKeysJSON.decoder.decode(ImageConfiguration.self, from: configBytes)
            guard configuration.rootfs.diffIDs.count == manifest.layers.count else { throw RegistryError(.manifestInvalid) }
            var layers: [Layer] = []
            var digests: [LayerDigests] = []
            var lines: [PullReport.LayerLine] = []
            var catalogKeys: [String?] = []
            for (descriptor, diffID) in zip(manifest.layers, configuration.rootfs.diffIDs) {
                let present = images.hasLayer(diffID)
                let catalogLayer = endpoint.registry?.catalogLayer(of: descriptor.digest).flatMap { $0.digests.diffID == diffID ? $0 : nil }
                guard let layer = present ? try images.readLayer(diffID) : try registry.layer(descriptor, diffID: diffID, in: reference.path) else {
                    throw RegistryError.blobUnknown(descriptor.digest)
                }
                catalogKeys.append(catalogLayer?.key)
                let tarSize = images.knownTarSize(of: diffID) ?? catalogLayer?.digests.tarSize ?? LayerArchive.diffID(of: layer).size
                layers.append(layer)
                digests.append(LayerDigests(diffID: diffID, tarSize: tarSize, blobDigest: descriptor.digest, blobSize: descriptor.size))
                lines.append(PullReport.LayerLine(shortID: descriptor.digest.shortID, alreadyExisted: present, blobSize: descriptor.size))
                distribution.recordBlobSource(descriptor.digest, reference.name)
            }
            let record = ImageRecord(configuration: configuration, layers: digests, layerSizes: layers.map(\.contentSize), configBytes: configBytes)
            guard record.id == manifest.config.digest else {
                throw EngineError.storage("the config of \(reference.familiarDescription) does not hash to \(manifest.config.digest)")
            }
            // The digest a pull reports and keeps is the one the reference named: an index's, for a multi-platform image.
            return FetchedImage(record: record, layers: layers, lines: lines, manifestDigest: named.digest, catalogKeys: catalogKeys)
        } catch let error as EngineError {
            throw error
        } catch let error as StoreError {
            throw .storage(error.message)
        } catch let error as RegistryError {
            throw .daemon(error.clientText)
        } catch let error as RemoteRegistryError {
            throw error.engineError(pushing: false)
        } catch {
            throw .storage("the image \(reference.familiarDescription) in the registry is damaged: \(error)")
        }
    }

    /// The image manifest for linux/amd64: the manifest itself, or the one an index (a manifest list)
    /// names for that platform, as the daemon picks it for the platform it runs on.
    func imageManifest(_ manifest: Registry.StoredManifest, in repository: String, of registry: any RegistryContent) throws -> Registry.StoredManifest {
        guard manifest.mediaType == MediaType.ociIndex || manifest.mediaType == MediaType.dockerManifestList else { return manifest }
        struct PlatformIndex: Decodable {
            struct Entry: Decodable {
                struct Platform: Decodable {
                    var os: String
                    var architecture: String
                }

                var digest: Digest
                var platform: Platform?
            }

            var manifests: [Entry]
        }
        let index: PlatformIndex
        do {
            index = try JSONDecoder().decode(PlatformIndex.self, from: manifest.bytes)
        } catch {
            throw RegistryError(.manifestInvalid)
        }
        guard let entry = index.manifests.first(where: { $0.platform?.os == "linux" && $0.platform?.architecture == "amd64" }) else {
            // moby v28.2.2 distribution/pull_v2.go, noMatchesErr.
            throw EngineError.daemon("no matching manifest for linux/amd64 in the manifest list entries")
        }
        let chosen = try registry.manifest(entry.digest.description, in: repository)
        guard chosen.mediaType != MediaType.ociIndex, chosen.mediaType != MediaType.dockerManifestList else { throw RegistryError(.manifestInvalid) }
        return chosen
    }

    /// Stores a pulled image and names it; what every pull shares.
    func finishPull(_ reference: ImageReference, record: ImageRecord, layers: [Layer], lines: [PullReport.LayerLine], manifestDigest: Digest,
                    catalogKeys: [String?] = []) throws(EngineError) -> PullReport {
        let alreadyTagged = reference.tag == nil || images.id(taggedAs: reference.description) == record.id
        let present = images.image(record.id.description) != nil
        try distribution.save()
        if !present { try images.store(record, layers: layers, catalogKeys: catalogKeys) }
        if !alreadyTagged { try images.setTag(reference, to: record.id) }
        try images.addRepoDigest("\(reference.familiarName)@\(manifestDigest)", to: record.id)
        return PullReport(
            reference: reference,
            layers: present ? [] : lines,
            manifestDigest: manifestDigest,
            outcome: present && alreadyTagged ? .upToDate : .downloaded,
            imageID: record.id
        )
    }

    /// The COMMENT `docker history` shows: images built with BuildKit mark every step; older builders
    /// and rootfs tools leave their own mark or none.
    static func historyComment(for createdBy: String) -> String? {
        if createdBy.hasPrefix("# debian.sh") { return "debuerreotype 0.15" }
        if createdBy.hasPrefix("/bin/sh -c") || createdBy.hasPrefix("BusyBox") || createdBy.hasPrefix("ADD file:") { return nil }
        return "buildkit.dockerfile.v0"
    }
}
