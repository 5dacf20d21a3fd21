import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ImageModel
import LayerlabBasics
import LayerStore
import Registry

/// A real registry the learner allowed, reached over HTTP(S) with distribution's API as Docker's
/// daemon reaches one, behind the same interface as the registries layerlab simulates. What it
/// receives is held to its digest before anything keeps it: a manifest (at most distribution's
/// 4 MiB), a config, a layer streamed to a file as it arrives and unpacked only once its digest and
/// size match its descriptor. A pushed layer is compressed to a file first, then uploaded from it
/// (POST, then PUT `?digest=`). Logins are basic auth, or bearer tokens from the service a
/// registry's challenge names (see `RemoteRegistry+Auth`).
public final class RemoteRegistry: RegistryContent {
    /// `http://HOST:PORT` or `https://HOST[:PORT]`.
    public let base: URL
    let login: (username: String, password: String)?
    /// Where blobs are written while they arrive or before they leave; each file goes once used.
    let scratch: URL
    /// How requests are authorized, once the registry has said (nil until a challenge comes).
    var authScheme: AuthScheme?
    /// Bearer tokens by the scopes they were asked for.
    var tokens: [String: String] = [:]

    /// The manifest kinds a pull accepts, as Docker 28 asks for them.
    static let manifestTypes = [MediaType.dockerManifest, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.ociIndex]
    /// A config is a few kilobytes; a descriptor that says more than this is not fetched.
    static let configSizeLimit: Int64 = 16 << 20

    public init(base: URL, login: (username: String, password: String)?, scratch: URL) {
        self.base = base
        self.login = login
        self.scratch = scratch
    }

    // MARK: Reading

    public func manifest(_ reference: String, in repository: String) throws -> Registry.StoredManifest {
        let address = url("/v2/\(repository)/manifests/\(reference)")
        let answer = try send("GET", address, scopes: [Self.scope(repository, push: false)],
                              headers: [("Accept", Self.manifestTypes.joined(separator: ", "))],
                              sink: .memory(limit: Registry.manifestSizeLimit, refusal: "the manifest \(repository):\(reference) is larger than distribution's 4 MiB"))
        if answer.status == 404 { throw RemoteRegistryError.registry(RegistryError(answer: answer.body) ?? RegistryError(.manifestUnknown)) }
        do throws(RemoteRegistryError) {
            try expect(answer, 200)
        } catch .unauthorized(let text) {
            throw RemoteRegistryError.unauthorized("Get \"\(address)\": \(text)")
        } catch {
            throw error
        }
        let digest = Digest.sha256(of: answer.body)
        // By digest, the bytes must have it; by tag, the digest the registry says it sent, when it says.
        let named = (try? Digest(parsing: reference)) ?? answer.header("Docker-Content-Digest").flatMap { try? Digest(parsing: $0) }
        if let named, named != digest { throw RemoteRegistryError.refused("manifest verification failed for digest \(named)") }
        let declared = answer.header("Content-Type")?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
        let mediaType = declared.flatMap { Self.manifestTypes.contains($0) ? $0 : nil } ?? Self.mediaType(declaredIn: answer.body)
        return Registry.StoredManifest(bytes: answer.body, digest: digest, mediaType: mediaType)
    }

    public func configBytes(_ blob: Descriptor, in repository: String) throws -> Data? {
        let refusal = "image config verification failed for digest \(blob.digest)"
        guard blob.size <= Self.configSizeLimit else { throw RemoteRegistryError.refused(refusal) }
        let answer = try send("GET", url("/v2/\(repository)/blobs/\(blob.digest)"), scopes: [Self.scope(repository, push: false)],
                              sink: .memory(limit: Int(blob.size), refusal: refusal))
        if answer.status == 404 { return nil }
        try expect(answer, 200)
        guard Digest.sha256(of: answer.body) == blob.digest else { throw RemoteRegistryError.refused(refusal) }
        return answer.body
    }

