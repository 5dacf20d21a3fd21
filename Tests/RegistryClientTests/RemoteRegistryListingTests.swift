import Foundation
import ImageModel
@testable import RegistryClient
import Testing

/// Listing a registry as distribution pages it (docs/spec/api.md, "Pagination"; distribution 2.8's
/// registry/handlers/catalog.go and tags.go): the whole catalog and a repository's tags however small
/// the pages, from layerlab's own registry server, which pages as distribution does.
extension RemoteRegistryTests {
    @Test func theCatalogAndTheTagsAreReadPageByPageAsTheLinkHeaderSays() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try startServer()
        defer { server.shutDown() }
        let remote = try client(server)
        var manifest = Data()
        for repository in ["bob/app", "ada/notes", "ada/app", "cy/x", "loose"] { manifest = try pushImage(with: remote, into: repository).manifest }
        let all = ["ada/app", "ada/notes", "bob/app", "cy/x", "loose"]
        #expect(try remote.repositories(pageSize: 2) == all)
        #expect(try remote.repositories() == all)
        for tag in ["2.0", "1.1"] { try remote.putManifest(manifest, reference: tag, contentType: MediaType.dockerManifest, into: "loose") }
        #expect(try remote.tags(of: "loose", pageSize: 1) == ["1.0", "1.1", "2.0"])
        #expect(throws: RemoteRegistryError.self) { try remote.tags(of: "nobody/here") }
    }
}

/// What a registry could answer that distribution never would, from a scripted server: a listing
/// that comes back on itself, pages too large, or something other than names. None of it may loop,
/// flood memory or pass for a list.
@Suite struct RemoteRegistryListingRefusalTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("listing-\(UUID())")

    func registry(answering answer: @escaping @Sendable (ScriptedServer.Request) -> ScriptedServer.Answer) throws -> (ScriptedServer, RemoteRegistry) {
        let server = try ScriptedServer(answer: answer)
        return (server, RemoteRegistry(base: try #require(URL(string: "http://127.0.0.1:\(server.port)")), login: nil, scratch: scratch))
    }

    @Test func theNextPageStartsWhereTheLinkSays() throws {
        let (server, remote) = try registry { request in
            guard !request.uri.contains("last=b") else { return .init(body: "{\"repositories\":[\"c\"]}") }
            return .init(headers: [("Content-Type", "application/json"), ("Link", "</v2/_catalog?last=b&n=100>; rel=\"next\"")], body: "{\"repositories\":[\"a\",\"b\"]}")
        }
        defer { server.shutDown() }
        #expect(try remote.repositories() == ["a", "b", "c"])
        #expect(server.requests.map(\.uri) == ["/v2/_catalog?n=100", "/v2/_catalog?n=100&last=b"])
    }

    @Test func aLinkBackToAPageAlreadyReadEndsTheListing() throws {
        let (server, remote) = try registry { _ in
            .init(headers: [("Link", "</v2/_catalog?last=a&n=100>; rel=\"next\"")], body: "{\"repositories\":[\"a\"]}")
        }
        defer { server.shutDown() }
        #expect(throws: RemoteRegistryError.refused("http://127.0.0.1:\(server.port) pages its repository names without end: it names the page after 'a' a second time")) {
            try remote.repositories()
        }
        #expect(server.requests.count == 2)
    }

    @Test func aLinkAfterAnEmptyPageIsNotFollowed() throws {
        let (server, remote) = try registry { _ in
            .init(headers: [("Link", "</v2/_catalog?last=z&n=100>; rel=\"next\"")], body: "{\"repositories\":[]}")
        }
        defer { server.shutDown() }
        #expect(try remote.repositories() == [])
        #expect(server.requests.count == 1)
    }

    @Test(arguments: ["<html>not JSON</html>", "{\"repositories\": 5}", "{\"repositories\": [1, 2]}", "[]"])
    func anythingButAListOfNamesIsRefused(_ body: String) throws {
        let (server, remote) = try registry { _ in .init(body: body) }
        defer { server.shutDown() }
        #expect(throws: RemoteRegistryError.refused("http://127.0.0.1:\(server.port)/v2/_catalog?n=100 did not answer with a list of repository names as distribution writes it")) {
            try remote.repositories()
        }
    }

    /// distribution writes `"tags": null` for a repository whose tags were all deleted.
    @Test func aRepositoryWhoseTagsWereDeletedHasNone() throws {
        let (server, remote) = try registry { _ in .init(body: "{\"name\":\"ada/app\",\"tags\":null}") }
        defer { server.shutDown() }
        #expect(try remote.tags(of: "ada/app") == [])
        #expect(server.requests.map(\.uri) == ["/v2/ada/app/tags/list?n=100"])
    }

    @Test func aPageOfMoreThanFourMebibytesIsCutOff() throws {
        let names = String(repeating: "\"ada/app\",", count: 500_000)
        let (server, remote) = try registry { _ in .init(body: "{\"repositories\":[\(names)\"end\"]}") }
        defer { server.shutDown() }
        #expect(throws: RemoteRegistryError.refused("http://127.0.0.1:\(server.port)/v2/_catalog?n=100 answers with more than 4 MiB of repository names")) {
            try remote.repositories()
        }
    }

    @Test func theLinkHeaderIsReadAsRFC8288WritesIt() {
        #expect(RemoteRegistry.nextPageStart(link: "</v2/_catalog?last=ada%2Fnotes&n=2>; rel=\"next\"", page: ["x"]) == "ada/notes")
        #expect(RemoteRegistry.nextPageStart(link: "</v2/_catalog?n=2>; rel=\"next\"", page: ["ada/app", "ada/notes"]) == "ada/notes")
        #expect(RemoteRegistry.nextPageStart(link: "</v2/_catalog?last=a>; rel=\"prev\"", page: ["x"]) == nil)
        #expect(RemoteRegistry.nextPageStart(link: nil, page: ["x"]) == nil)
        #expect(RemoteRegistry.nextPageStart(link: "garbage", page: ["x"]) == nil)
    }
}
