import Engine
import Shell

/// What each prune removes and reports, as docker/cli's pruners do: `docker container prune`,
/// `docker volume prune`, `docker image prune`, `docker builder prune` and `docker system prune`
/// (each in turn) print each one's lines, then the space reclaimed in all.
enum Pruner {
    case containers
    /// Volumes no container mounts: anonymous ones, or with `all` every one.
    case volumes(all: Bool)
    case images(all: Bool)
    /// Dangling records (whose layer no image keeps), or with `all` every record.
    case buildCache(all: Bool)

    /// Removes what this pruner removes; the lines to print (empty when nothing went) and the bytes freed.
    func run(_ engine: Engine) throws -> (lines: [String], reclaimed: Int64) {
        switch self {
        case .containers:
            let report = try engine.pruneContainers()
            return (Self.section("Deleted Containers:", report.deleted), report.spaceReclaimed)
        case .volumes(let all):
            let report = try engine.pruneVolumes(all: all)
            return (Self.section("Deleted Volumes:", report.deleted), report.spaceReclaimed)
        case .images(let all):
            let report = try engine.pruneImages(all: all)
            return (Self.section("Deleted Images:", report.deleted.map(\.pruneText)), report.spaceReclaimed)
        case .buildCache(let all):
            let report = engine.buildCache.prune(all: all)
            return (Self.section("Deleted build cache objects:", report.deleted), report.spaceReclaimed)
        }
    }

    /// A heading, its lines and a blank line; nothing when there are no lines.
    static func section(_ heading: String, _ lines: [String]) -> [String] {
        lines.isEmpty ? [] : [heading] + lines + [""]
    }

    /// Runs the pruners in order and prints what they report and the total.
    static func run(_ pruners: [Pruner], invocation: DockerInvocation) throws -> Int32 {
        var reclaimed: Int64 = 0
        for pruner in pruners {
            let result = try pruner.run(invocation.engine)
            result.lines.forEach { invocation.io.print($0) }
            reclaimed += result.reclaimed
        }
        invocation.io.print("Total reclaimed space: \(DockerFormat.size(reclaimed, precision: 4))")
        return 0
    }
}