    public func layer(_ blob: Descriptor, diffID: Digest?, in repository: String) throws -> Layer? {
        let file = try scratchFile()
        defer { try? FileManager.default.removeItem(at: file) }
        // moby's words when a download does not hash to its digest (distribution/pull_v2.go).
        let refusal = "filesystem layer verification failed for digest \(blob.digest)"
        let answer = try send("GET", url("/v2/\(repository)/blobs/\(blob.digest)"), scopes: [Self.scope(repository, push: false)],
                              sink: .file(file, limit: blob.size, refusal: refusal))
        if answer.status == 404 { return nil }
        try expect(answer, 200)
        guard let written = answer.written, written.digest == blob.digest, written.size == blob.size else {
            throw RemoteRegistryError.refused(refusal)
        }
        return try Registry.unpackLayer(at: file, digest: blob.digest, diffID: diffID)
    }

    /// Whether the login is good, as `docker login` checks it: `GET /v2/` through the registry's challenge.
    public func checkLogin() throws(RemoteRegistryError) {
        try expect(send("GET", url("/v2/"), scopes: []), 200)
    }

    // MARK: Writing

    public func blob(_ digest: Digest, in repository: String) throws -> Registry.BlobInfo? {
        try existingBlob(digest, in: repository)
    }

    func existingBlob(_ digest: Digest, in repository: String) throws(RemoteRegistryError) -> Registry.BlobInfo? {
        // Asked as a push asks: a token for pulling only may not see a repository that is not there yet.
        let answer = try send("HEAD", url("/v2/\(repository)/blobs/\(digest)"), scopes: [Self.scope(repository, push: true)])
        if answer.status == 404 { return nil }
        try expect(answer, 200)
        let size = answer.header("Content-Length").flatMap { Int64($0) } ?? 0
        return Registry.BlobInfo(size: size, mediaType: "application/octet-stream", isLayer: false)
    }

    /// A real registry mounts only from a repository it is told; distribution opens an upload
    /// session instead when it cannot, which is cancelled here.
    public func mount(_ digest: Digest, from source: String?, into repository: String) throws -> Bool {
        guard let source else { return false }
        let scopes = [Self.scope(repository, push: true), Self.scope(source, push: false)]
        let query = [URLQueryItem(name: "mount", value: digest.description), URLQueryItem(name: "from", value: source)]
        let answer = try send("POST", url("/v2/\(repository)/blobs/uploads/", query: query), scopes: scopes)
        if answer.status == 201 { return true }
        try expect(answer, 202)
        if let session = answer.header("Location").flatMap(resolve) { _ = try? send("DELETE", session, scopes: scopes) }
        return false
    }

    public func putLayer(_ layer: Layer, into repository: String) throws -> (digest: Digest, size: Int64) {
        let file = try scratchFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let compressed = try Self.writeCompressed(layer, to: file)
        try upload(.file(file), digest: compressed.digest, into: repository)
        return compressed
    }

    @discardableResult
    public func putBlob(_ bytes: Data, into repository: String) throws -> Digest {
        let digest = Digest.sha256(of: bytes)
        try upload(.data(bytes), digest: digest, into: repository)
        return digest
    }

    @discardableResult
    public func putManifest(_ bytes: Data, reference: String, contentType: String?, into repository: String) throws -> Digest {
        let answer = try send("PUT", url("/v2/\(repository)/manifests/\(reference)"), scopes: [Self.scope(repository, push: true)],
                              headers: [("Content-Type", contentType ?? Self.mediaType(declaredIn: bytes))], body: .data(bytes))
        try expect(answer, 201)
        return Digest.sha256(of: bytes)
    }

    /// Uploads a blob the repository lacks in one piece: `POST` opens the session, `PUT ?digest=`
    /// sends the bytes (distribution 2.8 ignores a body sent with the POST itself).
    func upload(_ body: HTTPExchange.Body, digest: Digest, into repository: String) throws(RemoteRegistryError) {
        if try existingBlob(digest, in: repository) != nil { return }
        let scopes = [Self.scope(repository, push: true)]
        let started = try send("POST", url("/v2/\(repository)/blobs/uploads/"), scopes: scopes)
        try expect(started, 202)
        guard let session = started.header("Location").flatMap(resolve),
              var components = URLComponents(url: session, resolvingAgainstBaseURL: true)
        else { throw .refused("\(base) opened an upload without saying where to send it") }
        // Appended as it is: the session's own query (distribution's `_state`) stays byte for byte.
        components.percentEncodedQuery = (components.percentEncodedQuery.map { $0 + "&" } ?? "") + "digest=\(digest)"
        guard let target = components.url else { throw .refused("\(base) named an upload location layerlab cannot read") }
        let finished = try send("PUT", target, scopes: scopes, headers: [("Content-Type", "application/octet-stream")], body: body)
        try expect(finished, 201)
    }

