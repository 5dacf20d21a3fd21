import Foundation
import GoSemantics
import LayerlabBasics
import LayerStore
import NIOCore
import NIOHTTP1
import Registry

/// What a simulated `registry:2` answers, as distribution 2.8.3 does (registry/handlers). Every step
/// opens the registry's folder and reads or writes its files (the index under its lock, upload
/// sessions, a blob hashed as its upload is committed, a catalog layer's blob made when first read),
/// so `RegistryRequestHandler` runs each one on its thread pool, never on the event loop.
struct RegistryExchange: Sendable {
    /// Where a request's body goes, decided from its head.
    enum Opening: Sendable {
        /// The answer is decided already; whatever body comes is dropped.
        case answer(HTTPResponse)
        /// Kept up to a limit (a manifest, distribution's 4 MB).
        case collect(limit: Int)
        /// Appended to an upload session's file as it arrives.
        case upload(BlobUpload, UploadWriter)
        /// Not kept.
        case ignore
    }

    /// What a request's body came to once it has all arrived.
    enum Received: Sendable {
        case nothing
        /// A manifest's bytes; `overflowed` when more than the limit came.
        case collected(Data, overflowed: Bool)
        /// An upload that the body went to, still open for writing.
        case uploaded(BlobUpload, UploadWriter)
    }

    /// A response, and the file its body streams from: a blob, opened at the first byte to send, with
    /// how many bytes to send (the response's to close once sent).
    struct Answer: Sendable {
        var response: HTTPResponse
        var file: (handle: NIOFileHandle, count: Int)?

        init(_ response: HTTPResponse, file: (handle: NIOFileHandle, count: Int)? = nil) {
            self.response = response
            self.file = file
        }
    }

    let settings: RegistryHTTPServer.Settings

    /// The registry as its folder is now: what the prompt pushed shows at once.
    private func openRegistry() -> Registry {
        Registry(root: settings.root, recreatableLayers: settings.recreatableLayers)
    }

    private func api(for head: HTTPRequestHead, _ registry: Registry) -> RegistryAPI {
        RegistryAPI(registry: registry, access: settings.access(head.headers.first(name: "Authorization")), date: Date())
    }

    /// Decides, from the request's head, where its body goes, or answers at once.
    func open(_ head: HTTPRequestHead) -> Opening {
        let registry = openRegistry()
        let api = api(for: head, registry)
        let (path, query) = Self.split(head.uri)
        let route = RegistryRoute(path: path)
        if route != .elsewhere, let challenge = api.challenge(head: head.method == .HEAD) { return .answer(challenge) }
        do {
            switch (head.method, route) {
            case (.PUT, .manifest):
                return .collect(limit: Registry.manifestSizeLimit)
            case (.PATCH, .upload(let name, let id)), (.PUT, .upload(let name, let id)):
                guard let upload = registry.upload(id, in: name) else { throw RegistryError(.blobUploadUnknown) }
                // A chunk must start where the upload ends (the offset distribution keeps in `_state`).
                if head.method == .PATCH, let range = head.headers.first(name: "Content-Range"),
                   let start = range.split(separator: "-").first.flatMap({ Int64($0.trimmingCharacters(in: .whitespaces)) }), start != upload.size {
                    var refused = api.failure(RegistryError(.blobUploadInvalid), head: false)
                    refused.status = 416
                    refused.reason = "Requested Range Not Satisfiable"
                    return .answer(refused)
                }
                return .upload(upload, try registry.writer(for: upload))
            case (.POST, .uploads(let name)) where query["digest"] != nil && query["mount"] == nil:
                // A monolithic upload: the whole blob in the POST's body.
                let upload = try registry.startUpload(in: name)
                return .upload(upload, try registry.writer(for: upload))
            default:
                return .ignore
            }
        } catch let error as RegistryError {
            return .answer(api.failure(error, head: false))
        } catch {
            return .answer(api.failure(RegistryError(.unknown, detailJSON: GoJSON.string("\(error)")), head: false))
        }
    }

    /// Appends a chunk of a body to its upload. When the disk refuses it, the upload is dropped and
    /// the failure is the request's answer.
    func write(_ chunk: ByteBuffer, to upload: BlobUpload, through writer: UploadWriter) -> HTTPResponse? {
        var failure: StoreError?
        chunk.withUnsafeReadableBytes { bytes in
            do throws(StoreError) {
                try writer.write(bytes)
            } catch {
                failure = error
            }
        }
        guard let failure else { return nil }
        drop(upload, writer)
        return RegistryAPI(registry: openRegistry(), access: .granted, date: Date())
            .failure(RegistryError(.unknown, detailJSON: GoJSON.string(failure.message)), head: false)
    }

