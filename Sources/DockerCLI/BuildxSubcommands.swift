import Engine
import Foundation
import GoSemantics
import Shell

/// `docker buildx ls` and `docker buildx du` (`buildx build` is the build command's own name): the
/// Docker engine's built-in builder, as buildx v0.24.0 (Docker 28.2's) shows it.
enum BuildxSubcommands {
    static var all: [DockerSubcommand] { [ls, du] }

    /// The BuildKit that moby v28.2.2 vendors (vendor.mod: github.com/moby/buildkit v0.22.0), and the
    /// platforms its worker reports on an x86-64 machine.
    static let buildKitVersion = "v0.22.0"
    static let platforms = ["linux/amd64", "linux/amd64/v2", "linux/amd64/v3", "linux/386"]

    /// buildx v0.24.0 commands/ls.go: the builder, then its node indented with ` \_ `; the docker
    /// driver's builder is named after the Docker context, `default`, and is the current one.
    static let ls = DockerSubcommand(
        names: [["buildx", "ls"]],
        usage: "docker buildx ls",
        summary: "List builder instances",
        flags: [],
        arity: .none,
        readsOnly: true
    ) { invocation in
        let rows = [
            ["NAME/NODE", "DRIVER/ENDPOINT", "STATUS", "BUILDKIT", "PLATFORMS"],
            ["default*", "docker", "", "", ""],
            [" \\_ default", " \\_ default", "running", buildKitVersion, platforms.joined(separator: ", ")],
        ]
        invocation.io.write(DockerFormat.table(rows))
        return 0
    }

    /// buildx v0.24.0 commands/diskusage.go: each record (`*` after the size of a shared one), then
    /// the totals, through a tab-padded writer (`tabwriter.NewWriter(os.Stdout, 1, 8, 1, '\t', 0)`).
    static let du = DockerSubcommand(
        names: [["buildx", "du"]],
        usage: "docker buildx du",
        summary: "Disk usage",
        flags: [FlagSpec(long: "verbose", short: nil, takesValue: false, help: "Provide a more verbose output")],
        arity: .none,
        readsOnly: true
    ) { invocation in
        let records = invocation.engine.buildCache.records
        let now = invocation.context.clock.now
        let writer = GoTabWriter(minWidth: 1, padding: 1, tabWidth: 8)
        func size(_ bytes: Int64) -> String { DockerFormat.size(bytes, precision: 4) }
        var text = ""
        if invocation.arguments.has("verbose") {
            for record in records {
                text += writer.format("""
                    ID:\t\(record.id)
                    Created at:\t\(GoTime.string(record.created))
                    Mutable:\tfalse
                    Reclaimable:\ttrue
                    Shared:\t\(record.shared)
                    Size:\t\(size(record.size))

                    """ + (record.description.isEmpty ? "" : "Description:\t\(record.description)\n") + """
                    Usage count:\t1
                    Last used:\t\(GoUnits.humanDuration(now.timeIntervalSince(record.lastUsed))) ago
                    Type:\t\(record.kind.rawValue)


                    """)
            }
        } else {
            var table = "ID\tRECLAIMABLE\tSIZE\tLAST ACCESSED\n"
            for record in records {
                let shown = size(record.size) + (record.shared ? "*" : "")
                table += record.id.padding(toLength: max(40, record.id.count), withPad: " ", startingAt: 0) + "\ttrue \t"
                    + shown.padding(toLength: max(10, shown.count), withPad: " ", startingAt: 0) + "\t"
                    + GoUnits.humanDuration(now.timeIntervalSince(record.lastUsed)) + " ago\n"
            }
            text += writer.format(table)
        }
        // Every record is reclaimable between builds (none is in use).
        let total = records.filter { $0.size > 0 }.reduce(Int64(0)) { $0 + $1.size }
        let shared = records.filter(\.shared).reduce(Int64(0)) { $0 + $1.size }
        var summary = shared > 0 ? "Shared:\t\(size(shared))\nPrivate:\t\(size(total - shared))\n" : ""
        summary += "Reclaimable:\t\(size(total))\nTotal:\t\(size(total))\n"
        invocation.io.write(text + writer.format(summary))
        return 0
    }
}
