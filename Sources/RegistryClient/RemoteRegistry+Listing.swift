import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What a registry holds, as distribution lists it: `GET /v2/_catalog` and `GET /v2/NAME/tags/list`,
/// `n` entries a page, the next page asked with `last` for as long as the answer's `Link` header names
/// one (distribution's docs/spec/api.md, "Pagination"). What comes back is untrusted: a page is at most
/// 4 MiB of JSON, a whole listing at most a million names, and a page that adds nothing or names a
/// page already asked for ends the listing instead of looping.
extension RemoteRegistry {
    /// Names asked for a page: distribution's default page, well under its maximum of 1000.
    public static let listingPageSize = 100
    static let listingPageBytes = 4 << 20
    static let listingEntryLimit = 1_000_000

    /// One page: `{"repositories": [...]}` or `{"name": "...", "tags": [...]}`; distribution writes
    /// `"tags": null` for a repository whose tags were all deleted.
    struct ListingPage: Decodable {
        var repositories: [String]?
        var tags: [String]?
    }

    /// Every repository the registry lists, in its order (sorted, for distribution). Token services
    /// grant this to a login with the `registry:catalog:*` scope.
    public func repositories(pageSize: Int = RemoteRegistry.listingPageSize) throws(RemoteRegistryError) -> [String] {
        try listing("/v2/_catalog", names: \.repositories, scopes: ["registry:catalog:*"], what: "repository names", pageSize: pageSize)
    }

    /// Every tag of a repository; none when all were deleted.
    public func tags(of repository: String, pageSize: Int = RemoteRegistry.listingPageSize) throws(RemoteRegistryError) -> [String] {
        try listing("/v2/\(repository)/tags/list", names: \.tags, scopes: [Self.scope(repository, push: false)], what: "tags of \(repository)", pageSize: pageSize)
    }

    func listing(_ path: String, names: KeyPath<ListingPage, [String]?>, scopes: [String], what: String, pageSize: Int) throws(RemoteRegistryError) -> [String] {
        var entries: [String] = []
        var last: String?
        var asked: Set<String> = []
        while true {
            var query = [URLQueryItem(name: "n", value: String(pageSize))]
            if let last { query.append(URLQueryItem(name: "last", value: last)) }
            let address = url(path, query: query)
            let answer = try send("GET", address, scopes: scopes,
                                  sink: .memory(limit: Self.listingPageBytes, refusal: "\(address.absoluteString) answers with more than 4 MiB of \(what)"))
            do throws(RemoteRegistryError) {
                try expect(answer, 200)
            } catch .unauthorized(let text) {
                throw RemoteRegistryError.unauthorized("Get \"\(address.absoluteString)\": \(text)")
            } catch {
                throw error
            }
            let page: [String]
            do {
                page = try JSONDecoder().decode(ListingPage.self, from: answer.body)[keyPath: names] ?? []
            } catch {
                throw .refused("\(address.absoluteString) did not answer with a list of \(what) as distribution writes it")
            }
            entries += page
            guard entries.count <= Self.listingEntryLimit else { throw .refused("\(base.absoluteString) lists more than \(Self.listingEntryLimit) \(what)") }
            guard !page.isEmpty, let next = Self.nextPageStart(link: answer.header("Link"), page: page) else { return entries }
            guard asked.insert(next).inserted else {
                throw .refused("\(base.absoluteString) pages its \(what) without end: it names the page after '\(next)' a second time")
            }
            last = next
        }
    }

    /// Where the next page starts, when a `Link: <…?last=NAME&n=100>; rel="next"` header names one:
    /// its `last`, or the page's last name when the link gives none.
    static func nextPageStart(link: String?, page: [String]) -> String? {
        guard let link else { return nil }
        for part in link.split(separator: ",") where part.contains("rel=\"next\"") || part.contains("rel=next") {
            guard let open = part.firstIndex(of: "<"), let close = part[open...].firstIndex(of: ">") else { continue }
            let target = String(part[part.index(after: open)..<close])
            let named = URLComponents(string: target)?.queryItems?.first { $0.name == "last" }?.value
            return named.flatMap { $0.isEmpty ? nil : $0 } ?? page.last
        }
        return nil
    }
}
