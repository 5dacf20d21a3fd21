@testable import Builder
import Dockerfile
import Foundation
import LayerStore
import Testing

/// Which part of the context BuildKit asks the client for, and what the client then sends.
@Suite struct ContextTransferTests {
    func instructions(_ text: String) throws -> [Instruction] {
        try DockerfileProgram.parse(text).stages.flatMap(\.instructions).map(\.instruction)
    }

    /// buildkit v0.22.0 dockerfile2llb/convert.go: `dispatch` marks COPY and ADD sources (not http(s)
    /// ADD sources, not `--from`) as `ctxPaths`; normalizeContextPaths drops the filter when one is `/`.
    /// convert_runmount.go marks a bind (or tmpfs) mount without `from`.
    @Test func theFollowedPathsAreWhatCopyAddAndMountsName() throws {
        let copies = try ContextPaths(instructions("FROM scratch\nCOPY app.py /app/\nADD ./lib/ /lib/\n"))
        #expect(copies.isRead && copies.followed == ["app.py", "lib"])
        let everything = try ContextPaths(instructions("FROM scratch\nCOPY . .\nCOPY app.py /\n"))
        #expect(everything.followed == nil, "`.` is the whole context")
        let fromStage = try ContextPaths(instructions("FROM alpine AS build\nFROM scratch\nCOPY --from=build /x /x\n"))
        #expect(!fromStage.isRead && fromStage.followed == nil)
        let url = try ContextPaths(instructions("FROM scratch\nADD https://example.com/a.tar.gz /\n"))
        #expect(!url.isRead, "an ADD of a URL does not load the context")
        let mount = try ContextPaths(instructions("FROM alpine\nRUN --mount=type=bind,source=src,target=/src make\n"))
        #expect(mount.isRead && mount.followed == ["src"])
        let cache = try ContextPaths(instructions("FROM alpine\nRUN --mount=type=cache,target=/root/.cache pip install x\n"))
        #expect(!cache.isRead && cache.paths.isEmpty)
    }

    static let files: [String: BuildContext.File] = {
        var files: [String: BuildContext.File] = [:]
        for folder in ["src", "src/deep"] { files[folder] = BuildContext.File(path: folder, isDirectory: true, mode: 0o755, content: .bytes(Data())) }
        for file in ["top.py", "src/a.py", "src/deep/b.py", "v1.txt", "v2.txt", "model.bin"] {
            files[file] = BuildContext.File(path: file, isDirectory: false, mode: 0o644, content: .bytes(Data(file.utf8)))
        }
        files["current.txt"] = BuildContext.File(path: "current.txt", isDirectory: false, mode: 0o777, content: .bytes(Data()), linkTarget: "v2.txt")
        files["everything"] = BuildContext.File(path: "everything", isDirectory: false, mode: 0o777, content: .bytes(Data()), linkTarget: "/")
        return files
    }()

    /// tonistiigi/fsutil (as BuildKit v0.22.0 uses it): filter.go turns the followed paths into include
    /// patterns (moby/patternmatcher: `*` stops at `/`, a matched folder brings what is under it) after
    /// followlinks.go's FollowLinks has added each link's target; the walk sends the folders above.
    @Test func theClientSendsTheFollowedPathsTheirContentsAndLinkTargets() {
        let context = BuildContext(files: Self.files)
        #expect(context.sentPaths(following: ["current.txt"]) == ["current.txt", "v2.txt"])
        #expect(context.sentPaths(following: ["*.py"]) == ["top.py"])
        #expect(context.sentPaths(following: ["src"]) == ["src", "src/a.py", "src/deep", "src/deep/b.py"])
        #expect(context.sentPaths(following: ["src/deep/b.py"]) == ["src", "src/deep", "src/deep/b.py"])
        #expect(context.sentPaths(following: ["src/*/b.py"]) == ["src", "src/deep", "src/deep/b.py"])
        #expect(context.followingLinks(["everything"]) == nil, "a link to the root sends everything")
        #expect(context.sentPaths(following: ["missing.txt"]).isEmpty)
    }
}
