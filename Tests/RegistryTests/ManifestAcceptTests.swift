import Foundation
import ImageModel
import LayerlabBasics
import Registry
import RegistryHTTP
import Testing

/// distribution 2.8 serves an OCI manifest or index only to a client whose `Accept` names its type,
/// by tag or by digest, and answers anyone else MANIFEST_UNKNOWN with its own message and no detail
/// (registry/handlers/manifests.go, GetManifest). Recorded on the reference engine's registry: an
/// OCI manifest pushed with curl, then `curl -si http://127.0.0.1:5055/v2/ocitest/manifests/v1`
/// (and the same by digest, with only Docker's schema 2 accepted) answered 404 with the body below.
extension RegistryHTTPServerTests {
    static let ociRefusal = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"OCI manifest found, but accept header does not support OCI manifests\"}]}\n"

    @Test func anOCIManifestIsServedOnlyToClientsThatAcceptOCI() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        let config = try registry.putBlob(Data("{}".utf8), into: "oci")
        let manifest = Data("{\"schemaVersion\":2,\"mediaType\":\"\(MediaType.ociManifest)\",\"config\":{\"mediaType\":\"\(MediaType.ociConfig)\",\"digest\":\"\(config)\",\"size\":2},\"layers\":[]}".utf8)
        let digest = try registry.putManifest(manifest, reference: "v1", contentType: MediaType.ociManifest, into: "oci")
        let server = try RegistryHTTPServer(settings: .init(root: root, deletionEnabled: false) { _ in .granted }, host: "127.0.0.1", port: 0)
        defer { server.shutDown() }

        for reference in ["v1", digest.description] {
            let plain = try await request(server, "GET", "/v2/oci/manifests/\(reference)")
            #expect(plain.status == 404 && String(decoding: plain.body, as: UTF8.self) == Self.ociRefusal, "\(reference)")
            let schema2 = try await request(server, "GET", "/v2/oci/manifests/\(reference)", headers: ["Accept": MediaType.dockerManifest])
            #expect(schema2.status == 404, "\(reference)")
        }
        #expect(try await request(server, "HEAD", "/v2/oci/manifests/v1").status == 404)
        let accepted = try await request(server, "GET", "/v2/oci/manifests/v1", headers: ["Accept": "\(MediaType.dockerManifest), \(MediaType.ociManifest);q=0.9"])
        #expect(accepted.status == 200 && accepted.body == manifest && accepted.headers["content-type"] == MediaType.ociManifest)
    }

    @Test func acceptHeadersAreSplitAtCommasWithoutTheirParameters() {
        #expect(RegistryAPI.acceptedMediaTypes(["a/b, c/d;q=0.5", " e/f "]) == ["a/b", "c/d", "e/f"])
        #expect(RegistryAPI.acceptedMediaTypes([]).isEmpty)
    }
}
