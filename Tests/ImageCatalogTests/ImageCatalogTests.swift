import ImageCatalog
import ImageModel
import LayerStore
import Testing

@Suite struct ImageCatalogTests {
    static let catalog = try! ImageCatalog.bundled()

    /// Pulls read the layers' digests from `catalog-layers.json` instead of hashing the layers; this is
    /// the one place that hashes them all, to prove the file still says what the catalog makes. Every
    /// layer's tar stream is hashed; the gzip step is proven on the layers of up to 16 MiB (61 of 97),
    /// as compressing all 4.6 GB took most of a minute of every test run.
    @Test func thePrecomputedLayerDigestsAreTheCatalogsOwn() throws {
        let computed = try ImageCatalog.computeLayerDigests(json: ImageCatalog.bundledCatalogJSON(), compressingUpTo: 16 << 20)
        let pairs = Self.catalog.images.flatMap(\.steps).compactMap { step in step.layerKey.flatMap { key in step.digests.map { (key, $0) } } }
        let stored = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        let fix = "catalog-layers.json is out of date: run Scripts/regenerate-catalog"
        #expect(Set(computed.keys).isSuperset(of: stored.keys), "\(fix)")
        #expect(computed.values.filter { $0.blobDigest != nil }.count >= 40, "the gzip step is checked on too few layers")
        for key in computed.keys.sorted() where Self.catalog.images.contains(where: { $0.steps.contains { $0.layerKey == key } }) {
            guard let stored = stored[key], let computed = computed[key] else {
                Issue.record("\(key): \(fix)")
                continue
            }
            #expect(stored.diffID == computed.diffID && stored.tarSize == computed.tarSize, "\(key): \(fix)")
            if let blobDigest = computed.blobDigest {
                #expect(stored.blobDigest == blobDigest && stored.blobSize == computed.blobSize, "\(key): \(fix)")
            }
        }
    }

    @Test func filesALearnerLooksForAreThere() throws {
        func union(_ name: String) throws -> UnionView {
            UnionView(layers: try #require(Self.catalog.image(for: ImageReference.parse(name))).layers)
        }
        let alpine = try union("alpine:3.20")
        #expect(alpine.resolve("/etc/os-release")?.entry.kind == .file(.text("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME=\"Alpine Linux v3.20\"\nHOME_URL=\"https://alpinelinux.org/\"\nBUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n")))
        #expect(alpine.resolve("/bin/sh")?.entry.kind == .symlink(target: "/bin/busybox"))
        #expect(alpine.resolve("/bin/bash") == nil, "Alpine has no bash")
        let python = try union("python:3.12-slim")
        #expect(python.resolve("/usr/local/bin/python3") != nil)
        #expect(python.resolve("/bin/bash") != nil && python.resolve("/var/lib/dpkg/status") != nil)
        let scratchless = try union("hello-world")
        #expect(scratchless.paths == ["/hello"])
        for name in ["alpine", "debian:bookworm-slim", "ubuntu:24.04", "busybox"] {
            guard case .file(let passwd)? = try union(name).resolve("/etc/passwd")?.entry.kind else {
                Issue.record("\(name) has no /etc/passwd")
                continue
            }
            #expect(String(decoding: passwd.data, as: UTF8.self).hasPrefix("root:x:0:0:root:"))
        }
    }

    @Test func imagesBuiltOnTheSameBaseShareItsLayers() throws {
        let slim = try #require(Self.catalog.image(for: ImageReference.parse("debian:bookworm-slim")))
        let python = try #require(Self.catalog.image(for: ImageReference.parse("python:3.12-slim")))
        let nginx = try #require(Self.catalog.image(for: ImageReference.parse("nginx")))
        #expect(python.steps.first?.layerKey == slim.steps.first?.layerKey)
        #expect(nginx.layers.first == slim.layers.first)
    }

    @Test func configsAreTheRealOnes() throws {
        let python = try #require(Self.catalog.image(for: ImageReference.parse("python:3.8-slim-buster")))
        #expect(python.config.cmd == ["python3"])
        #expect(python.config.environmentValue("PYTHON_VERSION") == "3.8.16")
        let registry = try #require(Self.catalog.image(for: ImageReference.parse("registry:2")))
        #expect(registry.config.exposedPorts?.keys.sorted() == ["5000/tcp"])
        #expect(registry.config.volumes?.keys.sorted() == ["/var/lib/registry"])
        #expect(registry.config.entrypoint == ["/entrypoint.sh"])
        #expect(Self.catalog.image(for: try ImageReference.parse("alpine:2.0")) == nil)
        #expect(Self.catalog.image(for: try ImageReference.parse("localhost:5000/alpine")) == nil)
    }
}
