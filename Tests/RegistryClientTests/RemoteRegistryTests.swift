import Foundation
import ImageModel
import LayerlabBasics
import LayerlabTestSupport
import LayerStore
import Registry
@testable import RegistryClient
import RegistryHTTP
import Testing

/// layerlab's client of real registries, against layerlab's own registry server on a real port (a
/// real registry as far as HTTP goes; the tests against distribution itself are
/// `RealRegistryTests`): what goes out comes back byte for byte, what comes back is held to its
/// digest, and logins go through basic auth and the bearer-token flow (distribution's
/// docs/spec/auth/token.md).
@Suite struct RemoteRegistryTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("remote-registry-\(UUID())")
    var served: URL { folder.appendingPathComponent("served") }
    var scratch: URL { folder.appendingPathComponent("scratch") }
    let layer = Layer(changes: [.put(.directory("/app")), .put(.file("/app/hello.txt", .text("hello\n")))])

    func startServer(access: @escaping @Sendable (String?) -> RegistryAPI.Access = { _ in .granted }) throws -> RegistryHTTPServer {
        try RegistryHTTPServer(settings: .init(root: served, deletionEnabled: false, access: access), host: "127.0.0.1", port: 0)
    }

    func client(_ server: RegistryHTTPServer, login: (username: String, password: String)? = nil) throws -> RemoteRegistry {
        RemoteRegistry(base: try #require(URL(string: "http://127.0.0.1:\(server.port)")), login: login, scratch: scratch)
    }

    /// Pushes the test's layer, a config and a manifest naming them; the manifest's bytes.
    func pushImage(with remote: RemoteRegistry, into repository: String) throws -> (manifest: Data, layer: Descriptor) {
        let blob = try remote.putLayer(layer, into: repository)
        let config = Data("{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"\(LayerArchive.diffID(of: layer).digest)\"]}}".utf8)
        let configDigest = try remote.putBlob(config, into: repository)
        let descriptor = Descriptor(mediaType: MediaType.dockerLayerGzip, digest: blob.digest, size: blob.size)
        let manifest = Manifest(config: Descriptor(mediaType: MediaType.dockerConfig, digest: configDigest, size: Int64(config.count)), layers: [descriptor])
            .distributionJSON()
        #expect(try remote.putManifest(manifest, reference: "1.0", contentType: MediaType.dockerManifest, into: repository) == Digest.sha256(of: manifest))
        return (manifest, descriptor)
    }

    func scratchIsEmpty() -> Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []).isEmpty
    }

    @Test func anImageGoesOutAndComesBackByteForByte() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try startServer()
        defer { server.shutDown() }
        let remote = try client(server)
        let (manifest, descriptor) = try pushImage(with: remote, into: "team/app")
        let stored = try remote.manifest("1.0", in: "team/app")
        #expect(stored.bytes == manifest && stored.digest == Digest.sha256(of: manifest) && stored.mediaType == MediaType.dockerManifest)
        #expect(try remote.manifest(stored.digest.description, in: "team/app").bytes == manifest)
        let back = try #require(try remote.layer(descriptor, diffID: LayerArchive.diffID(of: layer).digest, in: "team/app"))
        #expect(LayerArchive.diffID(of: back).digest == LayerArchive.diffID(of: layer).digest)
        #expect(try remote.blob(descriptor.digest, in: "team/app")?.size == descriptor.size)
        // Mounted into another repository of the same registry rather than sent again.
        #expect(try remote.mount(descriptor.digest, from: "team/app", into: "team/other"))
        #expect(try remote.blob(descriptor.digest, in: "team/other") != nil)
        #expect(try remote.mount(Digest.sha256(of: "nothing"), from: "team/app", into: "team/other") == false)
        #expect(scratchIsEmpty(), "nothing is left on the way")
        #expect(throws: RemoteRegistryError.registry(RegistryError.manifestUnknown(tag: "2.0").withoutDetail)) {
            try remote.manifest("2.0", in: "team/app")
        }
    }

    @Test func aBlobWhoseBytesDoNotMatchItsDigestIsRefusedAndNothingIsKept() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try startServer()
        defer { server.shutDown() }
        let remote = try client(server)
        let (manifest, descriptor) = try pushImage(with: remote, into: "app")
        // The registry's copy of the layer goes bad (same length, other bytes), then its manifest.
        let blob = try #require(Registry(root: served).blobFile(descriptor.digest))
        var bytes = try Data(contentsOf: blob)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: blob)
        #expect(throws: RemoteRegistryError.refused("filesystem layer verification failed for digest \(descriptor.digest)")) {
            try remote.layer(descriptor, diffID: LayerArchive.diffID(of: layer).digest, in: "app")
        }
        let manifestFile = try #require(Registry(root: served).blobFile(Digest.sha256(of: manifest)))
        try Data(String(decoding: manifest, as: UTF8.self).replacingOccurrences(of: "\"size\"", with: "\"Size\"").utf8).write(to: manifestFile)
        #expect(throws: RemoteRegistryError.refused("manifest verification failed for digest \(Digest.sha256(of: manifest))")) {
            try remote.manifest("1.0", in: "app")
        }
        #expect(scratchIsEmpty(), "what was refused is not kept, not even in the scratch folder")
    }

    @Test func aLayerLongerThanItsDescriptorSaysIsCutOff() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try startServer()
        defer { server.shutDown() }
        let remote = try client(server)
        let (_, descriptor) = try pushImage(with: remote, into: "app")
        var short = descriptor
        short.size -= 1
        #expect(throws: RemoteRegistryError.refused("filesystem layer verification failed for digest \(descriptor.digest)")) {
            try remote.layer(short, diffID: LayerArchive.diffID(of: layer).digest, in: "app")
        }
        #expect(scratchIsEmpty())
    }

    /// A client's zstd layer (`skopeo copy --dest-compress-format zstd`): the registry keeps the bytes
    /// it was sent, as distribution stores any blob, and a pull reads them as Docker 28 does, by their
    /// magic number, holding the tar to the diffID its config names (moby v28.2.2 distribution/pull_v2.go).
    @Test func aZstdLayerIsKeptAsSentAndReadBackAgainstItsDiffID() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try startServer()
        defer { server.shutDown() }
        let remote = try client(server)
        let tar = Data(LayerArchive.bytes(of: layer))
        let blob = ZstdTestStream.compress(tar)
        let digest = try remote.putBlob(blob, into: "app")
        let stored = try #require(Registry(root: served).blobFile(digest))
        #expect(try Data(contentsOf: stored) == blob, "kept as the client sent it")
        let descriptor = Descriptor(mediaType: "application/vnd.oci.image.layer.v1.tar+zstd", digest: digest, size: Int64(blob.count))
        let back = try #require(try remote.layer(descriptor, diffID: Digest.sha256(of: tar), in: "app"))
        #expect(LayerArchive.diffID(of: back).digest == Digest.sha256(of: tar))
        #expect(throws: Registry.rootFSMismatch) { try remote.layer(descriptor, diffID: Digest.sha256(of: "another tar"), in: "app") }
        #expect(scratchIsEmpty())
    }

    @Test func anHtpasswdRegistryGetsTheLoginAsBasicAuth() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = "Basic " + Data("alice:secret".utf8).base64EncodedString()
        let server = try startServer { $0 == expected ? .granted : .challenge("Basic realm=\"Registry Realm\"") }
        defer { server.shutDown() }
        #expect(throws: RemoteRegistryError.unauthorized("no basic auth credentials")) { try client(server).checkLogin() }
        #expect(throws: RemoteRegistryError.unauthorized("unauthorized: authentication required")) {
            try client(server, login: ("alice", "wrong")).checkLogin()
        }
        let remote = try client(server, login: ("alice", "secret"))
        try remote.checkLogin()
        _ = try pushImage(with: remote, into: "app")
        #expect(try remote.manifest("1.0", in: "app").mediaType == MediaType.dockerManifest)
    }

    @Test func aRegistryThatHandsOutTokensGetsOneForEachScope() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let tokens = try TokenService(username: "alice", password: "secret")
        defer { tokens.shutDown() }
        let realm = "http://127.0.0.1:\(tokens.port)/token"
        let expected = "Bearer \(tokens.token)"
        let server = try startServer { $0 == expected ? .granted : .challenge("Bearer realm=\"\(realm)\",service=\"test-registry\"") }
        defer { server.shutDown() }
        let remote = try client(server, login: ("alice", "secret"))
        _ = try pushImage(with: remote, into: "team/app")
        #expect(try remote.manifest("1.0", in: "team/app").mediaType == MediaType.dockerManifest)
        let basic = "Basic " + Data("alice:secret".utf8).base64EncodedString()
        let asked = tokens.requests
        #expect(asked.allSatisfy { $0.authorization == basic }, "the login goes to the token service only")
        #expect(asked.map(\.query) == [
            "service=test-registry&scope=repository:team/app:pull,push&account=alice",
            "service=test-registry&scope=repository:team/app:pull&account=alice",
        ], "one token per set of scopes, kept for the requests after")
        #expect(throws: RemoteRegistryError.unauthorized("unauthorized: incorrect username or password")) {
            try client(server, login: ("alice", "wrong")).manifest("1.0", in: "team/app")
        }
    }

    @Test(arguments: [
        ("Basic realm=\"Registry Realm\"", "basic", ["realm": "Registry Realm"]),
        ("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:samalba/my-app:pull,push\"",
         "bearer", ["realm": "https://auth.docker.io/token", "service": "registry.docker.io", "scope": "repository:samalba/my-app:pull,push"]),
        ("bearer Realm=plain, error=\"insufficient_scope\"", "bearer", ["realm": "plain", "error": "insufficient_scope"]),
        ("Bearer realm=\"say \\\"hi\\\"\"", "bearer", ["realm": "say \"hi\""]),
        ("Bearer realm=\"unclosed", "bearer", [:]),
    ])
    func challengesAreReadAsRFC7235WritesThem(_ header: String, _ scheme: String, _ parameters: [String: String]) throws {
        let challenge = try #require(AuthChallenge(header))
        #expect(challenge.scheme == scheme && challenge.parameters == parameters)
    }
}

extension RegistryError {
    /// As a client reads the error back: the detail stays on the server's side.
    var withoutDetail: RegistryError {
        var copy = self
        copy.detailJSON = nil
        return copy
    }
}
