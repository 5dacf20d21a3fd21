import LayerStore
import Testing

@Suite struct ContainerFileSystemTests {
    static let baseLayer = Layer(changes: [
        .put(.directory("/etc")), .put(.file("/etc/a.conf", .text("a"))), .put(.file("/etc/b.conf", .text("b"))),
        .put(.directory("/var/cache")), .put(.file("/var/cache/x", .text("x"))),
        .put(.symlink("/etc/link", to: "a.conf")),
    ])
    let base = UnionView(layers: [baseLayer])

    @Test func writesCopyUpAndLeaveTheLowerLayerAlone() {
        var fs = ContainerFileSystem(lower: base)
        fs.write(.file("/etc/a.conf", .text("changed")))
        #expect(fs.entry(at: "/etc/a.conf")?.kind == .file(.text("changed")))
        #expect(base.resolve("/etc/a.conf")?.entry.kind == .file(.text("a")))
        #expect(fs.diff.map { "\($0.kind) \($0.path)" } == ["C /etc", "C /etc/a.conf"])
    }

    @Test func deletingALowerPathLeavesAWhiteout() {
        var fs = ContainerFileSystem(lower: base)
        fs.remove("/etc/b.conf")
        #expect(fs.entry(at: "/etc/b.conf") == nil)
        #expect(fs.children(of: "/etc") == ["a.conf", "link"])
        #expect(fs.changes.changes == [.delete("/etc/b.conf")])
    }

    @Test func recreatingADeletedDirectoryDoesNotBringBackItsFiles() {
        var fs = ContainerFileSystem(lower: base)
        fs.remove("/var/cache")
        fs.write(.directory("/var/cache"))
        #expect(fs.children(of: "/var/cache").isEmpty)
        #expect(fs.changes.changes.first == .opaque("/var/cache"))
        let restored = ContainerFileSystem(lower: base, changes: fs.changes)
        #expect(restored.children(of: "/var/cache").isEmpty)
        // Committed as a layer, the opaque directory hides the old files for every later reader too.
        let committed = UnionView(layers: [Self.baseLayer, fs.changes])
        #expect(committed.resolve("/var/cache") != nil && committed.children(of: "/var/cache").isEmpty)
    }

    @Test func addingAndThenRemovingAFileLeavesNoTrace() {
        var fs = ContainerFileSystem(lower: base)
        fs.write(.file("/tmp-new", .text("t")))
        fs.remove("/tmp-new")
        #expect(fs.changes.isEmpty)
        #expect(fs.diff.isEmpty)
    }

    @Test func symlinksResolveRelativeToTheirFolder() {
        let fs = ContainerFileSystem(lower: base)
        #expect(fs.resolvingSymlinks("/etc/link") == "/etc/a.conf")
        #expect(fs.resolvingSymlinks("/etc/a.conf") == "/etc/a.conf")
    }
}