    // MARK: Requests

    /// Sends a request authorized for `scopes`, and once more with new credentials when the registry
    /// answers 401 with a challenge.
    func send(_ method: String, _ address: URL, scopes: [String], headers: [(String, String)] = [], body: HTTPExchange.Body = .empty,
              sink: HTTPExchange.Sink = .memory(limit: HTTPExchange.errorBodyLimit, refusal: "the registry's answer is too long"))
        throws(RemoteRegistryError) -> HTTPExchange.Answer {
        var request = URLRequest(url: address)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let sent = try authorization(for: scopes)
        if let sent { request.setValue(sent, forHTTPHeaderField: "Authorization") }
        let answer = try HTTPExchange.perform(request, body: body, sink: sink)
        guard answer.status == 401, let challenge = answer.header("WWW-Authenticate").flatMap(AuthChallenge.init) else { return answer }
        let renewed = try authorize(challenge, scopes: scopes)
        // The same basic credentials again would only be refused again.
        guard renewed != sent else { return answer }
        request.setValue(renewed, forHTTPHeaderField: "Authorization")
        return try HTTPExchange.perform(request, body: body, sink: sink)
    }

    /// Fails with what the registry said, unless it answered `status`.
    func expect(_ answer: HTTPExchange.Answer, _ status: Int) throws(RemoteRegistryError) {
        guard answer.status != status else { return }
        let error = RegistryError(answer: answer.body)
        if answer.status == 401 {
            throw .unauthorized(error?.clientText ?? (authScheme == .basic && login == nil ? "no basic auth credentials" : "unauthorized: authentication required"))
        }
        if let error { throw .registry(error) }
        throw .unexpected(status: answer.status)
    }

    func url(_ path: String, query: [URLQueryItem] = []) -> URL {
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.path = path
        components.queryItems = query.isEmpty ? nil : query
        return components.url ?? base.appendingPathComponent(path)
    }

    /// A `Location` the registry sent, absolute (distribution's) or relative to the registry.
    func resolve(_ location: String) -> URL? {
        URL(string: location, relativeTo: base)?.absoluteURL
    }

    /// distribution's resource scope: `repository:NAME:pull` or `repository:NAME:pull,push`.
    static func scope(_ repository: String, push: Bool) -> String {
        "repository:\(repository):\(push ? "pull,push" : "pull")"
    }

    /// The `mediaType` a manifest's JSON declares; an OCI image manifest when it declares none.
    static func mediaType(declaredIn bytes: Data) -> String {
        struct Declared: Decodable { var mediaType: String? }
        return (try? JSONDecoder().decode(Declared.self, from: bytes))?.mediaType ?? MediaType.ociManifest
    }

    func scratchFile() throws(StoreError) -> URL {
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            throw StoreError("cannot write \(scratch.path): \(error.localizedDescription)")
        }
        return scratch.appendingPathComponent(UUID().uuidString.lowercased())
    }

    /// A layer's gzip stream written to `file`, hashed on the way; its digest and size.
    static func writeCompressed(_ layer: Layer, to file: URL) throws(StoreError) -> (digest: Digest, size: Int64) {
        guard FileManager.default.createFile(atPath: file.path, contents: nil), let handle = try? FileHandle(forWritingTo: file) else {
            throw StoreError("cannot write \(file.path)")
        }
        defer { try? handle.close() }
        var hasher = DigestHasher()
        var failure: (any Error)?
        LayerArchive.writeCompressed(layer) { chunk in
            guard failure == nil else { return }
            hasher.update(chunk)
            do {
                try handle.write(contentsOf: Data(chunk))
            } catch {
                failure = error
            }
        }
        if let failure { throw StoreError("cannot write \(file.path): \(failure.localizedDescription)") }
        return (hasher.finalize(), Int64(hasher.byteCount))
    }
}
