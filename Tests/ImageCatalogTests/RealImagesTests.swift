import ImageCatalog
import ImageModel
import LayerStore
import Testing

/// The catalog's images against the real ones as Docker Hub served them for linux/amd64 in October
/// 2024, from docker-library/repo-info's `repos/NAME/remote/TAG.md` (read in the maxmood96/repo-info
/// mirror, which keeps that month's versions; python:3.8-slim-buster is the January 2023 record of
/// docker-library/repo-info, its last build there). Compressed sizes are those files' layer sizes;
/// uncompressed sizes are what `docker images` shows for the same images, rounded.
@Suite struct RealImagesTests {
    static let catalog = ImageCatalogTests.catalog

    static func image(_ name: String) throws -> CatalogImage {
        try #require(catalog.image(for: ImageReference.parse(name)), "\(name) is not in the catalog")
    }

    struct Expected: Sendable, CustomTestStringConvertible {
        let reference: String
        /// `docker images` for the real image, in bytes.
        let size: Int64
        /// repo-info's "Total Size" (the gzip layers a pull downloads), in bytes.
        let compressed: Int64
        let layers: Int
        var testDescription: String { reference }
    }

    static let expected: [Expected] = [
        Expected(reference: "busybox", size: 4_270_000, compressed: 2_213_082, layers: 1),
        // busybox:1.36's amd64 size as docker-library/repo-info's busybox.md recorded it in January 2024.
        Expected(reference: "busybox:1.36", size: 4_260_000, compressed: 2_220_094, layers: 1),
        Expected(reference: "alpine:3.18", size: 7_340_000, compressed: 3_416_401, layers: 1),
        Expected(reference: "alpine:3.19", size: 7_380_000, compressed: 3_419_728, layers: 1),
        Expected(reference: "alpine:3.20", size: 7_800_000, compressed: 3_623_904, layers: 1),
        Expected(reference: "debian:bookworm", size: 117_000_000, compressed: 49_555_023, layers: 1),
        Expected(reference: "debian:bookworm-slim", size: 74_800_000, compressed: 29_126_289, layers: 1),
        Expected(reference: "debian:bullseye", size: 124_000_000, compressed: 55_080_611, layers: 1),
        Expected(reference: "ubuntu:20.04", size: 72_800_000, compressed: 27_511_060, layers: 1),
        Expected(reference: "ubuntu:22.04", size: 77_900_000, compressed: 29_535_688, layers: 1),
        Expected(reference: "ubuntu:24.04", size: 78_100_000, compressed: 29_750_363, layers: 1),
        Expected(reference: "python:3.8-slim-buster", size: 114_000_000, compressed: 44_382_349, layers: 5),
        Expected(reference: "python:3.11-slim", size: 131_000_000, compressed: 48_835_116, layers: 4),
        Expected(reference: "python:3.12-slim", size: 125_000_000, compressed: 46_264_986, layers: 4),
        Expected(reference: "python:3.12", size: 1_020_000_000, compressed: 381_006_662, layers: 7),
        Expected(reference: "python", size: 1_020_000_000, compressed: 382_670_959, layers: 7),
        Expected(reference: "node:18", size: 1_090_000_000, compressed: 396_153_784, layers: 8),
        Expected(reference: "node:20", size: 1_100_000_000, compressed: 398_759_313, layers: 8),
        Expected(reference: "node:22", size: 1_120_000_000, compressed: 403_925_346, layers: 8),
        Expected(reference: "node:20-alpine", size: 133_000_000, compressed: 47_627_192, layers: 4),
        Expected(reference: "golang:1.22", size: 814_000_000, compressed: 299_642_013, layers: 7),
        Expected(reference: "golang:1.23", size: 838_000_000, compressed: 304_287_408, layers: 7),
        Expected(reference: "golang:alpine", size: 247_000_000, compressed: 77_921_230, layers: 5),
        Expected(reference: "nginx", size: 192_000_000, compressed: 72_929_249, layers: 7),
        Expected(reference: "registry:2", size: 25_400_000, compressed: 10_113_381, layers: 5),
        Expected(reference: "postgres", size: 435_000_000, compressed: 154_576_974, layers: 14),
        Expected(reference: "redis", size: 117_000_000, compressed: 44_998_013, layers: 8),
        Expected(reference: "mysql", size: 593_000_000, compressed: 174_293_525, layers: 10),
        Expected(reference: "httpd", size: 148_000_000, compressed: 58_281_961, layers: 6),
    ]

