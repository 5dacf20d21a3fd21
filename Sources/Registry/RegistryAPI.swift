import Foundation
import GoSemantics
import LayerlabBasics

/// The read side of the registry HTTP API (`/v2/…`) as distribution's `registry:2` answers it, for
/// learners who inspect a registry with curl: version check, catalog, tag lists, manifests and blob
/// existence. Uploads happen through `docker push`, not here.
public struct RegistryAPI {
    /// Whether the request may proceed: registries without auth let everyone in.
    public enum Access: Sendable {
        case granted
        /// No or wrong credentials for a registry that needs them; the challenge to send back.
        case challenge(String)
    }

    let registry: Registry
    let access: Access
    let date: Date

    public init(registry: Registry, access: Access, date: Date) {
        self.registry = registry
        self.access = access
        self.date = date
    }

    public func respond(method: String, path: String) -> HTTPResponse {
        let isHead = method == "HEAD"
        guard method == "GET" || isHead else {
            return failure(RegistryError(.unsupported), head: false)
        }
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        if case .challenge(let challenge) = access, route.hasPrefix("/v2") {
            var response = failure(RegistryError(.unauthorized, detailJSON: "null"), head: isHead)
            response.headers.insert(("Www-Authenticate", challenge), at: 2)
            return response
        }
        if route == "/v2/" || route == "/v2" {
            return json("{}", head: isHead)
        }
        if route == "/v2/_catalog" {
            let names = registry.repositoryNames.map { GoJSON.string($0) }.joined(separator: ",")
            return json("{\"repositories\":[\(names)]}\n", head: isHead)
        }
        guard route.hasPrefix("/v2/") else { return notFound() }
        let rest = String(route.dropFirst(4))
        do throws(RegistryError) {
            if rest.hasSuffix("/tags/list") {
                let name = String(rest.dropLast(10))
                let tags = try registry.tags(of: name).map { GoJSON.string($0) }.joined(separator: ",")
                return json("{\"name\":\(GoJSON.string(name)),\"tags\":[\(tags)]}\n", head: isHead)
            }
            if let range = rest.range(of: "/manifests/", options: .backwards) {
                let manifest = try registry.manifest(String(rest[range.upperBound...]), in: String(rest[..<range.lowerBound]))
                return HTTPResponse(status: 200, headers: [
                    ("Content-Length", String(manifest.bytes.count)),
                    ("Content-Type", manifest.mediaType),
                    ("Docker-Content-Digest", manifest.digest.description),
                    ("Docker-Distribution-Api-Version", "registry/2.0"),
                    ("Etag", "\"\(manifest.digest)\""),
                    ("X-Content-Type-Options", "nosniff"),
                    ("Date", HTTPResponse.httpDate(date)),
                ], body: isHead ? Data() : manifest.bytes)
            }
            if let range = rest.range(of: "/blobs/", options: .backwards) {
                let typed = String(rest[range.upperBound...])
                guard let digest = try? Digest(parsing: typed) else { return failure(RegistryError(.blobUnknown, detailJSON: GoJSON.string(typed)), head: isHead) }
                guard let info = registry.blob(digest, in: String(rest[..<range.lowerBound])), let file = registry.blobFile(digest) else {
                    throw RegistryError.blobUnknown(digest)
                }
                return HTTPResponse(status: 200, headers: [
                    ("Accept-Ranges", "bytes"),
                    ("Cache-Control", "max-age=31536000"),
                    ("Content-Length", String(info.size)),
                    ("Content-Type", "application/octet-stream"),
                    ("Docker-Content-Digest", digest.description),
                    ("Docker-Distribution-Api-Version", "registry/2.0"),
                    ("Etag", "\"\(digest)\""),
                    ("X-Content-Type-Options", "nosniff"),
                    ("Date", HTTPResponse.httpDate(date)),
                ], body: isHead ? Data() : (try? Data(contentsOf: file)) ?? Data())
            }
        } catch {
            return failure(error, head: isHead)
        }
        return notFound()
    }

    func json(_ body: String, head: Bool) -> HTTPResponse {
        HTTPResponse(status: 200, headers: [
            ("Content-Length", String(body.utf8.count)),
            ("Content-Type", "application/json; charset=utf-8"),
            ("Docker-Distribution-Api-Version", "registry/2.0"),
            ("X-Content-Type-Options", "nosniff"),
            ("Date", HTTPResponse.httpDate(date)),
        ], body: head ? Data() : Data(body.utf8))
    }

    func failure(_ failure: RegistryError, head: Bool) -> HTTPResponse {
        HTTPResponse(status: failure.httpStatus, headers: [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Docker-Distribution-Api-Version", "registry/2.0"),
            ("X-Content-Type-Options", "nosniff"),
            ("Date", HTTPResponse.httpDate(date)),
            ("Content-Length", String(failure.body.utf8.count)),
        ], body: head ? Data() : Data(failure.body.utf8))
    }

    /// A path outside the API: Go's default `404 page not found`.
    func notFound() -> HTTPResponse {
        let body = "404 page not found\n"
        return HTTPResponse(status: 404, headers: [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("X-Content-Type-Options", "nosniff"),
            ("Date", HTTPResponse.httpDate(date)),
            ("Content-Length", String(body.utf8.count)),
        ], body: Data(body.utf8))
    }
}
