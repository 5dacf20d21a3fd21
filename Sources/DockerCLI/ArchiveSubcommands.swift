import Engine
import Foundation
import Shell

/// `docker save`, `docker load` and `docker system df`.
enum ArchiveSubcommands {
    static var all: [DockerSubcommand] { [save, load, systemDF] }

    static let save = DockerSubcommand(
        names: [["save"], ["image", "save"]],
        usage: "docker save [OPTIONS] IMAGE [IMAGE...]",
        summary: "Save one or more images to a tar archive (streamed to STDOUT by default)",
        flags: [FlagSpec(long: "output", short: "o", takesValue: true, help: "Write to a file, instead of STDOUT")],
        arity: .atLeast(1)
    ) { invocation in
        guard let output = invocation.arguments.value("output") else {
            throw CommandFailure("cowardly refusing to save to a terminal. Use the -o flag or redirect", hint: "in layerlab, write the archive into your workspace: docker save -o image.tar IMAGE", exitStatus: 1)
        }
        let path = try invocation.context.workspace.resolve(output, for: "docker save")
        // Written beside the target and renamed into place, so a full disk never leaves half an archive.
        let partial = path.url.deletingLastPathComponent().appendingPathComponent(".\(path.url.lastPathComponent).partial-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil), let handle = FileHandle(forWritingAtPath: partial.path) else {
            throw CommandFailure("failed to save image: open \(output): no such file or directory", exitStatus: 1)
        }
        var failure: (any Error)?
        do {
            try invocation.engine.save(invocation.arguments.operands) { chunk in
                guard failure == nil else { return }
                do { try handle.write(contentsOf: Data(chunk)) } catch { failure = error }
            }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        if let failure {
            try? FileManager.default.removeItem(at: partial)
            let outOfSpace = (failure as? CocoaError)?.code == .fileWriteOutOfSpace || (failure as NSError).code == Int(ENOSPC)
            let reason = outOfSpace ? "no space left on device" : failure.localizedDescription
            throw CommandFailure("failed to save image: write \(output): \(reason)", hint: "free some disk space and try again; nothing was written", exitStatus: 1)
        }
        guard rename(partial.path, path.url.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw CommandFailure("failed to save image: rename \(output): \(String(cString: strerror(errno)))", exitStatus: 1)
        }
        return 0
    }

    static let load = DockerSubcommand(
        names: [["load"], ["image", "load"]],
        usage: "docker load [OPTIONS]",
        summary: "Load an image from a tar archive or STDIN",
        flags: [
            FlagSpec(long: "input", short: "i", takesValue: true, help: "Read from tar archive file, instead of STDIN"),
            FlagSpec(long: "quiet", short: "q", takesValue: false, help: "Suppress the load output"),
        ],
        arity: .none
    ) { invocation in
        guard let input = invocation.arguments.value("input") else {
            throw CommandFailure("requested load from stdin, but stdin is empty", hint: "give the archive in your workspace: docker load -i image.tar", exitStatus: 1)
        }
        let path = try invocation.context.workspace.resolve(input, for: "docker load")
        guard let data = FileManager.default.contents(atPath: path.url.path) else {
            throw CommandFailure("open \(input): no such file or directory", exitStatus: 1)
        }
        for line in try invocation.engine.load(data) { invocation.io.print(line) }
        return 0
    }

    static let systemDF = DockerSubcommand(
        names: [["system", "df"]],
        usage: "docker system df [OPTIONS]",
        summary: "Show docker disk usage",
        flags: [FlagSpec(long: "format", short: nil, takesValue: true, help: "Format output using a custom template")],
        arity: .none,
        readsOnly: true
    ) { invocation in
        let usage = try invocation.engine.diskUsage()
        // What docker/cli v28.2.2 works out from the daemon's answer (cli/command/formatter/disk_usage.go):
        // an image is active when a container uses it, and what active images alone hold is not
        // reclaimable; a container is active while it runs; a share only when there is a total.
        func reclaimable(_ part: Int64, of whole: Int64) -> String {
            whole > 0 ? "\(DockerFormat.size(part, precision: 4)) (\(part * 100 / whole)%)" : DockerFormat.size(part, precision: 4)
        }
        func row(_ type: String, _ total: Int, _ active: Int, _ size: Int64, _ reclaimable: String) -> [String: String] {
            ["Type": type, "TotalCount": String(total), "Active": String(active), "Size": DockerFormat.size(size, precision: 4), "Reclaimable": reclaimable]
        }
        let activeImages = usage.images.filter { $0.containers > 0 }
        let heldByActiveImages = usage.images.filter { $0.containers != 0 && $0.size != -1 && $0.sharedSize != -1 }
            .reduce(Int64(0)) { $0 + $1.size - $1.sharedSize }
        let activeContainers = usage.containers.filter { ["running", "paused", "restarting"].contains($0.state) }
        let containerTotal = usage.containers.reduce(Int64(0)) { $0 + $1.sizeRw }
        let containerReclaimable = containerTotal - activeContainers.reduce(Int64(0)) { $0 + $1.sizeRw }
        // A volume is active while a container mounts it; what the others hold is reclaimable.
        let activeVolumes = usage.volumes.filter { $0.containers > 0 }
        let volumeTotal = usage.volumes.reduce(Int64(0)) { $0 + $1.size }
        let volumeReclaimable = volumeTotal - activeVolumes.reduce(Int64(0)) { $0 + $1.size }
        let rows = [
            row("Images", usage.images.count, activeImages.count, usage.layersSize, reclaimable(usage.layersSize - heldByActiveImages, of: usage.layersSize)),
            row("Containers", usage.containers.count, activeContainers.count, containerTotal, reclaimable(containerReclaimable, of: containerTotal)),
            row("Local Volumes", usage.volumes.count, activeVolumes.count, volumeTotal, reclaimable(volumeReclaimable, of: volumeTotal)),
            // Nothing is in use between builds: all the cache holds on its own is reclaimable (no share shown).
            row("Build Cache", usage.buildCache.count, 0, BuildCacheRecord.size(of: usage.buildCache),
                DockerFormat.size(BuildCacheRecord.size(of: usage.buildCache), precision: 4)),
        ]
        // The columns and fields of docker/cli's disk-usage formatter (cli/command/formatter/disk_usage.go).
        let columns: [ListingFormat.Column] = [
            .init(field: "Type", header: "TYPE"), .init(field: "TotalCount", header: "TOTAL"), .init(field: "Active", header: "ACTIVE"),
            .init(field: "Size", header: "SIZE"), .init(field: "Reclaimable", header: "RECLAIMABLE"),
        ]
        let format = ListingFormat(
            headers: Dictionary(uniqueKeysWithValues: columns.map { ($0.field, $0.header) }), structName: "formatter.diskUsageImagesContext"
        )
        try format.write(rows, defaultColumns: columns, format: invocation.arguments.value("format"), io: invocation.io)
        return 0
    }
}
