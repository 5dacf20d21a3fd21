import Dockerfile
import GoSemantics

/// What a build takes from its context, as BuildKit's Dockerfile frontend works it out before anything
/// runs (buildkit v0.22.0 frontend/dockerfile/dockerfile2llb/convert.go: `dispatch` marks each stage's
/// `ctxPaths`, `normalizeContextPaths` turns them into `llb.FollowPaths`): the sources of COPY and ADD
/// without `--from` and what `RUN --mount` binds, after variable expansion, in the stages the target
/// needs, ONBUILD triggers included.
struct ContextPaths: Equatable {
    /// Each path as BuildKit keys it: `path.Join("/", source)`.
    private(set) var paths: Set<String> = []
    /// Whether an instruction reads the context, so that BuildKit loads it at all (`[internal] load
    /// build context`). A URL or git ADD, a heredoc COPY and a tmpfs mount do not.
    private(set) var isRead = false

    init(_ instructions: [Instruction]) {
        for instruction in instructions {
            switch instruction {
            case .copy(let copy) where copy.from == nil:
                for source in copy.paths.sources { mark(source, reads: true) }
            case .add(let add):
                // dispatch marks every ADD source but an http(s) URL; a git source is cloned, not read
                // from the context.
                for source in add.paths.sources where !source.hasPrefix("http://") && !source.hasPrefix("https://") {
                    mark(source, reads: !source.hasPrefix("git@") && !source.hasPrefix("git://"))
                }
            case .run(let run):
                for mount in run.mounts.map(RunMount.init) {
                    if let path = mount.contextPath { mark(path, reads: mount.readsContext) }
                }
            default:
                break
            }
        }
    }

    private mutating func mark(_ source: String, reads: Bool) {
        paths.insert(GoFilepath.clean("/" + source))
        if reads { isRead = true }
    }

    /// What the context transfer follows, relative to the context and sorted; nil when BuildKit sends it
    /// whole (one of the paths is its root, as for `COPY . .`).
    var followed: [String]? {
        guard !paths.isEmpty, !paths.contains("/") else { return nil }
        return paths.map { String($0.dropFirst()) }.sorted()
    }
}