    /// Drops an upload whose request ended without finishing it (cut short, or refused).
    func drop(_ upload: BlobUpload, _ writer: UploadWriter) {
        writer.close()
        openRegistry().cancelUpload(upload)
    }

    /// Answers a request whose body has all arrived.
    func finish(_ head: HTTPRequestHead, _ received: Received) -> Answer {
        let registry = openRegistry()
        let api = api(for: head, registry)
        let (path, query) = Self.split(head.uri)
        let isHead = head.method == .HEAD
        // The upload the body went to, until the request hands it over to be committed; dropped when it fails before.
        var unfinished: BlobUpload?
        if case .uploaded(let upload, let writer) = received {
            writer.close()
            var written = upload
            written.size = writer.size
            unfinished = written
        }
        do {
            switch (head.method, RegistryRoute(path: path)) {
            case (_, .elsewhere):
                return Answer(api.respond(method: "GET", path: path))
            case (_, .invalidName(let name)):
                throw RegistryError(.nameInvalid, detailJSON: GoJSON.string(name))
            case (.GET, .base), (.HEAD, .base), (.GET, .catalog), (.GET, .tags):
                return Answer(api.respond(method: head.method.rawValue, path: head.uri))
            case (.GET, .manifest), (.HEAD, .manifest):
                return Answer(api.respond(method: head.method.rawValue, path: head.uri, accepting: RegistryAPI.acceptedMediaTypes(head.headers["Accept"])))
            case (.GET, .blob(let name, let digest)), (.HEAD, .blob(let name, let digest)):
                return try blobAnswer(registry, name: name, digest: digest, head: head, isHead: isHead)
            case (.DELETE, .blob(let name, let digest)):
                guard settings.deletionEnabled else { throw RegistryError(.unsupported) }
                guard let parsed = try? Digest(parsing: digest) else { throw RegistryError(.digestInvalid) }
                try registry.deleteBlob(parsed, in: name)
                return Answer(Self.empty(202, []))
            case (.PUT, .manifest(let name, let reference)):
                guard case .collected(let bytes, let overflowed) = received else { throw RegistryError(.manifestInvalid) }
                guard !overflowed else { throw RegistryError(.manifestInvalid, detailJSON: GoJSON.string("http: request body too large")) }
                let digest = try registry.putManifest(bytes, reference: reference, contentType: head.headers.first(name: "Content-Type"), into: name)
                return Answer(Self.empty(201, [("Docker-Content-Digest", digest.description), ("Location", "/v2/\(name)/manifests/\(digest)")]))
            case (.DELETE, .manifest(let name, let reference)):
                guard settings.deletionEnabled else { throw RegistryError(.unsupported) }
                guard let digest = try? Digest(parsing: reference) else { throw RegistryError(.digestInvalid) }
                try registry.deleteManifest(digest, in: name)
                return Answer(Self.empty(202, []))
            case (.POST, .uploads(let name)):
                if let mount = query["mount"], let from = query["from"], let digest = try? Digest(parsing: mount),
                   try registry.mount(digest, from: from, into: name) {
                    return Answer(Self.created(digest, in: name))
                }
                if let upload = unfinished {
                    unfinished = nil
                    return Answer(try complete(upload, digest: query["digest"], registry: registry))
                }
                return Answer(Self.uploadStatus(try registry.startUpload(in: name), status: 202))
            case (.GET, .upload(let name, let id)), (.HEAD, .upload(let name, let id)):
                guard let upload = registry.upload(id, in: name) else { throw RegistryError(.blobUploadUnknown) }
                return Answer(Self.uploadStatus(upload, status: 204))
            case (.PATCH, .upload):
                guard let upload = unfinished else { throw RegistryError(.blobUploadUnknown) }
                // The session stays open for the next chunk.
                unfinished = nil
                return Answer(Self.uploadStatus(upload, status: 202))
            case (.PUT, .upload):
                guard let upload = unfinished else { throw RegistryError(.blobUploadUnknown) }
                unfinished = nil
                return Answer(try complete(upload, digest: query["digest"], registry: registry))
            case (.DELETE, .upload(let name, let id)):
                guard let upload = registry.upload(id, in: name) else { throw RegistryError(.blobUploadUnknown) }
                registry.cancelUpload(upload)
                return Answer(Self.empty(204, [("Docker-Upload-UUID", upload.id)]))
            default:
                throw RegistryError(.unsupported)
            }
        } catch let error as RegistryError {
            if let upload = unfinished { registry.cancelUpload(upload) }
            return Answer(api.failure(error, head: isHead))
        } catch {
            if let upload = unfinished { registry.cancelUpload(upload) }
            return Answer(api.failure(RegistryError(.unknown, detailJSON: GoJSON.string("\(error)")), head: isHead))
        }
    }

