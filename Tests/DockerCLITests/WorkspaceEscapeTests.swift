import Foundation
import LayerlabBasics
import LayerlabSession
import LayerlabTestSupport
import Shell
import Testing

/// Docker commands that read or write the workspace never follow a link out of it.
@Suite struct WorkspaceEscapeTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    func makeWorkspace() throws -> Workspace {
        try Workspace(root: home.home.workspaceURL)
    }

    @Test func refusesDanglingLinksOutAndWritesAndBuildsThroughThem() throws {
        let workspace = try makeWorkspace()
        let target = home.url.appendingPathComponent("outside-\(UUID().uuidString).txt")
        try FileManager.default.createSymbolicLink(atPath: workspace.root.appendingPathComponent("planted").path, withDestinationPath: target.path)
        try FileManager.default.createSymbolicLink(atPath: workspace.root.appendingPathComponent("relative").path, withDestinationPath: "../../x-\(UUID().uuidString)")
        #expect(throws: WorkspaceError.symlinkOutside("planted")) { try workspace.resolve("planted") }
        #expect(throws: WorkspaceError.symlinkOutside("relative")) { try workspace.resolve("relative") }
        let app = workspace.root.appendingPathComponent("app")
        try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: app.appendingPathComponent("Dockerfile").path, withDestinationPath: "/etc/passwd")
        let (transcript, _) = try home.run(["echo secret > planted", "docker build -t x app", "cat app/Dockerfile"])
        #expect(!FileManager.default.fileExists(atPath: target.path), "nothing was written outside")
        #expect(!transcript.contains("root:x:0:0"), "no host file was read")
        // A link that stays inside, dangling or not, is still followed.
        try FileManager.default.createSymbolicLink(atPath: workspace.root.appendingPathComponent("inside").path, withDestinationPath: "app/new.txt")
        #expect(try workspace.resolve("inside").components == ["inside"])
    }

    /// A link an earlier copy left in the workspace (pointing out of it) was followed when a later
    /// `docker cp` made a folder of the same name: the files landed outside.
    @Test func dockerCpReplacesALinkInItsWayInsteadOfWritingThroughIt() throws {
        let workspace = try makeWorkspace()
        let outside = home.url.appendingPathComponent("outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: workspace.root.appendingPathComponent("d"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: workspace.root.appendingPathComponent("d/sub").path, withDestinationPath: outside.path)
        let (transcript, _) = try home.run([
            "docker run --name src alpine:3.20 sh -c 'mkdir -p /d/sub && echo planted > /d/sub/x'",
            "docker cp src:/d .",
        ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty, "\(transcript)")
        #expect(try String(contentsOf: workspace.root.appendingPathComponent("d/sub/x"), encoding: .utf8) == "planted\n")
    }

    /// A copy onto a link that leads nowhere is made where the link points, as docker/cli v28.2.2
    /// cp.go does (copyToContainer follows the destination's LinkTarget); the link stays a link.
    @Test func dockerCpOntoALinkToAMissingFileWritesWhereItPoints() throws {
        let (transcript, _) = try home.run([
            "docker run --name box alpine:3.20 ln -s /tmp/missing /link",
            "echo hi > f",
            "docker cp f box:/link",
            "docker cp box:/tmp/missing out",
            "cat out",
            "docker cp box:/link link-copy",
        ])
        #expect(transcript.contains("$ cat out\nhi\n"), "\(transcript)")
        #expect(ContainedPath.isLink(home.url.appendingPathComponent("workspace/link-copy").path), "\(transcript)")
    }
}
