import Foundation
import GoSemantics
import ImageModel
import LayerlabBasics
import LayerStore
@testable import Registry
import Testing

@Suite struct RegistryTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID())")
    let date = Date(timeIntervalSince1970: 1_767_225_600)

    let layer = Layer(changes: [.put(.directory("/app")), .put(.file("/app/hello.txt", .text("hello\n")))])

    /// Pushes a one-layer image into `repository` the way the engine does; returns the manifest digest.
    func push(_ registry: Registry, into repository: String, tag: String = "latest") throws -> (manifest: Digest, layer: Digest) {
        let blob = try registry.putLayer(layer, into: repository)
        let config = Data("{\"architecture\":\"amd64\",\"os\":\"linux\"}".utf8)
        let configDigest = try registry.putBlob(config, into: repository)
        let manifest = Manifest(
            config: Descriptor(mediaType: MediaType.dockerConfig, digest: configDigest, size: Int64(config.count)),
            layers: [Descriptor(mediaType: MediaType.dockerLayerGzip, digest: blob.digest, size: blob.size)]
        )
        return (try registry.putManifest(manifest.distributionJSON(), reference: tag, into: repository), blob.digest)
    }

    @Test func manifestsAreFoundByTagAndDigestAndSurviveReopening() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let pushed = try push(Registry(root: root), into: "app")
        let reopened = Registry(root: root)
        let byTag = try reopened.manifest("latest", in: "app")
        #expect(byTag.digest == pushed.manifest)
        #expect(Digest.sha256(of: byTag.bytes) == pushed.manifest, "the digest is the SHA-256 of the stored bytes")
        #expect(try reopened.manifest(pushed.manifest.description, in: "app").bytes == byTag.bytes)
        #expect(reopened.repositoryNames == ["app"])
        #expect(try reopened.tags(of: "app") == ["latest"])
    }

    @Test func unknownNamesTagsAndDigestsGiveDistributionsErrors() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        _ = try push(registry, into: "app")
        #expect(throws: RegistryError.nameUnknown("nosuch")) { try registry.tags(of: "nosuch") }
        #expect(throws: RegistryError.manifestUnknown(tag: "nope")) { try registry.manifest("nope", in: "app") }
        #expect(throws: RegistryError.manifestUnknown(tag: "latest")) { try registry.manifest("latest", in: "nosuch") }
        #expect(RegistryError.manifestUnknown(tag: "nope").clientText == "manifest unknown: manifest unknown")
        // The detail holds the tag alone, as distribution 2.8 answers (reference engine's registry).
        #expect(RegistryError.manifestUnknown(tag: "latest").body
            == "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"latest\"}}]}\n")
    }

    @Test func aManifestNamingABlobTheRepositoryLacksIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        let missing = Digest.sha256(of: "nothing")
        let manifest = Manifest(config: Descriptor(mediaType: MediaType.dockerConfig, digest: missing, size: 7), layers: [])
        #expect(throws: RegistryError(.manifestBlobUnknown, detailJSON: GoJSON.string(missing.description))) {
            try registry.putManifest(manifest.distributionJSON(), reference: "latest", into: "app")
        }
        #expect(registry.repositoryNames.isEmpty)
    }

    @Test func blobsAreSharedAndMountedAcrossRepositories() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        let pushed = try push(registry, into: "one")
        #expect(registry.blob(pushed.layer, in: "two") == nil, "a blob is linked per repository")
        #expect(try registry.mount(pushed.layer, into: "two"))
        #expect(registry.blob(pushed.layer, in: "two") != nil)
        #expect(try !registry.mount(pushed.layer, from: "three", into: "four"), "a mount's source must hold the blob, as distribution checks")
        #expect(try !registry.mount(Digest.sha256(of: "absent"), into: "two"))
    }

    @Test func theAPIAnswersAsRegistry2() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        let pushed = try push(registry, into: "team/app", tag: "1.0")
        let api = RegistryAPI(registry: registry, access: .granted, date: date)
        let base = api.respond(method: "GET", path: "/v2/")
        #expect(base.status == 200 && String(decoding: base.body, as: UTF8.self) == "{}")
        #expect(base.headers.contains { $0 == ("Docker-Distribution-Api-Version", "registry/2.0") })
        #expect(String(decoding: api.respond(method: "GET", path: "/v2/_catalog").body, as: UTF8.self) == "{\"repositories\":[\"team/app\"]}\n")
        #expect(String(decoding: api.respond(method: "GET", path: "/v2/team/app/tags/list").body, as: UTF8.self) == "{\"name\":\"team/app\",\"tags\":[\"1.0\"]}\n")
        let head = api.respond(method: "HEAD", path: "/v2/team/app/manifests/1.0")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(head.headers.contains { $0 == ("Docker-Content-Digest", pushed.manifest.description) })
        let unknown = api.respond(method: "GET", path: "/v2/team/app/manifests/2.0")
        #expect(unknown.status == 404)
        #expect(String(decoding: unknown.body, as: UTF8.self).hasPrefix("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\""))
        #expect(api.respond(method: "DELETE", path: "/v2/team/app/manifests/1.0").status == 405)
        #expect(api.respond(method: "GET", path: "/elsewhere").status == 404)
    }

    @Test func aLayerBlobIsServedAsTheGzipStreamItsDigestNames() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = Registry(root: root)
        let pushed = try push(registry, into: "app")
        let response = RegistryAPI(registry: registry, access: .granted, date: date).respond(method: "GET", path: "/v2/app/blobs/\(pushed.layer)")
        #expect(response.status == 200)
        #expect(Digest.sha256(of: response.body) == pushed.layer)
        #expect(response.headers.contains { $0 == ("Content-Length", String(response.body.count)) })
    }

    @Test func aRegistryThatWantsATokenChallengesEveryRequest() {
        let api = RegistryAPI(registry: Registry(root: root), access: .challenge("Bearer realm=\"https://auth.docker.io/token\""), date: date)
        let response = api.respond(method: "GET", path: "/v2/")
        #expect(response.status == 401)
        #expect(response.headers.contains { $0 == ("Www-Authenticate", "Bearer realm=\"https://auth.docker.io/token\"") })
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":null}]}\n")
    }

    @Test func hubAccountsAreMadeOnFirstLoginAndCheckedAfter() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let accounts = HubAccounts(root: root)
        #expect(try accounts.login(username: "alice", password: "s3cret") == .registered)
        #expect(try accounts.login(username: "alice", password: "s3cret") == .accepted)
        #expect(try accounts.login(username: "alice", password: "wrong") == .rejected)
        #expect(accounts.verify(username: "alice", password: "s3cret"))
        #expect(!accounts.verify(username: "bob", password: "s3cret"))
        let stored = try #require(FileManager.default.contents(atPath: root.appendingPathComponent("accounts.json").path))
        #expect(!String(decoding: stored, as: UTF8.self).contains("s3cret"), "only a salted hash is kept")
        #expect(HubAccounts.isValidDockerID("alice2026"))
        #expect(!HubAccounts.isValidDockerID("Al"))
        #expect(!HubAccounts.isValidDockerID("alice_smith"))
    }
}

@Suite struct HtpasswdTests {
    @Test func entriesAreRealBcryptThatOnlyTheRightPasswordMatches() throws {
        let entry = try #require(Htpasswd.entry(user: "testuser", password: "testpassword"))
        #expect(entry.hasPrefix("testuser:$2y$05$") && entry.count == "testuser:".count + 60)
        let file = Htpasswd(text: "# users\n\(entry)\nother:$apr1$abc$defghijklmnopqrstuvwx\n")
        #expect(file.accepts(user: "testuser", password: "testpassword"))
        #expect(!file.accepts(user: "testuser", password: "testpasswort"))
        #expect(!file.accepts(user: "nobody", password: "testpassword"))
        #expect(!file.accepts(user: "other", password: "anything"), "only bcrypt hashes count, as in distribution")
    }

    @Test func publishedBcryptVectorsCheckOut() {
        // The OpenWall crypt_blowfish test vectors, as any bcrypt implementation must agree on them.
        let file = Htpasswd(text: "a:$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW\nb:$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK")
        #expect(file.accepts(user: "a", password: "U*U"))
        #expect(file.accepts(user: "b", password: "U*U*"))
        #expect(!file.accepts(user: "a", password: "U*U*"))
    }
}
