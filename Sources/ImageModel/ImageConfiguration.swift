import Foundation
import LayerlabBasics

/// The image configuration document: what the image ID is the digest of (OCI image-spec `config.md`).
public struct ImageConfiguration: Codable, Hashable, Sendable {
    public var architecture: String
    public var os: String
    public var created: Date?
    public var author: String?
    public var config: ImageConfig
    public var rootfs: RootFS
    public var history: [HistoryEntry]
    /// moby's V1Image fields, which only images the legacy builder commits carry (image/image.go):
    /// the step's container, its config (`Cmd` the step, `/bin/sh -c #(nop)  ENV …`) and the engine's
    /// version. Being part of the config, the container's ID makes every intermediate image's ID its own.
    public var container: String?
    public var containerConfig: ImageConfig?
    public var dockerVersion: String?

    enum CodingKeys: String, CodingKey {
        case architecture, os, created, author, config, rootfs, history, container
        case containerConfig = "container_config"
        case dockerVersion = "docker_version"
    }

    public init(architecture: String = "amd64", os: String = "linux", created: Date?, author: String? = nil, config: ImageConfig, rootfs: RootFS, history: [HistoryEntry],
                container: String? = nil, containerConfig: ImageConfig? = nil, dockerVersion: String? = nil) {
        self.architecture = architecture
        self.os = os
        self.created = created
        self.author = author
        self.config = config
        self.rootfs = rootfs
        self.history = history
        self.container = container
        self.containerConfig = containerConfig
        self.dockerVersion = dockerVersion
    }

    /// The exact bytes the image ID is computed from: JSON with sorted keys and RFC 3339 times, so the
    /// same image always has the same ID.
    public func canonicalJSON() -> Data {
        // Encoding plain value types cannot fail.
        try! SortedKeysJSON.encoder.encode(self)
    }

    /// The image ID: the digest of the configuration bytes, as Docker's classic image store has it.
    public var id: Digest { Digest.sha256(of: canonicalJSON()) }
}

/// `rootfs`: the layers' uncompressed digests, base first.
public struct RootFS: Codable, Hashable, Sendable {
    public var type: String
    public var diffIDs: [Digest]

    enum CodingKeys: String, CodingKey {
        case type
        case diffIDs = "diff_ids"
    }

    public init(diffIDs: [Digest]) {
        type = "layers"
        self.diffIDs = diffIDs
    }
}

/// One line of `docker history`: the instruction that made a layer, or a metadata-only change.
public struct HistoryEntry: Codable, Hashable, Sendable {
    public var created: Date?
    public var createdBy: String?
    public var author: String?
    public var comment: String?
    /// True for instructions that changed only the config (ENV, CMD, …), which have no layer.
    public var emptyLayer: Bool?

    enum CodingKeys: String, CodingKey {
        case created, author, comment
        case createdBy = "created_by"
        case emptyLayer = "empty_layer"
    }

    public init(created: Date?, createdBy: String?, author: String? = nil, comment: String? = nil, emptyLayer: Bool) {
        self.created = created
        self.createdBy = createdBy
        self.author = author
        self.comment = comment
        self.emptyLayer = emptyLayer ? true : nil
    }

    public var isEmptyLayer: Bool { emptyLayer ?? false }
}