    @Test(arguments: RealImagesTests.expected)
    func sizesAndLayerCountsAreTheRealOnes(_ expected: Expected) throws {
        let image = try Self.image(expected.reference)
        #expect(image.layers.count == expected.layers)
        let size = image.layers.reduce(Int64(0)) { $0 + $1.contentSize }
        #expect(abs(Double(size) / Double(expected.size) - 1) <= 0.10, "\(size) bytes is not within 10% of \(expected.size)")
        // The gzip blobs' sizes are in catalog-layers.json, worked out when the catalog was made.
        let compressed = image.steps.compactMap(\.digests?.blobSize).reduce(0, +)
        #expect(abs(Double(compressed) / Double(expected.compressed) - 1) <= 0.15, "\(compressed) compressed bytes are not within 15% of \(expected.compressed)")
    }

    /// Layer by layer, for the layers big enough for the ratio to mean something (the small ones are a
    /// few files whose tar headers weigh as much as their bytes).
    @Test(arguments: [
        ("python:3.12-slim", [29_126_289, 3_511_425, 13_627_022, 250]),
        ("python:3.8-slim-buster", [27_140_352, 2_780_997, 11_284_903, 234, 3_175_863]),
        ("nginx", [29_126_289, 43_798_364, 629, 955, 404, 1_210, 1_398]),
        ("node:20", [49_555_023, 24_053_088, 64_393_080, 211_281_151, 3_318, 48_222_534, 1_250_674, 445]),
        ("golang:1.22", [49_555_023, 24_053_088, 64_393_080, 92_279_603, 69_361_061, 126, 32]),
        ("postgres", [29_126_289, 1_166, 4_533_657, 1_446_614, 8_066_248, 1_196_027, 116, 3_143, 110_187_583, 10_236, 127, 166, 5_418, 184]),
    ])
    func compressedLayersAreTheRealOnes(_ reference: String, _ sizes: [Int64]) throws {
        let blobs = try Self.image(reference).steps.compactMap(\.digests?.blobSize)
        try #require(blobs.count == sizes.count)
        for (blob, real) in zip(blobs, sizes) where real >= 64_000 {
            #expect(abs(Double(blob) / Double(real) - 1) <= 0.15, "\(reference): a layer of \(blob) bytes against \(real)")
        }
    }

    /// repo-info's python:3.8-slim-buster (January 2023): the legacy builder's rows, 3.8's own key and
    /// the pip and setuptools it installs in a layer of its own.
    @Test func python38SlimBusterIsItsOwnImage() throws {
        let python = try Self.image("python:3.8-slim-buster")
        #expect(python.steps.map(\.createdBy).first == "/bin/sh -c #(nop) ADD file:67ceb946e54c26c505b5f9f393d77befbd5e9b3b5c069ca301e314ecc74456b0 in / ")
        #expect(python.steps.allSatisfy { $0.createdBy.hasPrefix("/bin/sh -c ") }, "built by the legacy builder")
        #expect(python.steps.count == 15)
        #expect(python.config.environmentValue("GPG_KEY") == "E3FF2839C048B25C084DEBE9B26995E310250568")
        #expect(python.config.environmentValue("PYTHON_PIP_VERSION") == "22.0.4")
        #expect(python.config.environmentValue("PYTHON_SETUPTOOLS_VERSION") == "57.5.0")
        #expect(python.steps.contains { $0.createdBy == "/bin/sh -c #(nop)  ENV PYTHON_SETUPTOOLS_VERSION=57.5.0" })
        #expect(python.steps.last?.createdBy == "/bin/sh -c #(nop)  CMD [\"python3\"]")
        // Each legacy step keeps its own time: the build took two weeks between its base and its pip.
        #expect(Set(python.steps.map(\.created)).count > 2)
    }

