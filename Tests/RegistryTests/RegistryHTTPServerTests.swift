import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ImageModel
import LayerlabBasics
import Registry
import RegistryHTTP
import Testing

/// The distribution API on a real port, talked to over HTTP as a client would; statuses and headers
/// as distribution 2.8.3's handlers send them (registry/handlers/blobupload.go, blob.go, manifests.go).
@Suite struct RegistryHTTPServerTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("registry-http-\(UUID())")

    func request(_ server: RegistryHTTPServer, _ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:])
        async throws -> (status: Int, headers: [String: String], body: Data) {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(server.port)\(path)")))
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields[String(describing: name).lowercased()] = String(describing: value) }
        return (http.statusCode, fields, data)
    }

    @Test func aChunkedUploadAndAManifestGoInAndComeBackOut() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try RegistryHTTPServer(settings: .init(root: root, deletionEnabled: false) { _ in .granted }, host: "127.0.0.1", port: 0)
        defer { server.shutDown() }
        let layer = Data((0..<200_000).map { UInt8($0 % 251) })
        let digest = Digest.sha256(of: layer)

        let started = try await request(server, "POST", "/v2/team/app/blobs/uploads/")
        #expect(started.status == 202)
        #expect(started.headers["range"] == "0-0")
        let location = try #require(started.headers["location"])
        #expect(location.hasPrefix("/v2/team/app/blobs/uploads/") && started.headers["docker-upload-uuid"] != nil)

        let patched = try await request(server, "PATCH", location, body: layer.prefix(150_000), headers: ["Content-Type": "application/octet-stream"])
        #expect(patched.status == 202 && patched.headers["range"] == "0-149999")
        let wrongDigest = Digest.sha256(of: "other")
        let finished = try await request(server, "PUT", "\(location)?digest=\(digest)", body: layer.suffix(from: 150_000))
        #expect(finished.status == 201)
        #expect(finished.headers["docker-content-digest"] == digest.description)
        #expect(finished.headers["location"] == "/v2/team/app/blobs/\(digest)")

        let ranged = try await request(server, "GET", "/v2/team/app/blobs/\(digest)", headers: ["Range": "bytes=10-19"])
        #expect(ranged.status == 206 && ranged.body == layer[10..<20])
        #expect(ranged.headers["content-range"] == "bytes 10-19/200000")
        let whole = try await request(server, "GET", "/v2/team/app/blobs/\(digest)")
        #expect(whole.status == 200 && whole.body == layer)

        // A monolithic POST with the wrong digest stores nothing.
        let refused = try await request(server, "POST", "/v2/team/app/blobs/uploads/?digest=\(wrongDigest)", body: Data("x".utf8))
        #expect(refused.status == 400 && String(decoding: refused.body, as: UTF8.self).contains("DIGEST_INVALID"))

        let config = Data("{}".utf8)
        let posted = try await request(server, "POST", "/v2/team/app/blobs/uploads/?digest=\(Digest.sha256(of: config))", body: config)
        #expect(posted.status == 201)
        let manifest = Manifest(
            config: Descriptor(mediaType: MediaType.dockerConfig, digest: Digest.sha256(of: config), size: Int64(config.count)),
            layers: [Descriptor(mediaType: MediaType.dockerLayerGzip, digest: digest, size: Int64(layer.count))]
        ).distributionJSON()
        let put = try await request(server, "PUT", "/v2/team/app/manifests/1.0", body: manifest, headers: ["Content-Type": MediaType.dockerManifest])
        #expect(put.status == 201 && put.headers["docker-content-digest"] == Digest.sha256(of: manifest).description)
        let got = try await request(server, "GET", "/v2/team/app/manifests/1.0", headers: ["Accept": MediaType.dockerManifest])
        #expect(got.body == manifest && got.headers["content-type"] == MediaType.dockerManifest)

        let mounted = try await request(server, "POST", "/v2/other/blobs/uploads/?mount=\(digest)&from=team/app")
        #expect(mounted.status == 201)
        let deleted = try await request(server, "DELETE", "/v2/team/app/manifests/\(Digest.sha256(of: manifest))")
        #expect(deleted.status == 405, "registry:2 keeps deletion off unless configured")
        let unknown = try await request(server, "PATCH", "/v2/team/app/blobs/uploads/\(UUID().uuidString.lowercased())", body: Data("x".utf8))
        #expect(unknown.status == 404 && String(decoding: unknown.body, as: UTF8.self).contains("BLOB_UPLOAD_UNKNOWN"))
    }

    @Test func tagsArePagedWithALinkToTheNextPage() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        let config = try registry.putBlob(Data("{}".utf8), into: "app")
        let manifest = Manifest(config: Descriptor(mediaType: MediaType.dockerConfig, digest: config, size: 2), layers: []).distributionJSON()
        for tag in ["a", "b", "c"] { try registry.putManifest(manifest, reference: tag, into: "app") }
        let server = try RegistryHTTPServer(settings: .init(root: root, deletionEnabled: true) { _ in .granted }, host: "127.0.0.1", port: 0)
        defer { server.shutDown() }
        let first = try await request(server, "GET", "/v2/app/tags/list?n=2")
        #expect(String(decoding: first.body, as: UTF8.self) == "{\"name\":\"app\",\"tags\":[\"a\",\"b\"]}\n")
        #expect(first.headers["link"] == "</v2/app/tags/list?last=b&n=2>; rel=\"next\"")
        let second = try await request(server, "GET", "/v2/app/tags/list?last=b&n=2")
        #expect(String(decoding: second.body, as: UTF8.self) == "{\"name\":\"app\",\"tags\":[\"c\"]}\n" && second.headers["link"] == nil)
    }
}
