import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

extension Engine {
    /// `docker save`: the images as Docker Engine 25+ writes them, an OCI image layout (`oci-layout`,
    /// `index.json`, `blobs/sha256/…` with uncompressed layers) plus the legacy `manifest.json` and
    /// `repositories`, so `docker load`, skopeo, umoci and dive all read it.
    public func save(_ names: [String], to sink: @escaping (UnsafeRawBufferPointer) -> Void) throws(EngineError) {
        struct Saved {
            var record: ImageRecord
            var layers: [Layer]
            var tags: [ImageReference]
        }
        var saved: [Saved] = []
        for name in names {
            guard let record = images.image(name) else { throw .noSuchImage(Engine.displayName(name)) }
            let tag = (try? ImageReference.parse(name)).flatMap { images.id(taggedAs: $0.withDefaultTag.description) == record.id ? $0.withDefaultTag : nil }
            if let index = saved.firstIndex(where: { $0.record.id == record.id }) {
                if let tag { saved[index].tags.append(tag) }
            } else {
                saved.append(Saved(record: record, layers: try images.layers(of: record), tags: tag.map { [$0] } ?? []))
            }
        }
        let writer = TarWriter(sink: sink)
        func directory(_ name: String) {
            writer.writeHeader(.init(name: name, mode: 0o755, size: 0, modificationTime: 0, type: .directory))
        }
        func file(_ name: String, _ bytes: [UInt8]) {
            writer.writeHeader(.init(name: name, mode: 0o644, size: Int64(bytes.count), modificationTime: 0, type: .file))
            writer.writeBytes(bytes)
        }
        directory("blobs/")
        directory("blobs/sha256/")
        var written = Set<Digest>()
        var indexEntries: [Descriptor] = []
        var legacy: [LegacyManifest] = []
        var repositories: [String: [String: String]] = [:]
        for item in saved {
            let config = [UInt8](item.record.configJSON)
            if written.insert(item.record.id).inserted { file("blobs/sha256/\(item.record.id.hex)", config) }
            for (digests, layer) in zip(item.record.layers, item.layers) where written.insert(digests.diffID).inserted {
                writer.writeHeader(.init(name: "blobs/sha256/\(digests.diffID.hex)", mode: 0o644, size: digests.tarSize, modificationTime: 0, type: .file))
                writer.writeStreamed(size: digests.tarSize) { inner in LayerArchive.write(layer, to: inner) }
            }
            let manifest = Manifest(
                mediaType: MediaType.ociManifest,
                config: Descriptor(mediaType: MediaType.ociConfig, digest: item.record.id, size: Int64(config.count)),
                layers: item.record.layers.map { Descriptor(mediaType: MediaType.ociLayer, digest: $0.diffID, size: $0.tarSize) }
            )
            let manifestBytes = [UInt8](manifest.canonicalJSON())
            if written.insert(manifest.digest).inserted { file("blobs/sha256/\(manifest.digest.hex)", manifestBytes) }
            let references = item.tags.isEmpty ? [nil] : item.tags.map { Optional($0) }
            for reference in references {
                var annotations: [String: String]?
                if let reference {
                    annotations = ["io.containerd.image.name": reference.description, "org.opencontainers.image.ref.name": reference.tag ?? "latest"]
                }
                indexEntries.append(Descriptor(mediaType: MediaType.ociManifest, digest: manifest.digest, size: Int64(manifestBytes.count), annotations: annotations))
            }
            legacy.append(LegacyManifest(
                config: "blobs/sha256/\(item.record.id.hex)",
                repoTags: item.tags.map(\.familiarDescription),
                layers: item.record.layers.map { "blobs/sha256/\($0.diffID.hex)" }
            ))
            let top = Engine.chainIDs(item.record.layers.map(\.diffID)).last?.hex ?? item.record.id.hex
            for tag in item.tags { repositories[tag.familiarName, default: [:]][tag.tag ?? "latest"] = top }
        }
        file("index.json", [UInt8](ImageIndex(manifests: indexEntries.map { ImageIndex.Entry(descriptor: $0, platform: nil) }).json()))
        file("manifest.json", try [UInt8](StoreFolder.encode(legacy)))
        file("oci-layout", [UInt8]("{\"imageLayoutVersion\":\"1.0.0\"}".utf8))
        if !repositories.isEmpty { file("repositories", try [UInt8](StoreFolder.encode(repositories))) }
        writer.finish()
    }

    /// `docker load`: imports the images of a `docker save` archive; returns the lines Docker prints.
    public func load(_ archive: Data) throws(EngineError) -> [String] {
        let entries: [TarReader.Entry]
        do {
            entries = try TarReader.entries(archive)
        } catch {
            throw .invalidArchive(error.message)
        }
        var files: [String: Data] = [:]
        for entry in entries { files[entry.name.hasPrefix("./") ? String(entry.name.dropFirst(2)) : entry.name] = entry.content }
        guard let manifestData = files["manifest.json"],
              let manifests = try? JSONDecoder().decode([LegacyManifest].self, from: manifestData)
        else {
            throw .invalidArchive("open /var/lib/docker/tmp/docker-import/manifest.json: no such file or directory")
        }
        var lines: [String] = []
        for manifest in manifests {
            guard let configData = files[manifest.config],
                  let configuration = try? SortedKeysJSON.decoder.decode(ImageConfiguration.self, from: configData)
            else {
                throw .invalidArchive("the image config \(manifest.config) is missing or not valid")
            }
            var layers: [Layer] = []
            var digests: [LayerDigests] = []
            for (index, path) in manifest.layers.enumerated() {
                guard let data = files[path] else { throw .invalidArchive("the layer \(path) is missing") }
                let layer: Layer
                do {
                    layer = try TarReader.layer(data)
                } catch {
                    throw .invalidArchive("the layer \(path) is not a tar: \(error.message)")
                }
                var computed = LayerArchive.uncompressedDigests(of: layer)
                // A layer written by another tool keeps the identity its image config gives it.
                if index < configuration.rootfs.diffIDs.count { computed.diffID = configuration.rootfs.diffIDs[index] }
                layers.append(layer)
                digests.append(computed)
            }
            // The ID is the digest of the config bytes as they came, whatever layout they use: they are kept.
            let record = ImageRecord(configuration: configuration, layers: digests, layerSizes: layers.map(\.contentSize), configBytes: configData)
            try images.store(record, layers: layers)
            if manifest.repoTags.isEmpty {
                lines.append("Loaded image ID: \(record.id)")
            }
            for tag in manifest.repoTags {
                guard let reference = try? ImageReference.parse(tag) else { continue }
                if let previous = try images.setTag(reference, to: record.id) {
                    lines.append("The image \(tag) already exists, renaming the old one with ID \(previous) to empty string")
                }
                lines.append("Loaded image: \(tag)")
            }
        }
        return lines
    }
}

/// `manifest.json` of a `docker save` archive.
struct LegacyManifest: Codable {
    var config: String
    var repoTags: [String]
    var layers: [String]

    enum CodingKeys: String, CodingKey {
        case config = "Config", repoTags = "RepoTags", layers = "Layers"
    }
}
