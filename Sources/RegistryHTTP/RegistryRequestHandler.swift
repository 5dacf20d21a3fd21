import Foundation
import GoSemantics
import LayerlabBasics
import LayerStore
import NIOCore
import NIOHTTP1
import Registry

/// One connection's requests to a simulated `registry:2`, answered as distribution 2.8.3 does
/// (registry/handlers). Upload bodies go to their session's file chunk by chunk as they arrive;
/// manifests are read whole up to distribution's 4 MB; other bodies are not kept. A request cut
/// short drops the upload it was feeding, so stored content only ever comes from whole, verified
/// uploads.
final class RegistryRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Body {
        /// Kept up to a limit (a manifest); `overflowed` once more came.
        case collect(ByteBuffer, limit: Int, overflowed: Bool)
        case upload(BlobUpload, UploadWriter)
        /// The answer is decided already; whatever comes is dropped.
        case ignore
    }

    private let settings: RegistryHTTPServer.Settings
    private var head: HTTPRequestHead?
    private var body: Body = .ignore
    private var decided: HTTPResponse?

    init(settings: RegistryHTTPServer.Settings) {
        self.settings = settings
    }

    private func api(for head: HTTPRequestHead) -> RegistryAPI {
        RegistryAPI(registry: Registry(root: settings.root, recreatableLayers: settings.recreatableLayers), access: settings.access(head.headers.first(name: "Authorization")), date: Date())
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            decided = nil
            body = .ignore
            start(requestHead)
        case .body(var chunk):
            switch body {
            case .collect(var buffer, let limit, let overflowed):
                // Released first, so the buffer below grows in place rather than copied per chunk.
                body = .ignore
                if overflowed || buffer.readableBytes + chunk.readableBytes > limit {
                    body = .collect(ByteBuffer(), limit: limit, overflowed: true)
                } else {
                    buffer.writeBuffer(&chunk)
                    body = .collect(buffer, limit: limit, overflowed: false)
                }
            case .upload(let upload, let writer):
                var failure: StoreError?
                chunk.withUnsafeReadableBytes { bytes in
                    do throws(StoreError) {
                        try writer.write(bytes)
                    } catch {
                        failure = error
                    }
                }
                if let failure {
                    dropUpload(upload, writer)
                    decided = RegistryAPI(registry: Registry(root: settings.root, recreatableLayers: settings.recreatableLayers), access: .granted, date: Date())
                        .failure(RegistryError(.unknown, detailJSON: GoJSON.string(failure.message)), head: false)
                }
            case .ignore:
                break
            }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            let response = decided ?? finish(requestHead)
            body = .ignore
            decided = nil
            write(response, for: requestHead, context: context)
        }
    }

    /// What a client that goes away mid-request leaves: an upload it was feeding is dropped.
    func channelInactive(context: ChannelHandlerContext) {
        if case .upload(let upload, let writer) = body { dropUpload(upload, writer) }
        body = .ignore
        context.fireChannelInactive()
    }

    /// A client that sends nothing for the idle time loses its connection (distribution's
    /// `http.ReadTimeout` role), and with it any upload it was feeding.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func dropUpload(_ upload: BlobUpload, _ writer: UploadWriter) {
        writer.close()
        Registry(root: settings.root, recreatableLayers: settings.recreatableLayers).cancelUpload(upload)
        body = .ignore
    }

    /// Decides, from the request's head, where its body goes, or answers at once.
    private func start(_ head: HTTPRequestHead) {
        let api = api(for: head)
        let (path, query) = Self.split(head.uri)
        let route = RegistryRoute(path: path)
        if route != .elsewhere, let challenge = api.challenge(head: head.method == .HEAD) {
            decided = challenge
            return
        }
        let registry = Registry(root: settings.root, recreatableLayers: settings.recreatableLayers)
        do {
            switch (head.method, route) {
            case (.PUT, .manifest):
                body = .collect(ByteBuffer(), limit: Registry.manifestSizeLimit, overflowed: false)
            case (.PATCH, .upload(let name, let id)), (.PUT, .upload(let name, let id)):
                guard let upload = registry.upload(id, in: name) else { throw RegistryError(.blobUploadUnknown) }
                // A chunk must start where the upload ends (the offset distribution keeps in `_state`).
                if head.method == .PATCH, let range = head.headers.first(name: "Content-Range"),
                   let start = range.split(separator: "-").first.flatMap({ Int64($0.trimmingCharacters(in: .whitespaces)) }), start != upload.size {
                    var refused = api.failure(RegistryError(.blobUploadInvalid), head: false)
                    refused.status = 416
                    refused.reason = "Requested Range Not Satisfiable"
                    decided = refused
                    return
                }
                body = .upload(upload, try registry.writer(for: upload))
            case (.POST, .uploads(let name)) where query["digest"] != nil && query["mount"] == nil:
                // A monolithic upload: the whole blob in the POST's body.
                let upload = try registry.startUpload(in: name)
                body = .upload(upload, try registry.writer(for: upload))
            default:
                body = .ignore
            }
        } catch let error as RegistryError {
            decided = api.failure(error, head: false)
        } catch {
            decided = api.failure(RegistryError(.unknown, detailJSON: GoJSON.string("\(error)")), head: false)
        }
    }

    /// Answers a request whose body has all arrived.
    private func finish(_ head: HTTPRequestHead) -> HTTPResponse {
        let api = api(for: head)
        let registry = Registry(root: settings.root, recreatableLayers: settings.recreatableLayers)
        let (path, query) = Self.split(head.uri)
        let isHead = head.method == .HEAD
        do {
            switch (head.method, RegistryRoute(path: path)) {
            case (_, .elsewhere):
                return api.respond(method: "GET", path: path)
            case (_, .invalidName(let name)):
                throw RegistryError(.nameInvalid, detailJSON: GoJSON.string(name))
            case (.GET, .base), (.HEAD, .base), (.GET, .catalog), (.GET, .tags):
                return api.respond(method: head.method.rawValue, path: head.uri)
            case (.GET, .manifest), (.HEAD, .manifest):
                return api.respond(method: head.method.rawValue, path: head.uri, accepting: RegistryAPI.acceptedMediaTypes(head.headers["Accept"]))
            case (.GET, .blob(let name, let digest)), (.HEAD, .blob(let name, let digest)):
                return try blobResponse(registry, name: name, digest: digest, head: head, isHead: isHead)
            case (.DELETE, .blob(let name, let digest)):
                guard settings.deletionEnabled else { throw RegistryError(.unsupported) }
                guard let parsed = try? Digest(parsing: digest) else { throw RegistryError(.digestInvalid) }
                try registry.deleteBlob(parsed, in: name)
                return Self.empty(202, [])
            case (.PUT, .manifest(let name, let reference)):
                guard case .collect(let buffer, _, let overflowed) = body else { throw RegistryError(.manifestInvalid) }
                guard !overflowed else { throw RegistryError(.manifestInvalid, detailJSON: GoJSON.string("http: request body too large")) }
                let digest = try registry.putManifest(Data(buffer.readableBytesView), reference: reference,
                                                      contentType: head.headers.first(name: "Content-Type"), into: name)
                return Self.empty(201, [("Docker-Content-Digest", digest.description), ("Location", "/v2/\(name)/manifests/\(digest)")])
            case (.DELETE, .manifest(let name, let reference)):
                guard settings.deletionEnabled else { throw RegistryError(.unsupported) }
                guard let digest = try? Digest(parsing: reference) else { throw RegistryError(.digestInvalid) }
                try registry.deleteManifest(digest, in: name)
                return Self.empty(202, [])
            case (.POST, .uploads(let name)):
                if let mount = query["mount"], let from = query["from"], let digest = try? Digest(parsing: mount),
                   try registry.mount(digest, from: from, into: name) {
                    return Self.created(digest, in: name)
                }
                if case .upload(let upload, let writer) = body {
                    return try complete(upload, writer, digest: query["digest"], registry: registry)
                }
                return Self.uploadStatus(try registry.startUpload(in: name), status: 202)
            case (.GET, .upload(let name, let id)), (.HEAD, .upload(let name, let id)):
                guard let upload = registry.upload(id, in: name) else { throw RegistryError(.blobUploadUnknown) }
                return Self.uploadStatus(upload, status: 204)
            case (.PATCH, .upload):
                guard case .upload(let upload, let writer) = body else { throw RegistryError(.blobUploadUnknown) }
                writer.close()
                var written = upload
                written.size = writer.size
                return Self.uploadStatus(written, status: 202)
            case (.PUT, .upload):
                guard case .upload(let upload, let writer) = body else { throw RegistryError(.blobUploadUnknown) }
                return try complete(upload, writer, digest: query["digest"], registry: registry)
            case (.DELETE, .upload(let name, let id)):
                guard let upload = registry.upload(id, in: name) else { throw RegistryError(.blobUploadUnknown) }
                registry.cancelUpload(upload)
                return Self.empty(204, [("Docker-Upload-UUID", upload.id)])
            default:
                throw RegistryError(.unsupported)
            }
        } catch let error as RegistryError {
            if case .upload(let upload, let writer) = body { dropUpload(upload, writer) }
            return api.failure(error, head: isHead)
        } catch {
            if case .upload(let upload, let writer) = body { dropUpload(upload, writer) }
            return api.failure(RegistryError(.unknown, detailJSON: GoJSON.string("\(error)")), head: isHead)
        }
    }

    /// The last request of an upload: its digest is required, and the bytes must have it.
    private func complete(_ upload: BlobUpload, _ writer: UploadWriter, digest text: String?, registry: Registry) throws -> HTTPResponse {
        writer.close()
        body = .ignore
        guard let text else {
            throw RegistryError(.digestInvalid, detailJSON: GoJSON.string("digest missing"))
        }
        guard let digest = try? Digest(parsing: text) else {
            throw RegistryError(.digestInvalid, detailJSON: GoJSON.string("digest parsing failed"))
        }
        var written = upload
        written.size = writer.size
        try registry.finishUpload(written, digest: digest)
        return Self.created(digest, in: upload.repository)
    }

    /// A blob's headers, and its bytes (or the asked range of them) streamed from its file.
    private func blobResponse(_ registry: Registry, name: String, digest text: String, head: HTTPRequestHead, isHead: Bool) throws -> HTTPResponse {
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
                return Self.empty(416, [("Content-Range", "bytes */\(info.size)")])
            }
        }
        headers.append(("Content-Length", String(range.count)))
        var response = HTTPResponse(status: status, headers: headers, body: Data())
        if !isHead { response.file = (file.path, range) }
        return response
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

    private func write(_ response: HTTPResponse, for request: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.replaceOrAdd(name: "Docker-Distribution-Api-Version", value: "registry/2.0")
        if !headers.contains(name: "Content-Length") { headers.add(name: "Content-Length", value: String(response.body.count)) }
        if !request.isKeepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let status = response.reason.isEmpty ? HTTPResponseStatus(statusCode: response.status)
            : HTTPResponseStatus(statusCode: response.status, reasonPhrase: response.reason)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        if let file = response.file, let handle = try? NIOFileHandle(_deprecatedPath: file.path) {
            let region = FileRegion(fileHandle: handle, readerIndex: Int(file.range.lowerBound), endIndex: Int(file.range.upperBound))
            context.write(wrapOutboundOut(.body(.fileRegion(region)))).whenComplete { _ in try? handle.close() }
        } else if !response.body.isEmpty && request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !request.isKeepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
