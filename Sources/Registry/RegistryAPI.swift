import Foundation
import GoSemantics
import ImageModel
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

    /// Answers a request. `accepting` is what the client's `Accept` headers list (see
    /// `acceptedMediaTypes`); curl's `*/*` lists none of the manifest types.
    public func respond(method: String, path: String, accepting: Set<String> = []) -> HTTPResponse {
        let isHead = method == "HEAD"
        guard method == "GET" || isHead else {
            return failure(RegistryError(.unsupported), head: false)
        }
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let query = Dictionary(URLComponents(string: path)?.queryItems?.map { ($0.name, $0.value ?? "") } ?? [], uniquingKeysWith: { first, _ in first })
        if route.hasPrefix("/v2"), let challenge = challenge(head: isHead) { return challenge }
        if route == "/v2/" || route == "/v2" {
            return json("{}", head: isHead)
        }
        do throws(RegistryError) {
            if route == "/v2/_catalog" {
                // distribution 2.8's catalog: 100 entries unless `n` says otherwise, at most 1000 (its default maxentries).
                if let n = query["n"].flatMap(Int.init), n > 1000 {
                    throw RegistryError(.paginationNumberInvalid, detailJSON: "{\"n\":\(n)}")
                }
                let page = Self.page(registry.repositoryNames, count: query["n"].flatMap(Int.init) ?? 100, after: query["last"])
                let names = page.entries.map { GoJSON.string($0) }.joined(separator: ",")
                return json("{\"repositories\":[\(names)]}\n", head: isHead, link: page.next.map { Self.link(route, last: $0.last, count: $0.count) })
            }
            guard route.hasPrefix("/v2/") else { return notFound() }
            let rest = String(route.dropFirst(4))
            if rest.hasSuffix("/tags/list") {
                let name = String(rest.dropLast(10))
                // Paged only when the client asks (`n`), as distribution does since 2.8's all-tags answer.
                let all = try registry.tags(of: name)
                let page = query["n"].flatMap(Int.init).map { Self.page(all, count: $0, after: query["last"]) } ?? (entries: all, next: nil)
                let tags = page.entries.map { GoJSON.string($0) }.joined(separator: ",")
                return json("{\"name\":\(GoJSON.string(name)),\"tags\":[\(tags)]}\n", head: isHead,
                            link: page.next.map { Self.link(route, last: $0.last, count: $0.count) })
            }
            if let range = rest.range(of: "/manifests/", options: .backwards) {
                let manifest = try registry.manifest(String(rest[range.upperBound...]), in: String(rest[..<range.lowerBound]))
                // distribution 2.8 serves OCI content only to clients that say they read it, by tag or by
                // digest (registry/handlers/manifests.go; checked on the reference engine's registry).
                if manifest.mediaType == MediaType.ociManifest && !accepting.contains(MediaType.ociManifest) {
                    throw RegistryError(.manifestUnknown, message: "OCI manifest found, but accept header does not support OCI manifests")
                }
                if manifest.mediaType == MediaType.ociIndex && !accepting.contains(MediaType.ociIndex) {
                    throw RegistryError(.manifestUnknown, message: "OCI index found, but accept header does not support OCI indexes")
                }
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
                guard let info = registry.blob(digest, in: String(rest[..<range.lowerBound])) else { throw RegistryError.blobUnknown(digest) }
                let body: Data
                if isHead {
                    body = Data()
                } else {
                    guard let file = registry.blobFile(digest) else { throw RegistryError.blobUnknown(digest) }
                    body = (try? Data(contentsOf: file)) ?? Data()
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
                ], body: body)
            }
        } catch {
            return failure(error, head: isHead)
        }
        return notFound()
    }

    /// The media types a request's `Accept` headers name, read as distribution reads them: each header
    /// split at commas, parameters (`;q=…`) and spaces dropped.
    public static func acceptedMediaTypes(_ headers: [String]) -> Set<String> {
        Set(headers.flatMap { $0.split(separator: ",") }.map { type in
            (type.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? type).trimmingCharacters(in: .whitespaces)
        })
    }

    /// The entries after `last` (sorted names), at most `count`, and where the next page starts when
    /// there is one.
    static func page(_ sorted: [String], count: Int, after last: String?) -> (entries: [String], next: (last: String, count: Int)?) {
        let rest = sorted.filter { last == nil || $0 > last ?? "" }
        let entries = Array(rest.prefix(max(count, 0)))
        guard rest.count > entries.count, let end = entries.last else { return (entries, nil) }
        return (entries, (end, count))
    }

    /// distribution's `Link` header for the next page (Go's url.Values encode their keys sorted).
    static func link(_ route: String, last: String, count: Int) -> String {
        let escaped = last.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+/"))) ?? last
        return "<\(route)?last=\(escaped)&n=\(count)>; rel=\"next\""
    }

    /// The 401 a registry that wants credentials answers every `/v2` request with; nil when the
    /// request may proceed.
    public func challenge(head: Bool) -> HTTPResponse? {
        guard case .challenge(let challenge) = access else { return nil }
        var response = failure(RegistryError(.unauthorized, detailJSON: "null"), head: head)
        response.headers.insert(("Www-Authenticate", challenge), at: 2)
        return response
    }

    func json(_ body: String, head: Bool, link: String? = nil) -> HTTPResponse {
        var headers: [(name: String, value: String)] = [
            ("Content-Length", String(body.utf8.count)),
            ("Content-Type", "application/json; charset=utf-8"),
            ("Docker-Distribution-Api-Version", "registry/2.0"),
        ]
        if let link { headers.append(("Link", link)) }
        headers += [("X-Content-Type-Options", "nosniff"), ("Date", HTTPResponse.httpDate(date))]
        return HTTPResponse(status: 200, headers: headers, body: head ? Data() : Data(body.utf8))
    }

    /// distribution's error answer: its JSON body, with the status its code has.
    public func failure(_ failure: RegistryError, head: Bool) -> HTTPResponse {
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