    /// repo-info's nginx:1.27.2: five COPY rows, one layer each, and the real entrypoint script
    /// (nginxinc/docker-nginx at "Updated mainline to 1.27.2").
    @Test func nginxHasItsEntrypointScripts() throws {
        let nginx = try Self.image("nginx")
        let copies = nginx.steps.filter { $0.createdBy.hasPrefix("COPY ") }
        #expect(copies.map(\.createdBy) == [
            "COPY docker-entrypoint.sh / # buildkit",
            "COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d # buildkit",
            "COPY 15-local-resolvers.envsh /docker-entrypoint.d # buildkit",
            "COPY 20-envsubst-on-templates.sh /docker-entrypoint.d # buildkit",
            "COPY 30-tune-worker-processes.sh /docker-entrypoint.d # buildkit",
        ])
        #expect(copies.allSatisfy { $0.layer != nil })
        let files = UnionView(layers: nginx.layers)
        guard case .file(let script)? = files.resolve("/docker-entrypoint.sh")?.entry.kind else {
            Issue.record("nginx has no /docker-entrypoint.sh")
            return
        }
        let text = String(decoding: script.data, as: UTF8.self)
        #expect(script.size == 1620)
        #expect(text.hasPrefix("#!/bin/sh\n# vim:sw=4:ts=4:et\n\nset -e\n"))
        #expect(text.hasSuffix("\nexec \"$@\"\n"))
        #expect(files.resolve("/docker-entrypoint.d/30-tune-worker-processes.sh")?.entry.contentSize == 4619)
        #expect(nginx.config.stopSignal == "SIGQUIT")
    }

    /// repo-info's registry:2.8.3: its own rows (built on its own copy of Alpine 3.18).
    @Test func registryIs283() throws {
        let registry = try Self.image("registry:2")
        #expect(registry.tags.contains("2.8.3"))
        #expect(registry.steps.map(\.createdBy) == [
            "/bin/sh -c #(nop) ADD file:5851aef23205a072ef361dd412a73a39a1ada75e19a207a392bb7ec9b8556e11 in / ",
            "/bin/sh -c #(nop)  CMD [\"/bin/sh\"]",
            "RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit",
            registry.steps[3].createdBy,
            "COPY ./config-example.yml /etc/docker/registry/config.yml # buildkit",
            "VOLUME [/var/lib/registry]",
            "EXPOSE map[5000/tcp:{}]",
            "COPY docker-entrypoint.sh /entrypoint.sh # buildkit",
            "ENTRYPOINT [\"/entrypoint.sh\"]",
            "CMD [\"/etc/docker/registry/config.yml\"]",
        ])
        #expect(registry.steps[3].createdBy.contains("version='2.8.3'"))
        #expect(registry.layers.first == (try Self.image("alpine:3.18")).layers.first)
    }

    /// repo-info's busybox:1.37.0: the image has one history row, its layer's, and no CMD row.
    @Test func busyboxHasOneRow() throws {
        let busybox = try Self.image("busybox")
        #expect(busybox.steps.map(\.createdBy) == ["BusyBox 1.37.0 (glibc), Debian 12"])
        #expect(busybox.steps.first?.layer != nil)
        #expect(busybox.config.cmd == ["sh"])
    }

    /// Images the legacy builder made show its rows (`/bin/sh -c #(nop) …`, which get no BuildKit
    /// comment), with the real `ADD file:` hashes.
    @Test(arguments: [
        ("ubuntu:24.04", "34dc4f3ab7a694ecde47ff7a610be18591834c45f1d7251813267798412604e5"),
        ("ubuntu:22.04", "ebe009f86035c175ba244badd298a2582914415cf62783d510eab3a311a5d4e1"),
        ("ubuntu:20.04", "7486147a645d8835a5181c79f00a3606c6b714c83bcbfcd8862221eb14690f9e"),
        ("debian:bookworm", "b4987bca8c4c4c640d6b71dcccfd7172b44771e0f851a47d05c00c2bdcd204f6"),
        ("debian:bookworm-slim", "90b9dd8f12120e8b2cd3ece45fcbe8af67e40565e2032a40f64bd921c43e2ce7"),
        ("debian:bullseye", "603894b180221fc8174e291cd1177a2b9c09a07d1d9ba4d5b5aecdf80ad91fbb"),
    ])
    func legacyImagesShowLegacyRows(_ reference: String, _ file: String) throws {
        let image = try Self.image(reference)
        #expect(image.steps.allSatisfy { $0.createdBy.hasPrefix("/bin/sh -c #(nop) ") })
        #expect(image.steps.contains { $0.createdBy == "/bin/sh -c #(nop) ADD file:\(file) in / " && $0.layer != nil })
    }

    /// golang's base, buildpack-deps:bookworm-scm, as golang:1.22.8's record shows it: legacy RUN rows.
    @Test func golangsBaseRowsAreLegacy() throws {
        let golang = try Self.image("golang:1.22")
        #expect(golang.steps[2].createdBy.hasPrefix("/bin/sh -c set -eux; \tapt-get update;"))
        #expect(golang.steps[3].createdBy.hasPrefix("/bin/sh -c set -eux; \tapt-get update;"))
        #expect(golang.steps[4].createdBy.hasSuffix(" # buildkit"), "golang's own steps are BuildKit's")
        #expect(golang.config.environmentValue("PATH") == "/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        #expect(golang.config.workingDir == "/go")
        #expect(golang.steps.last?.createdBy == "WORKDIR /go")
        #expect(golang.steps.last?.layer != nil, "BuildKit's WORKDIR made a layer (an empty one)")
    }

    /// The tags tutorials use resolve, each to the image that tag named in October 2024.
    @Test(arguments: [
        ("python", "PYTHON_VERSION", "3.13.0"), ("python:3", "PYTHON_VERSION", "3.13.0"), ("python:3.12", "PYTHON_VERSION", "3.12.7"),
        ("python:3.11-slim", "PYTHON_VERSION", "3.11.10"), ("node:18", "NODE_VERSION", "18.20.4"), ("node:22", "NODE_VERSION", "22.11.0"),
        ("node:lts", "NODE_VERSION", "22.11.0"), ("nginx:alpine", "NGINX_VERSION", "1.27.2"), ("golang:1.23", "GOLANG_VERSION", "1.23.2"),
        ("golang:alpine", "GOLANG_VERSION", "1.23.2"), ("postgres", "PG_VERSION", "17.0-1.pgdg120+1"), ("redis", "REDIS_VERSION", "7.4.1"),
        ("mysql", "MYSQL_VERSION", "9.1.0-1.el9"), ("httpd", "HTTPD_VERSION", "2.4.62"),
    ])
    func tutorialTagsResolve(_ reference: String, _ variable: String, _ value: String) throws {
        #expect(try Self.image(reference).config.environmentValue(variable) == value)
    }

    @Test func baseTagsResolve() throws {
        #expect(try Self.image("ubuntu:20.04").config.labels?["org.opencontainers.image.version"] == "20.04")
        let bullseye = UnionView(layers: try Self.image("debian:bullseye").layers)
        #expect(bullseye.resolve("/etc/debian_version")?.entry.kind == .file(.text("11.11\n")))
        #expect(try Self.image("python").config.environmentValue("LANG") == nil, "3.13 dropped LANG=C.UTF-8")
    }

    /// Configs as repo-info records them.
    @Test func serverConfigsAreTheRealOnes() throws {
        let redis = try Self.image("redis")
        #expect(redis.config.entrypoint == ["docker-entrypoint.sh"] && redis.config.cmd == ["redis-server"])
        #expect(redis.config.exposedPorts?.keys.sorted() == ["6379/tcp"] && redis.config.volumes?.keys.sorted() == ["/data"])
        #expect(redis.config.workingDir == "/data")
        let postgres = try Self.image("postgres")
        #expect(postgres.config.cmd == ["postgres"] && postgres.config.stopSignal == "SIGINT")
        #expect(postgres.config.exposedPorts?.keys.sorted() == ["5432/tcp"] && postgres.config.volumes?.keys.sorted() == ["/var/lib/postgresql/data"])
        #expect(postgres.config.environmentValue("PGDATA") == "/var/lib/postgresql/data")
        #expect(postgres.config.environmentValue("PATH")?.hasSuffix(":/usr/lib/postgresql/17/bin") == true)
        let mysql = try Self.image("mysql")
        #expect(mysql.config.cmd == ["mysqld"] && mysql.config.exposedPorts?.keys.sorted() == ["3306/tcp", "33060/tcp"])
        #expect(mysql.config.volumes?.keys.sorted() == ["/var/lib/mysql"])
        #expect(mysql.steps.first?.createdBy == "ADD oraclelinux-9-slim-amd64-rootfs.tar.xz / # buildkit")
        let httpd = try Self.image("httpd")
        #expect(httpd.config.cmd == ["httpd-foreground"] && httpd.config.stopSignal == "SIGWINCH")
        #expect(httpd.config.workingDir == "/usr/local/apache2" && httpd.config.exposedPorts?.keys.sorted() == ["80/tcp"])
        let node = try Self.image("node:22")
        #expect(node.config.entrypoint == ["docker-entrypoint.sh"] && node.config.cmd == ["node"])
        #expect(node.config.user == nil, "node images run as root; the node user is there to switch to")
    }

    /// Images built on the same base share its layers, as on Docker Hub.
    @Test func layersAreSharedAsOnTheHub() throws {
        func keys(_ name: String) throws -> [String?] { try Self.image(name).steps.filter { $0.layer != nil }.map(\.layerKey) }
        let buildpack = try keys("buildpack-deps:bookworm")
        #expect(Array(try keys("python:3.12").prefix(4)) == buildpack)
        #expect(Array(try keys("node:20").prefix(4)) == buildpack)
        let slim = try keys("debian:bookworm-slim")
        for name in ["python:3.12-slim", "nginx", "postgres", "redis", "httpd"] {
            #expect(Array(try keys(name).prefix(1)) == slim, "\(name)")
        }
        #expect(try keys("golang:1.23")[4] == (try keys("golang:alpine"))[2], "golang:1.23 and golang:alpine share the Go layer")
    }

    @Test func searchListsTheNewRepositories() {
        for name in ["postgres", "redis", "mysql", "httpd"] {
            #expect(Self.catalog.listings["library/\(name)"] != nil, "\(name)")
        }
    }
}

