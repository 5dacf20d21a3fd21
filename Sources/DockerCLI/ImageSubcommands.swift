import Engine
import Foundation
import GoSemantics
import ImageModel
import LayerlabBasics
import Shell

/// `docker images`, `pull`, `history`, `image inspect`, `tag`, `rmi`, `image prune`.
enum ImageSubcommands {
    static var all: [DockerSubcommand] {
        [images, pull, history, inspect, tag, rmi, prune]
    }

    /// Parses an image name the learner typed, with Docker's message when it is not one.
    static func reference(_ text: String) throws(ImageReferenceError) -> ImageReference {
        try ImageReference.parse(text)
    }

    static let images = DockerSubcommand(
        names: [["images"], ["image", "ls"], ["image", "list"]],
        usage: "docker images [OPTIONS] [REPOSITORY[:TAG]]",
        summary: "List images",
        flags: [
            FlagSpec(long: "all", short: "a", takesValue: false, help: "Show all images (default hides intermediate images)"),
            FlagSpec(long: "digests", short: nil, takesValue: false, help: "Show digests"),
            FlagSpec(long: "filter", short: "f", takesValue: true, help: "Filter output based on conditions provided"),
            FlagSpec(long: "format", short: nil, takesValue: true, help: "Format output using a custom template"),
            FlagSpec(long: "no-trunc", short: nil, takesValue: false, help: "Don't truncate output"),
            FlagSpec(long: "quiet", short: "q", takesValue: false, help: "Only show image IDs"),
        ],
        arity: .atMost(1),
        readsOnly: true
    ) { invocation in
        let arguments = invocation.arguments
        var filter = try ImageListFilter(FilterFlag.pairs(arguments.values("filter")))
        // The CLI sends the operand as a reference filter, a pattern the daemon matches (so `alp*` works).
        if let wanted = arguments.operands.first { filter.addReferencePattern(wanted) }
        let format = arguments.value("format")
        var rows: [[String: String]] = []
        // A template that shows digests gets a row per digest, as --digests does.
        let showDigests = arguments.has("digests") || format?.contains(".Digest") == true
        for summary in try invocation.engine.listImages(filter: filter, all: arguments.has("all")) {
            let size = DockerFormat.size(summary.size)
            let created = summary.created == 0 ? nil : Date(timeIntervalSince1970: TimeInterval(summary.created))
            let fields = [
                "ID": arguments.has("no-trunc") ? summary.id : String(summary.id.dropFirst("sha256:".count).prefix(12)),
                "CreatedSince": DockerFormat.ago(created, now: invocation.now),
                "CreatedAt": created.map(GoTime.string) ?? "",
                "Size": size, "VirtualSize": size, "SharedSize": "N/A", "UniqueSize": "N/A", "Containers": "N/A",
            ]
            func addRows(repository: String, tag: String, digests: [String]) {
                for digest in showDigests && !digests.isEmpty ? digests : ["<none>"] {
                    rows.append(fields.merging(["Repository": repository, "Tag": tag, "Digest": digest]) { $1 })
                }
            }
            // Rows as the Docker CLI makes them from a summary: one per tag (per tag and digest with
            // --digests), then one for each repository known only by digest, with TAG <none>.
            var digestsByRepository: [String: [String]] = [:]
            for repoDigest in summary.repoDigests {
                let parts = repoDigest.split(separator: "@", maxSplits: 1).map(String.init)
                if parts.count == 2 { digestsByRepository[parts[0], default: []].append(parts[1]) }
            }
            let tags = summary.repoTags.map(Self.repositoryAndTag)
            if tags.isEmpty && digestsByRepository.isEmpty {
                addRows(repository: "<none>", tag: "<none>", digests: [])
                continue
            }
            for (repository, tag) in tags {
                addRows(repository: repository, tag: tag, digests: digestsByRepository[repository] ?? [])
            }
            for (repository, digests) in digestsByRepository.sorted(by: { $0.key < $1.key }) where !tags.contains(where: { $0.repository == repository }) {
                addRows(repository: repository, tag: "<none>", digests: digests)
            }
        }
        if arguments.has("quiet") {
            invocation.io.write(rows.map { ($0["ID"] ?? "") + "\n" }.joined())
            return 0
        }
        let columns = [ListingFormat.Column(field: "Repository", header: "REPOSITORY"), .init(field: "Tag", header: "TAG")]
            + (arguments.has("digests") ? [.init(field: "Digest", header: "DIGEST")] : [])
            + [.init(field: "ID", header: "IMAGE ID"), .init(field: "CreatedSince", header: "CREATED"), .init(field: "Size", header: "SIZE")]
        try imageListing.write(rows, defaultColumns: columns, format: format, io: invocation.io)
        return 0
    }

