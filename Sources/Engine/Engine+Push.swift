import Foundation
import ImageModel
import LayerlabBasics
import LayerStore
import Registry
import RegistryClient

/// What `docker push` is about to send: the image and its layers, top first as Docker lists them.
public struct PushPlan: Sendable {
    /// The reference with its tag (`:latest` when none was given).
    public var reference: ImageReference
    public var image: ImageRecord
    /// The first 12 hex characters of each layer's diffID, top layer first (the classic store's IDs).
    public var layerIDs: [String]
}

/// What `docker push` reports once the registry has everything.
public struct PushReport: Sendable {
    public enum LayerStatus: Equatable, Sendable {
        case pushed
        case alreadyExists
        case mounted(from: String)
    }

    /// Top layer first, matching `PushPlan.layerIDs`.
    public var layers: [(id: String, status: LayerStatus)]
    public var tag: String
    public var manifestDigest: Digest
    public var manifestSize: Int
}

extension ProgressMessage {
    /// A push's first message, before the daemon looks for the image (moby v28.2.2 distribution/push.go).
    public static func pushStarted(_ repository: ImageReference) -> ProgressMessage {
        ProgressMessage(id: nil, status: "The push refers to repository [\(repository.name)]")
    }
}

extension PushPlan {
    /// Each layer's first status, top first, before anything is sent (distribution/xfer/upload.go).
    public var preparingMessages: [ProgressMessage] {
        layerIDs.map { ProgressMessage(id: $0, status: "Preparing") }
    }
}

extension PushReport {
    /// What the daemon streams once the registry has everything: each layer's outcome, top first, then
    /// the tag's manifest digest and size (distribution/push_v2.go).
    public var messages: [ProgressMessage] {
        let layerMessages: [ProgressMessage] = layers.map { layer in
            switch layer.status {
            case .pushed: ProgressMessage(id: layer.id, status: "Pushed")
            case .alreadyExists: ProgressMessage(id: layer.id, status: "Layer already exists")
            case .mounted(let source): ProgressMessage(id: layer.id, status: "Mounted from \(source)")
            }
        }
        return layerMessages + [ProgressMessage(id: nil, status: "\(tag): digest: \(manifestDigest) size: \(manifestSize)")]
    }
}

extension Engine {
    /// The tags a push of a repository without a tag sends (`docker push --all-tags`, the API's push
    /// without `tag`): every local tag of that repository, in lexical order as moby's reference store
    /// lists them.
    public func localTags(of repository: ImageReference) -> [ImageReference] {
        images.all.flatMap { images.tags(of: $0.id) }.filter { $0.name == repository.name }.sorted { $0.description < $1.description }
    }

    /// Finds the local image a push names; fails as the daemon does when there is none.
    public func pushPlan(_ reference: ImageReference) throws(EngineError) -> PushPlan {
        let tagged = reference.withDefaultTag
        guard let id = images.id(taggedAs: tagged.description), let image = images.record(id) else {
            let hasOtherTags = images.taggedNames.contains { $0.hasPrefix(reference.name + ":") }
            if hasOtherTags, reference.tag != nil {
                throw .noLocalImage("tag does not exist: \(tagged.familiarDescription)")
            }
            throw .noLocalImage("An image does not exist locally with the tag: \(reference.familiarName)")
        }
        let ids = image.layers.reversed().map { $0.diffID.shortID }
        return PushPlan(reference: tagged, image: image, layerIDs: ids)
    }

