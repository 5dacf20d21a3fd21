import Foundation
import LayerlabBasics
import LayerlabTestSupport
import Testing

/// layerlab's engine pushing to and pulling from a real registry (issue 19): distribution 2.8, the
/// one `../shared/tools/reference-docker up` starts. An image built in layerlab goes there, curl reads
/// its manifest back with the digest the push printed, and once removed it comes back with the same
/// image ID. The registry is allowed with `--registry`, then with `registries:` in the home's
/// `config.yaml`.
@Suite(.enabled(if: ReferenceRegistry.shouldRun, "the reference registry does not answer on 127.0.0.1:$REFDOCKER_REGISTRY_PORT (../shared/tools/reference-docker up starts it)"), .waitsOnOtherPrograms,
       .serialized)
struct RealRegistryTests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-real-registry-\(UUID().uuidString)")
    let repository = "layerlab-test/\(UUID().uuidString.lowercased().prefix(8))"
    var image: String { "\(ReferenceRegistry.host)/\(repository):1" }

    func layerlab(_ arguments: [String], _ script: String) throws -> (status: Int32, output: String, error: String) {
        try BuiltBinary.run(["--home", home.path] + arguments, input: script + "\n")
    }

    func curl(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "--max-time", "10"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    @Test func anImageBuiltInLayerlabGoesToARealRegistryAndComesBackWithTheSameID() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let pushed = try layerlab(["--registry", ReferenceRegistry.host], """
            cat > Dockerfile <<'EOF'
            FROM alpine:3.20
            RUN echo built in layerlab > /hello
            EOF
            docker build -q -t \(image) .
            docker push \(image)
            """)
        #expect(pushed.status == 0, "\(pushed.error)")
        let digestLine = try #require(pushed.output.split(separator: "\n").first { $0.hasPrefix("1: digest: sha256:") }, "\(pushed.output)")
        let digest = String(digestLine.split(separator: " ")[2])
        #expect(pushed.output.contains("The push refers to repository [\(ReferenceRegistry.host)/\(repository)]"))
        defer { _ = try? curl(["-X", "DELETE", "http://\(ReferenceRegistry.host)/v2/\(repository)/manifests/\(digest)"]) }

        // The registry serves the manifest the push printed the digest of, byte for byte.
        let manifestURL = "http://\(ReferenceRegistry.host)/v2/\(repository)/manifests/1"
        let accept = "Accept: application/vnd.docker.distribution.manifest.v2+json"
        let headers = String(decoding: try curl(["-I", "-H", accept, manifestURL]), as: UTF8.self)
        #expect(headers.lowercased().contains("docker-content-digest: \(digest)"), "\(headers)")
        let body = try curl(["-H", accept, manifestURL])
        #expect(Digest.sha256(of: body).description == digest)

        let id = try layerlab([], "docker images --no-trunc --format '{{.ID}}' \(image)").output
        #expect(id.hasPrefix("sha256:"))
        #expect(try layerlab([], "docker rmi \(image)").status == 0)
        #expect(try layerlab([], "docker images -q \(image)").output.isEmpty)

        // Allowed by the home's config this time.
        try Data("registries:\n  - \(ReferenceRegistry.host)\n".utf8).write(to: home.appendingPathComponent("config.yaml"))
        let pulled = try layerlab([], "docker pull \(image)\ndocker images --no-trunc --format '{{.ID}}' \(image)")
        #expect(pulled.status == 0, "\(pulled.error)")
        #expect(pulled.output.contains("Digest: \(digest)\nStatus: Downloaded newer image for \(image)\n"), "\(pulled.output)")
        #expect(pulled.output.hasSuffix(id), "the same image ID: \(pulled.output)")
    }
}

/// A real registry is reached only when the learner allows it; the refusal says how, and a
/// `config.yaml` with a mistake says which line (the only place it can be seen).
@Suite struct RegistryAllowListTests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-allow-list-\(UUID().uuidString)")

    @Test func aRegistryThatIsNotAllowedSaysHowToAllowIt() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let config = home.appendingPathComponent("config.yaml")
        try Data("registries:\n  - localhost:5055\n  - not a host\n".utf8).write(to: config)
        let refused = try BuiltBinary.run(["--home", home.path], input: "docker pull registry.example.com/app:1\n")
        #expect(refused.status == 1)
        #expect(refused.error.contains("layerlab: registry.example.com is a real registry, which layerlab reaches only when you "
            + "allow it: start layerlab with --registry registry.example.com, or list it under registries: in \(config.path) (\(config.path):3: "
            + "'not a host' is not a registry address: write HOST or HOST:PORT, e.g. localhost:5000 or registry.example.com)\n"), "\(refused.error)")
        let usage = try BuiltBinary.run(["--home", home.path, "--registry", "not a host"], input: "")
        #expect(usage.status == 64 && usage.error.contains("--registry: 'not a host' is not a registry address"), "\(usage.error)")
    }
}
