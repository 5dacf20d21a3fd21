import Crypto
import Foundation

/// Makes the reference engine's `busybox:latest` look like layerlab's: layerlab's own config and
/// history (taken from its `docker save`), over refbox's files (busybox-static from Debian, as Docker
/// Hub cannot be reached) padded to layerlab's size. Then `docker images`, `history` and `inspect` of
/// images built on busybox compare row for row; only the base's files and IDs differ.
enum ReferenceBaseImage {
    static let paddingPath = "usr/share/refbox/padding"

    static func install(reference: ReferenceSide, layerlab: LayerlabSide) async throws {
        let work = reference.scratch.appendingPathComponent("base")
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let config = try await layerlabConfig(layerlab: layerlab, work: work)
        let layerlabSize = try await layerlabImageSize(layerlab: layerlab)

        let environment = reference.environment
        let refboxSize = try await ProcessRunner.bash("docker image inspect -f '{{.Size}}' refbox:1", environment: environment)
        let padding = layerlabSize - (Int(refboxSize.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0)
        let layer = work.appendingPathComponent("out/layer/layer.tar")
        try await ProcessRunner.bash(
            "mkdir -p refbox out/layer && docker save refbox:1 | tar -x -C refbox", environment: environment, directory: work
        )
        let refboxManifest = try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent("refbox/manifest.json")))
        guard let refboxLayer = ((refboxManifest as? [[String: Any]])?.first?["Layers"] as? [String])?.first else {
            throw ProcessRunner.Failure(description: "refbox:1's saved manifest names no layer")
        }
        try FileManager.default.copyItem(at: work.appendingPathComponent("refbox/\(refboxLayer)"), to: layer)
        if padding > 0 {
            try await ProcessRunner.bash(
                """
                mkdir -p pad/\((paddingPath as NSString).deletingLastPathComponent) && head -c \(padding) /dev/zero > pad/\(paddingPath) \
                  && tar -rf out/layer/layer.tar -C pad --owner=0 --group=0 --mtime=@0 \(paddingPath)
                """,
                environment: environment, directory: work
            )
        }
        let diffID = "sha256:" + SHA256.hash(data: try Data(contentsOf: layer)).map { String(format: "%02x", $0) }.joined()
        var rootfs = config["rootfs"] as? [String: Any] ?? [:]
        rootfs["diff_ids"] = [diffID]
        var newConfig = config
        newConfig["rootfs"] = rootfs
        let configData = try JSONSerialization.data(withJSONObject: newConfig, options: [.sortedKeys])
        let configName = SHA256.hash(data: configData).map { String(format: "%02x", $0) }.joined() + ".json"
        try configData.write(to: work.appendingPathComponent("out/\(configName)"))
        let manifest: [[String: Any]] = [["Config": configName, "RepoTags": ["busybox:latest"], "Layers": ["layer/layer.tar"]]]
        try JSONSerialization.data(withJSONObject: manifest).write(to: work.appendingPathComponent("out/manifest.json"))
        // refbox:1 goes once busybox stands in for it, as layerlab's world has no such image; the next
        // `reference-docker up` imports it again.
        try await ProcessRunner.bash(
            "tar -cf base.tar -C out . && docker load -q -i base.tar >/dev/null && docker rmi -f refbox:1 >/dev/null",
            environment: environment, directory: work
        )
    }

    /// layerlab's busybox config, read from the OCI layout its `docker save` writes.
    private static func layerlabConfig(layerlab: LayerlabSide, work: URL) async throws -> [String: Any] {
        let name = "base-image"
        try await layerlab.prepare(name)
        defer { layerlab.finish(name) }
        let save = try await layerlab.run(ScenarioStep(command: "docker save busybox -o busybox.tar", side: .layerlab, line: 0), scenario: name)
        guard save.status == 0 else { throw ProcessRunner.Failure(description: "layerlab's docker save busybox: \(save.stderr)") }
        let layout = work.appendingPathComponent("layerlab")
        try FileManager.default.createDirectory(at: layout, withIntermediateDirectories: true)
        try await ProcessRunner.bash(
            "tar -xf \"\(layerlab.workspace(for: name))/busybox.tar\" -C \"\(layout.path)\"", environment: ["PATH": "/usr/bin:/bin"]
        )
        func blob(_ digest: String) throws -> [String: Any] {
            let hex = digest.replacingOccurrences(of: "sha256:", with: "")
            let data = try Data(contentsOf: layout.appendingPathComponent("blobs/sha256/\(hex)"))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: layout.appendingPathComponent("index.json"))) as? [String: Any]
        guard let manifestDigest = (index?["manifests"] as? [[String: Any]])?.first?["digest"] as? String,
              let configDigest = (try blob(manifestDigest)["config"] as? [String: Any])?["digest"] as? String
        else { throw ProcessRunner.Failure(description: "layerlab's saved busybox has no manifest or config") }
        return try blob(configDigest)
    }

    private static func layerlabImageSize(layerlab: LayerlabSide) async throws -> Int {
        let name = "base-size"
        try await layerlab.prepare(name)
        defer { layerlab.finish(name) }
        let step = ScenarioStep(command: "docker image inspect -f '{{.Size}}' busybox", side: .layerlab, line: 0)
        let output = try await layerlab.run(step, scenario: name)
        if let size = Int(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) { return size }
        throw ProcessRunner.Failure(description: "layerlab does not say busybox's size")
    }
}