    /// Pushes an image: checks access, sends each layer the registry lacks (or mounts it from another
    /// repository of the same registry), then the config and the manifest under the tag. `resolved`
    /// is the registry when the caller has looked it up already (to fail before printing anything).
    public func push(_ plan: PushPlan, to resolved: RegistryEndpoint? = nil, credentials: RegistryCredentials?) throws(EngineError) -> PushReport {
        let reference = plan.reference
        let endpoint: RegistryEndpoint
        if let resolved { endpoint = resolved } else { endpoint = try self.endpoint(for: reference.domain, credentials: credentials) }
        let registry = endpoint.content
        try checkAccess(endpoint, credentials)
        if endpoint.kind == .hub {
            let namespace = reference.path.split(separator: "/").first.map(String.init) ?? ""
            guard let credentials, hubAccounts.verify(username: credentials.username, password: credentials.password),
                  namespace == credentials.username
            else {
                throw .pushRefused("denied: requested access to the resource is denied")
            }
        }
        let layers = try images.layers(of: plan.image)
        var statuses: [PushReport.LayerStatus] = []
        var descriptors: [Descriptor] = []
        // What the registry already received stays known, for mounts, even when the push fails later.
        defer { try? distribution.save() }
        do {
            for (digests, layer) in zip(plan.image.layers, layers) {
                let known = knownBlob(of: digests)
                if let known, let info = try registry.blob(known.digest, in: reference.path) {
                    descriptors.append(Descriptor(mediaType: MediaType.dockerLayerGzip, digest: known.digest, size: info.size))
                    statuses.append(.alreadyExists)
                } else if let known, let source = mountSource(for: known.digest, in: endpoint, excluding: reference.path),
                          // A simulated registry mounts any blob it holds; a real one, from the repository named.
                          try registry.mount(known.digest, from: endpoint.kind == .remote ? source : nil, into: reference.path) {
                    descriptors.append(Descriptor(mediaType: MediaType.dockerLayerGzip, digest: known.digest, size: known.size))
                    statuses.append(.mounted(from: source))
                } else {
                    let stored: (digest: Digest, size: Int64)
                    if let known, let key = images.catalogKey(of: digests.diffID), let simulated = endpoint.registry {
                        // A catalog layer's gzip stream is known: a simulated registry makes it only if a client reads it.
                        try simulated.putRecreatableLayer(key, digests: CompressedLayerDigests(diffID: digests.diffID, tarSize: digests.tarSize,
                                                                                               blobDigest: known.digest, blobSize: known.size),
                                                         into: reference.path)
                        stored = known
                    } else {
                        // The gzip stream is made once, as it uploads; its bytes are the blob from then on.
                        stored = try registry.putLayer(layer, into: reference.path)
                    }
                    if stored.digest != known?.digest {
                        distribution.recordCompressedDigests(CompressedLayerDigests(diffID: digests.diffID, tarSize: digests.tarSize,
                                                                                    blobDigest: stored.digest, blobSize: stored.size))
                    }
                    descriptors.append(Descriptor(mediaType: MediaType.dockerLayerGzip, digest: stored.digest, size: stored.size))
                    // The Hub's official repositories live in the catalog, not in the Hub's folder: a blob from there is mounted.
                    if let known, known.digest == stored.digest, let source = mountSource(for: known.digest, in: endpoint, excluding: reference.path) {
                        statuses.append(.mounted(from: source))
                    } else {
                        statuses.append(.pushed)
                    }
                }
                distribution.recordBlobSource(descriptors[descriptors.count - 1].digest, "\(reference.domain)/\(reference.path)")
            }
            let config = plan.image.configJSON
            try registry.putBlob(config, into: reference.path)
            let manifest = Manifest(
                config: Descriptor(mediaType: MediaType.dockerConfig, digest: plan.image.id, size: Int64(config.count)),
                layers: descriptors
            ).distributionJSON()
            let digest = try registry.putManifest(manifest, reference: reference.tag ?? ImageReference.defaultTag, contentType: MediaType.dockerManifest, into: reference.path)
            try images.addRepoDigest("\(reference.familiarName)@\(digest)", to: plan.image.id)
            return PushReport(
                layers: Array(zip(plan.layerIDs, statuses.reversed())).map { (id: $0.0, status: $0.1) },
                tag: reference.tag ?? ImageReference.defaultTag, manifestDigest: digest, manifestSize: manifest.count
            )
        } catch let error as EngineError {
            throw error
        } catch let error as StoreError {
            throw .storage(error.message)
        } catch let error as RegistryError {
            throw .pushRefused(error.clientText)
        } catch let error as RemoteRegistryError {
            throw error.engineError(pushing: true)
        } catch {
            throw .storage("\(error)")
        }
    }

    /// A layer's blob as far as the engine knows it: from the pull that brought the layer, or from a
    /// push that compressed it with gzip. Nil for a layer made here and never pushed. A blob pulled as
    /// zstd stays its blob where the registry has it or can mount it, named as gzip in the manifest as
    /// moby v28.2.2 names every blob it finds there (distribution/push_v2.go sets MediaTypeLayer);
    /// elsewhere the push compresses the layer with gzip.
    func knownBlob(of digests: LayerDigests) -> (digest: Digest, size: Int64)? {
        if let blobDigest = digests.blobDigest, let blobSize = digests.blobSize { return (blobDigest, blobSize) }
        return distribution.compressedDigests(of: digests.diffID).map { ($0.blobDigest, $0.blobSize) }
    }

    /// Another repository of the same registry that the engine knows holds the blob (from a pull or
    /// a push), which a push can mount from instead of uploading.
    func mountSource(for blob: Digest, in endpoint: RegistryEndpoint, excluding repository: String) -> String? {
        for source in distribution.blobSources(of: blob) {
            guard source.hasPrefix(endpoint.host + "/") else { continue }
            let path = String(source.dropFirst(endpoint.host.count + 1))
            guard path != repository else { continue }
            if (try? endpoint.content.blob(blob, in: path)) != nil || (endpoint.kind == .hub && path.hasPrefix("library/")) {
                return path
            }
        }
        return nil
    }
}