    /// `localhost:5000/app:1.0` → (`localhost:5000/app`, `1.0`): the tag follows the last colon after the last slash.
    static func repositoryAndTag(_ familiar: String) -> (repository: String, tag: String) {
        let slash = familiar.lastIndex(of: "/") ?? familiar.startIndex
        guard let colon = familiar[slash...].lastIndex(of: ":") else { return (familiar, "<none>") }
        return (String(familiar[..<colon]), String(familiar[familiar.index(after: colon)...]))
    }

    static let imageListing = ListingFormat(headers: [
        "ID": "IMAGE ID", "Repository": "REPOSITORY", "Tag": "TAG", "Digest": "DIGEST", "CreatedSince": "CREATED",
        "CreatedAt": "CREATED AT", "Size": "SIZE", "VirtualSize": "SIZE", "SharedSize": "SHARED SIZE",
        "UniqueSize": "UNIQUE SIZE", "Containers": "CONTAINERS",
    ], structName: "*formatter.imageContext")

    static let pull = DockerSubcommand(
        names: [["pull"], ["image", "pull"]],
        usage: "docker pull [OPTIONS] NAME[:TAG|@DIGEST]",
        summary: "Download an image from a registry",
        flags: [
            FlagSpec(long: "quiet", short: "q", takesValue: false, help: "Suppress verbose output"),
            FlagSpec(long: "platform", short: nil, takesValue: true, help: "Set platform if server is multi-platform capable"),
        ],
        arity: .exactly(1)
    ) { invocation in
        let typed = invocation.arguments.operands[0]
        let parsed = try reference(typed)
        let io = invocation.io
        let quiet = invocation.arguments.has("quiet")
        if let platform = invocation.arguments.value("platform"), platform != "linux/amd64" {
            throw EngineError.unsupported("pulling for platform \(platform) (layerlab simulates linux/amd64)")
        }
        if parsed.tag == nil && parsed.digest == nil && !quiet { io.print("Using default tag: latest") }
        let report = try invocation.engine.pull(parsed, credentials: RegistrySubcommands.credentials(invocation).credentials(for: parsed.domain))
        if !quiet {
            PullOutput.write(report.messages, to: io, onTerminal: invocation.context.style.isTerminal)
        }
        io.print(report.reference.description)
        return 0
    }

    static let history = DockerSubcommand(
        names: [["history"], ["image", "history"]],
        usage: "docker history [OPTIONS] IMAGE",
        summary: "Show the history of an image",
        flags: [
            FlagSpec(long: "format", short: nil, takesValue: true, help: "Format output using a custom template"),
            FlagSpec(long: "human", short: "H", takesValue: true, help: "Print sizes and dates in human readable format (default true)"),
            FlagSpec(long: "no-trunc", short: nil, takesValue: false, help: "Don't truncate output"),
            FlagSpec(long: "quiet", short: "q", takesValue: false, help: "Only show image IDs"),
        ],
        arity: .exactly(1),
        readsOnly: true
    ) { invocation in
        let items = try invocation.engine.history(of: invocation.arguments.operands[0])
        let noTrunc = invocation.arguments.has("no-trunc")
        let human = invocation.arguments.value("human").map { $0 != "false" } ?? true
        let rows: [[String: String]] = items.map { item in
            // As the CLI shows the daemon's rows: times from the seconds it gives, IDs cut to 12 hex characters.
            let created = Date(timeIntervalSince1970: TimeInterval(item.created))
            let createdBy = item.createdBy.replacingOccurrences(of: "\t", with: " ")
            return [
                "ID": item.id == "<missing>" || noTrunc ? item.id : String(item.id.dropFirst("sha256:".count).prefix(12)),
                "CreatedSince": human ? DockerFormat.ago(created, now: invocation.now) : GoTime.rfc3339Nano(created),
                "CreatedAt": GoTime.rfc3339Nano(created),
                "CreatedBy": noTrunc ? createdBy : DockerFormat.ellipsis(createdBy, 45),
                "Size": human ? DockerFormat.size(item.size) : String(item.size),
                "Comment": item.comment,
            ]
        }
        if invocation.arguments.has("quiet") {
            invocation.io.write(rows.map { ($0["ID"] ?? "") + "\n" }.joined())
            return 0
        }
        let columns: [ListingFormat.Column] = [
            .init(field: "ID", header: "IMAGE"), .init(field: "CreatedSince", header: "CREATED"), .init(field: "CreatedBy", header: "CREATED BY"),
            .init(field: "Size", header: "SIZE"), .init(field: "Comment", header: "COMMENT"),
        ]
        try historyListing.write(rows, defaultColumns: columns, format: invocation.arguments.value("format"), io: invocation.io)
        return 0
    }

