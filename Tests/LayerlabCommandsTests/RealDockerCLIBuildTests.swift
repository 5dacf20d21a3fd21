import Foundation
import LayerlabTestSupport
import Testing

/// `docker build` by the real Docker CLI against `layerlab daemon`: without the buildx plugin, or with
/// `DOCKER_BUILDKIT=0`, the CLI tars the folder it is given, prints its deprecation notice and its
/// upload line itself, and prints what the daemon streams for `POST /build`. That must be what the
/// prompt's `DOCKER_BUILDKIT=0 docker build` prints for the same files in its workspace, and what the
/// same CLI printed against a real dockerd (Tests/BuilderTests/LegacyReference), IDs masked: they differ
/// by world and by clock. The prompt's folders are in its workspace (`$LAYERLAB_HOME/workspace`), the
/// real CLI's in a folder of the host holding the same files.
@Suite(.enabled(if: DockerCLIBinary.shouldRun, "the docker CLI is not on PATH"), .waitsOnOtherPrograms)
struct RealDockerCLIBuildTests: RealDockerCLISuite {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-api-\(UUID().uuidString)")

    /// docker/cli v28.2.2 cmd/docker/builder.go, buildkitDisabledWarning and "%s\n\n".
    static let deprecation = "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
        + "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n"
        + "            environment-variable.\n\n"

    static func masked(_ text: String) -> String { LegacyReferenceTranscript.masked(text) }

    @Test func legacyBuildsPrintWhatThePromptAndARealEnginePrint() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let fresh = try LegacyReferenceTranscript(named: "fresh-multistage")
        let failing = try LegacyReferenceTranscript(named: "failing-run")
        func writeContexts(under folder: URL) throws {
            try fresh.writeFiles(to: folder.appendingPathComponent("app"))
            try failing.writeFiles(to: folder.appendingPathComponent("fail"))
        }
        try writeContexts(under: home.appendingPathComponent("workspace"))
        // The reference's base image refbox:1 is alpine:3.20 under that name.
        let setup = [["pull", "-q", "alpine:3.20"], ["tag", "alpine:3.20", "refbox:1"]]
        let builds: [(folder: String, arguments: [String])] = [
            ("app", ["build", "-t", "lab:1", "."]),
            // Again: every step from the cache.
            ("app", ["build", "-t", "lab:1", "."]),
            ("app", ["build", "-q", "-t", "lab:2", "."]),
            ("app", ["build", "--target", "build", "--build-arg", "UNUSED=1", "-t", "stage:1", "."]),
            ("fail", ["build", "-t", "fail:1", "."]),
        ]
        // The prompt's script: each build after a `cd` into its folder from the workspace's root (a bare `cd`).
        var script = setup.map(Self.promptLine)
        var buildLines: [Int] = []
        for build in builds {
            script += ["cd", "cd \(build.folder)", "DOCKER_BUILDKIT=0 " + Self.promptLine(build.arguments)]
            buildLines.append(script.count - 1)
        }
        let outputs = try prompt(script)
        #expect(outputs.count == script.count, "\(outputs)")
        let expected = buildLines.map { $0 < outputs.count ? outputs[$0] : "" }

        try FileManager.default.removeItem(at: home)
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        let local = home.appendingPathComponent("local")
        try writeContexts(under: local)
        for command in setup {
            let result = try docker(command, socket: socket)
            #expect(result.status == 0, "docker \(command.joined(separator: " ")): \(result.error)")
        }
        var real: [(status: Int32, output: String, error: String)] = []
        for (build, prompted) in zip(builds, expected) {
            let result = try docker(build.arguments, socket: socket, environment: ["DOCKER_BUILDKIT": "0"], in: local.appendingPathComponent(build.folder))
            #expect(Self.masked(result.output) == Self.masked(prompted), "docker \(build.arguments.joined(separator: " ")) in \(build.folder): \(result.error)")
            real.append(result)
        }
        guard real.count == builds.count else { return }

        // The fresh build: what the CLI printed against dockerd 20.10 (whose `Removing intermediate
        // container` Docker 25 and later print as ` ---> Removed intermediate container`).
        #expect(real[0].status == 0 && real[0].error == Self.deprecation, "\(real[0].error)")
        #expect(Self.masked(real[0].output) == Self.masked(fresh.standardOutput))
        #expect(real[0].output.hasPrefix("Sending build context to Docker daemon  4.608kB\r\r\n"))
        #expect(real[1].output.components(separatedBy: " ---> Using cache\n").count == 13, "every step but the two FROMs from the cache")
        // -q: the whole ID, from the daemon's one message, which is lab:2's.
        let id = try docker(["image", "inspect", "--format", "{{.Id}}", "lab:2"], socket: socket).output
        #expect(real[2].status == 0 && real[2].output == id && id.hasPrefix("sha256:"), "\(real[2])")
        #expect(real[3].output.contains("[Warning] One or more build-args [UNUSED] were not consumed\n"))
        // The failed RUN: its output, then the daemon's error with its code, which the CLI exits with.
        #expect(real[4].status == 3)
        #expect(real[4].error == Self.deprecation + "The command '/bin/sh -c echo \"$GREETING before failing\" && exit 3' returned a non-zero code: 3\n")
        #expect(Self.masked(real[4].output) == Self.masked(failing.standardOutput))

        // Without DOCKER_BUILDKIT and without the buildx plugin, the CLI takes the classic builder itself
        // after its other notice.
        if try docker(["buildx", "version"], socket: socket).status != 0 {
            let plain = try docker(["build", "-t", "lab:1", "."], socket: socket, in: local.appendingPathComponent("app"))
            #expect(plain.status == 0)
            #expect(plain.error.hasPrefix("DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n            Install the buildx component"), "\(plain.error)")
            #expect(Self.masked(plain.output) == Self.masked(expected[1]))
        }
        // What the daemon refuses, it says plainly.
        let platform = try docker(["build", "--platform", "linux/arm64", "-t", "arm:1", "."], socket: socket, environment: ["DOCKER_BUILDKIT": "0"],
                                  in: local.appendingPathComponent("app"))
        #expect(platform.status == 1)
        #expect(platform.error.hasSuffix("Error response from daemon: layerlab: building for linux/arm64 (layerlab's images and builds are linux/amd64) is not simulated\n"), "\(platform.error)")
    }
}
