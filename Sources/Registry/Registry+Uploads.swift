import Foundation
import LayerlabBasics
import LayerStore

/// An upload session as distribution keeps one: a file the client fills chunk by chunk, in order,
/// until it finishes the upload with the digest those bytes must have.
public struct BlobUpload: Equatable, Sendable {
    /// A lower-case UUID, as distribution names its sessions (`Docker-Upload-UUID`).
    public var id: String
    public var repository: String
    /// The bytes received so far.
    public var size: Int64
}

extension Registry {
    func uploadFolder(_ id: String) -> String { "uploads/\(id)" }

    /// Opens an upload session in a repository (`POST /v2/NAME/blobs/uploads/`).
    public func startUpload(in repository: String) throws(StoreError) -> BlobUpload {
        let id = UUID().uuidString.lowercased()
        try folder.write(Data(repository.utf8), to: "\(uploadFolder(id))/repository")
        try folder.write(Data(), to: "\(uploadFolder(id))/data")
        return BlobUpload(id: id, repository: repository, size: 0)
    }

    /// The session, when one with this id is open in this repository (BLOB_UPLOAD_UNKNOWN otherwise).
    /// The id comes from the network: only a UUID names a folder.
    public func upload(_ id: String, in repository: String) -> BlobUpload? {
        guard UUID(uuidString: id) != nil, id == id.lowercased(),
              let owner = folder.read("\(uploadFolder(id))/repository"), String(decoding: owner, as: UTF8.self) == repository,
              let attributes = try? FileManager.default.attributesOfItem(atPath: folder.url("\(uploadFolder(id))/data").path),
              let size = (attributes[.size] as? NSNumber)?.int64Value
        else { return nil }
        return BlobUpload(id: id, repository: repository, size: size)
    }

    /// Appends to the session's file from its current end.
    public func writer(for upload: BlobUpload) throws(StoreError) -> UploadWriter {
        try UploadWriter(path: folder.url("\(uploadFolder(upload.id))/data").path, size: upload.size)
    }

    /// Ends the session (`PUT …?digest=`): its bytes must have the digest, or the session is dropped
    /// and the answer is DIGEST_INVALID, as distribution cancels an upload whose commit fails. The
    /// bytes become the blob, unless the registry has it already (then they are dropped: a blob is
    /// written once). Returns the blob's size.
    @discardableResult
    public func finishUpload(_ upload: BlobUpload, digest: Digest) throws -> Int64 {
        try commitUpload(upload, expecting: digest).size
    }

    /// Drops the session and its bytes (`DELETE` of an upload, or a failed one).
    public func cancelUpload(_ upload: BlobUpload) {
        folder.remove(uploadFolder(upload.id))
    }

    /// Hashes the session's file and makes it the blob its digest names; with `expected`, only that one.
    func commitUpload(_ upload: BlobUpload, expecting expected: Digest?) throws -> (digest: Digest, size: Int64) {
        let data = "\(uploadFolder(upload.id))/data"
        let hashed: (digest: Digest, size: Int64)
        do {
            hashed = try Self.digest(ofFileAt: folder.url(data).path)
        } catch {
            cancelUpload(upload)
            throw error
        }
        let (digest, size) = hashed
        if let expected, expected != digest {
            cancelUpload(upload)
            // distribution's ErrBlobInvalidDigest as its detail: the digest asked for and a reason Go encodes as {}.
            throw RegistryError(.digestInvalid, detailJSON: "{\"Digest\":\"\(expected)\",\"Reason\":{}}")
        }
        defer { cancelUpload(upload) }
        try changeIndex { index in
            if !folder.exists(blobPath(digest)) {
                do {
                    try FileManager.default.createDirectory(at: folder.url("blobs"), withIntermediateDirectories: true)
                } catch {
                    throw StoreError("cannot write \(folder.url("blobs").path): \(error.localizedDescription)")
                }
                try folder.move(data, to: blobPath(digest))
            }
            if index.blobs[digest.description] == nil || index.blobs[digest.description]?.isLayer == true {
                index.blobs[digest.description] = .init(size: size, mediaType: Self.plainBlobType, isLayer: false)
            }
            index.repositories[upload.repository, default: .init()].blobs.insert(digest)
        }
        return (digest, size)
    }

    /// A file's digest and length, read a megabyte at a time.
    static func digest(ofFileAt path: String) throws(StoreError) -> (digest: Digest, size: Int64) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw StoreError("cannot read \(path)") }
        defer { try? handle.close() }
        var hasher = DigestHasher()
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw StoreError("cannot read \(path): \(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            hasher.update(chunk)
        }
        return (hasher.finalize(), Int64(hasher.byteCount))
    }
}