    /// The last request of an upload: its digest is required, and the bytes must have it (a wrong one
    /// drops the upload, as distribution cancels an upload whose commit fails; a missing one does not).
    private func complete(_ upload: BlobUpload, digest text: String?, registry: Registry) throws -> HTTPResponse {
        guard let text else {
            throw RegistryError(.digestInvalid, detailJSON: GoJSON.string("digest missing"))
        }
        guard let digest = try? Digest(parsing: text) else {
            throw RegistryError(.digestInvalid, detailJSON: GoJSON.string("digest parsing failed"))
        }
        try registry.finishUpload(upload, digest: digest)
        return Self.created(digest, in: upload.repository)
    }

    /// A blob's headers, and for a GET its file opened at the first byte of the asked range.
    private func blobAnswer(_ registry: Registry, name: String, digest text: String, head: HTTPRequestHead, isHead: Bool) throws -> Answer {
        guard let digest = try? Digest(parsing: text) else { throw RegistryError(.digestInvalid) }
        // A HEAD needs no bytes: a blob kept as a catalog layer's name is not made for it.
        guard let info = registry.blob(digest, in: name), let file = isHead ? URL(fileURLWithPath: "/") : registry.blobFile(digest) else {
            throw RegistryError.blobUnknown(digest)
        }
        var headers: [(name: String, value: String)] = [
            ("Accept-Ranges", "bytes"),
            ("Cache-Control", "max-age=31536000"),
            ("Content-Type", "application/octet-stream"),
            ("Docker-Content-Digest", digest.description),
            ("Etag", "\"\(digest)\""),
        ]
        var range = 0..<info.size
        var status = 200
        // Go's http.ServeContent: one `bytes=START-END` (or `START-`, or `-SUFFIX`) range gives a 206.
        if let asked = head.headers.first(name: "Range"), asked.hasPrefix("bytes="), !asked.contains(",") {
            let bounds = asked.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map { Int64($0) }
            if bounds.count == 2, let first = bounds[0] ?? (bounds[1].map { max(info.size - $0, 0) }),
               first < info.size, bounds[1] != nil || bounds[0] != nil {
                let last = bounds[0] == nil ? info.size - 1 : min(bounds[1] ?? info.size - 1, info.size - 1)
                if last >= first {
                    range = first..<(last + 1)
                    status = 206
                    headers.append(("Content-Range", "bytes \(first)-\(last)/\(info.size)"))
                }
            }
            if status != 206 {
                return Answer(Self.empty(416, [("Content-Range", "bytes */\(info.size)")]))
            }
        }
        headers.append(("Content-Length", String(range.count)))
        let response = HTTPResponse(status: status, headers: headers, body: Data())
        guard !isHead else { return Answer(response) }
        // Read in order from where the range starts: the handle is this response's alone, so is its position.
        let handle = try NIOFileHandle(_deprecatedPath: file.path)
        do {
            if range.lowerBound > 0 {
                try handle.withUnsafeFileDescriptor { descriptor in
                    guard lseek(descriptor, off_t(range.lowerBound), SEEK_SET) >= 0 else { throw IOError(errnoCode: errno, reason: "lseek") }
                }
            }
        } catch {
            try? handle.close()
            throw error
        }
        return Answer(response, file: (handle, range.count))
    }

    static func created(_ digest: Digest, in name: String) -> HTTPResponse {
        empty(201, [("Docker-Content-Digest", digest.description), ("Location", "/v2/\(name)/blobs/\(digest)")])
    }

    /// distribution's blobUploadResponse: where to send the next chunk and what it has so far.
    static func uploadStatus(_ upload: BlobUpload, status: Int) -> HTTPResponse {
        empty(status, [
            ("Docker-Upload-UUID", upload.id),
            ("Location", "/v2/\(upload.repository)/blobs/uploads/\(upload.id)"),
            ("Range", "0-\(max(upload.size - 1, 0))"),
        ])
    }

    static func empty(_ status: Int, _ headers: [(name: String, value: String)]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers + [("Content-Length", "0")], body: Data())
    }

    /// The path and the query's values (the first of each name), as Go's `r.FormValue` reads them.
    static func split(_ uri: String) -> (path: String, query: [String: String]) {
        let components = URLComponents(string: uri)
        let path = components?.percentEncodedPath ?? uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] where query[item.name] == nil { query[item.name] = item.value ?? "" }
        return (path, query)
    }
}