    static let historyListing = ListingFormat(headers: [
        "ID": "IMAGE", "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "CreatedBy": "CREATED BY", "Size": "SIZE", "Comment": "COMMENT",
    ], structName: "*image.historyContext")

    static let inspect = DockerSubcommand(
        names: [["image", "inspect"]],
        usage: "docker image inspect [OPTIONS] IMAGE [IMAGE...]",
        summary: "Display detailed information on one or more images",
        flags: [FlagSpec(long: "format", short: "f", takesValue: true, help: "Format output using a custom template")],
        arity: .atLeast(1),
        readsOnly: true
    ) { invocation in
        try InspectOutput.run(invocation) { name throws(EngineError) in try invocation.engine.inspectImage(name) }
    }

    static let tag = DockerSubcommand(
        names: [["tag"], ["image", "tag"]],
        usage: "docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        summary: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        arity: .exactly(2)
    ) { invocation in
        let target = invocation.arguments.operands[1]
        let parsed: ImageReference
        do {
            parsed = try reference(target)
        } catch let error as ImageReferenceError {
            throw EngineError.invalidReference(target, error.message)
        }
        if parsed.digest != nil { throw CommandFailure("refusing to create a tag with a digest reference", exitStatus: 1) }
        try invocation.engine.tag(source: invocation.arguments.operands[0], target: parsed)
        return 0
    }

    static let rmi = DockerSubcommand(
        names: [["rmi"], ["image", "rm"], ["image", "remove"]],
        usage: "docker rmi [OPTIONS] IMAGE [IMAGE...]",
        summary: "Remove one or more images",
        flags: [
            FlagSpec(long: "force", short: "f", takesValue: false, help: "Force removal of the image"),
            FlagSpec(long: "no-prune", short: nil, takesValue: false, help: "Do not delete untagged parents"),
        ],
        arity: .atLeast(1)
    ) { invocation in
        var status: Int32 = 0
        for name in invocation.arguments.operands {
            do {
                let lines = try invocation.engine.remove(name, force: invocation.arguments.has("force"))
                for line in lines { invocation.io.print(line.text) }
            } catch let error as EngineError {
                invocation.io.printError(DaemonFailure(error).message)
                status = 1
            }
        }
        return status
    }

    static let prune = DockerSubcommand(
        names: [["image", "prune"]],
        usage: "docker image prune [OPTIONS]",
        summary: "Remove unused images",
        flags: [
            FlagSpec(long: "all", short: "a", takesValue: false, help: "Remove all unused images, not just dangling ones"),
            FlagSpec(long: "force", short: "f", takesValue: false, help: "Do not prompt for confirmation"),
        ],
        arity: .none
    ) { invocation in
        let all = invocation.arguments.has("all")
        let warning = (all ? "WARNING! This will remove all images without at least one container associated to them." : "WARNING! This will remove all dangling images.")
            + "\nAre you sure you want to continue?"
        guard invocation.confirmed(warning) else { return 0 }
        return try Pruner.run([.images(all: all)], invocation: invocation)
    }
}

extension RemovalLine {
    /// As `docker rmi` prints it.
    var text: String {
        switch self {
        case .untagged(let name): "Untagged: \(name)"
        case .deleted(let digest): "Deleted: \(digest)"
        }
    }

    /// As the prunes print it (docker/cli writes these in lower case).
    var pruneText: String {
        switch self {
        case .untagged(let name): "untagged: \(name)"
        case .deleted(let digest): "deleted: \(digest)"
        }
    }
}
