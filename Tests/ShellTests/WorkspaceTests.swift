import Foundation
import LayerlabTestSupport
import Shell
import Testing

@Suite struct WorkspaceTests {
    let home = TemporaryHome()

    func makeWorkspace() throws -> Workspace {
        try Workspace(root: home.home.workspaceURL)
    }

    @Test func resolvesRelativeAbsoluteAndTildePaths() throws {
        var workspace = try makeWorkspace()
        try FileManager.default.createDirectory(at: workspace.root.appendingPathComponent("app"), withIntermediateDirectories: true)
        try workspace.changeDirectory(to: "app")
        #expect(try workspace.resolve("main.py").display == "/workspace/app/main.py")
        #expect(try workspace.resolve("../x").display == "/workspace/x")
        #expect(try workspace.resolve("/workspace/y").display == "/workspace/y")
        #expect(try workspace.resolve("~/z").display == "/workspace/z")
        #expect(try workspace.resolve("./a/./b/..").components == ["app", "a"])
    }

    @Test(arguments: ["..", "../..", "/etc/passwd", "/workspacex", "/", "a/../../b"])
    func refusesPathsOutside(_ typed: String) throws {
        let workspace = try makeWorkspace()
        #expect(throws: WorkspaceError.outsideWorkspace(typed)) { try workspace.resolve(typed) }
    }

    @Test func refusesSymlinksThatLeadOutside() throws {
        let workspace = try makeWorkspace()
        let outside = home.url.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: workspace.root.appendingPathComponent("escape"), withDestinationURL: outside)
        #expect(throws: WorkspaceError.symlinkOutside("escape/secret")) { try workspace.resolve("escape/secret") }
        #expect(throws: WorkspaceError.symlinkOutside("escape")) { try workspace.resolve("escape") }
    }

    /// A dangling link to a file outside (absolute or `../../…`) used to pass, and a write through it
    /// created the file outside the workspace; a planted Dockerfile link read a host file.
    /// A link copied out of a container (alpine's `/bin/ash -> /bin/busybox`) points out of the
    /// workspace: it cannot be read through, but it can be removed or renamed like any file.
    @Test func aLinkOutCanBeRemovedOrRenamedButNotFollowed() throws {
        let workspace = try makeWorkspace()
        let outside = home.url.appendingPathComponent("outside-\(UUID().uuidString).txt")
        try Data("host".utf8).write(to: outside)
        for name in ["one", "two"] {
            try FileManager.default.createSymbolicLink(atPath: workspace.root.appendingPathComponent(name).path, withDestinationPath: outside.path)
        }
        let (transcript, _) = try home.run(["cat one", "rm one", "mv two renamed"])
        #expect(!transcript.contains("host"), "no host file was read")
        #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("one").path))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: workspace.root.appendingPathComponent("renamed").path)) == outside.path)
        #expect(try String(contentsOf: outside, encoding: .utf8) == "host", "the file it pointed to is untouched")
    }

    @Test func allowsSymlinksThatStayInside() throws {
        let workspace = try makeWorkspace()
        try FileManager.default.createDirectory(at: workspace.root.appendingPathComponent("real"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: workspace.root.appendingPathComponent("link").path, withDestinationPath: "real")
        #expect(try workspace.resolve("link/file").components == ["link", "file"])
    }

    @Test func completesPathsWithFoldersMarked() throws {
        let workspace = try makeWorkspace()
        try FileManager.default.createDirectory(at: workspace.root.appendingPathComponent("app/src"), withIntermediateDirectories: true)
        try Data().write(to: workspace.root.appendingPathComponent("app/app.py"))
        #expect(workspace.pathCompletions(for: "") == ["app/"])
        #expect(workspace.pathCompletions(for: "app/") == ["app/app.py", "app/src/"])
        #expect(workspace.pathCompletions(for: "../") == [])
    }
}
