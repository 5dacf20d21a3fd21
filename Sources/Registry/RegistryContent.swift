import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// A registry as the engine's push and pull use it: the folder of one layerlab simulates
/// (`Registry`), or a real registry over HTTP (`RemoteRegistry`), so both go through the same steps
/// and print the same lines. Blobs a pull reads are named by their descriptor, whose digest and size
/// a real registry's answer is held to.
public protocol RegistryContent: AnyObject {
    /// The blob, when the repository has it (`HEAD /v2/NAME/blobs/DIGEST`).
    func blob(_ digest: Digest, in repository: String) throws -> Registry.BlobInfo?
    /// Links a blob into `repository` instead of uploading it; from `source`, or for a simulated
    /// registry from anywhere it holds it when `source` is nil. False when it did not.
    func mount(_ digest: Digest, from source: String?, into repository: String) throws -> Bool
    /// Sends a layer as its gzip stream; the blob's digest and size.
    func putLayer(_ layer: Layer, into repository: String) throws -> (digest: Digest, size: Int64)
    /// Sends a small blob (a config) whole; its digest.
    @discardableResult
    func putBlob(_ bytes: Data, into repository: String) throws -> Digest
    /// Stores a manifest's exact bytes under a tag, or under its digest; its digest.
    @discardableResult
    func putManifest(_ bytes: Data, reference: String, contentType: String?, into repository: String) throws -> Digest
    /// A manifest by tag or by digest, with its bytes' digest and its media type.
    func manifest(_ reference: String, in repository: String) throws -> Registry.StoredManifest
    /// A config blob's bytes; nil when the registry has none.
    func configBytes(_ blob: Descriptor, in repository: String) throws -> Data?
    /// A layer blob's files, gzip, zstd or plain; nil when the registry has none. With `diffID`, the
    /// blob's tar must have that digest (`Registry.rootFSMismatch` otherwise).
    func layer(_ blob: Descriptor, diffID: Digest?, in repository: String) throws -> Layer?
}

extension Registry: RegistryContent {
    /// Configs are shared by the whole folder, as every blob is.
    public func configBytes(_ blob: Descriptor, in repository: String) -> Data? {
        bytes(of: blob.digest)
    }

    public func layer(_ blob: Descriptor, diffID: Digest?, in repository: String) throws -> Layer? {
        try layer(blob.digest, diffID: diffID)
    }
}