/// The base images' programs, as their packages install them: all of coreutils (Debian bookworm's
/// coreutils 9.1-1 lists them, `dpkg -L coreutils`; basenc came in 8.31, so buster's and focal's
/// 8.30 lack it), mawk as `awk` through the alternatives system, and gzip's gunzip and zcat.
extension RealImagesTests {
    @Test(arguments: ["debian:bookworm", "debian:bookworm-slim", "debian:bullseye", "python:3.8-slim-buster", "ubuntu:24.04", "ubuntu:22.04", "ubuntu:20.04"])
    func debianAndUbuntuHaveTheirBasePrograms(_ reference: String) throws {
        let files = UnionView(layers: try Self.image(reference).layers)
        for program in ["du", "uniq", "tee", "seq", "dd", "df", "sha256sum", "md5sum", "nproc", "timeout", "base64", "expr", "realpath", "mawk", "gunzip", "zcat", "which", "fallocate"] {
            #expect(files.resolve("/usr/bin/" + program) != nil, "\(reference) has no \(program)")
        }
        #expect(files.resolve("/usr/bin/awk")?.entry.kind == .symlink(target: "/etc/alternatives/awk"))
        #expect(files.resolve("/etc/alternatives/awk")?.entry.kind == .symlink(target: "/usr/bin/mawk"))
        let hasBasenc = !["python:3.8-slim-buster", "ubuntu:20.04"].contains(reference)
        #expect((files.resolve("/usr/bin/basenc") != nil) == hasBasenc)
    }
}
