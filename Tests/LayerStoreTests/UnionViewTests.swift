import LayerStore
import Testing

@Suite struct UnionViewTests {
    let base = Layer(changes: [
        .put(.directory("/etc")),
        .put(.file("/etc/passwd", .text("root:x:0:0:root:/root:/bin/sh\n"))),
        .put(.directory("/app")),
        .put(.file("/app/big.bin", .synthetic(seed: "big", size: 5_000_000))),
        .put(.file("/app/keep.txt", .text("keep"))),
        .put(.symlink("/bin/sh", to: "/bin/busybox")),
    ])

    @Test func upperLayersOverrideAndRememberWhereFilesCameFrom() {
        let view = UnionView(layers: [base, Layer(changes: [.put(.file("/etc/passwd", .text("root and app\n")))])])
        #expect(view.resolve("/etc/passwd")?.layer == 1)
        #expect(view.resolve("/app/keep.txt")?.layer == 0)
        #expect(view.history(of: "/etc/passwd") == [.added(layer: 0), .replaced(layer: 1)])
    }

    @Test func deletingInAnUpperLayerHidesButDoesNotShrink() {
        let delete = Layer(changes: [.delete("/app/big.bin")])
        let view = UnionView(layers: [base, delete])
        #expect(view.resolve("/app/big.bin") == nil)
        #expect(view.history(of: "/app/big.bin") == [.added(layer: 0), .deleted(layer: 1)])
        #expect(base.contentSize + delete.contentSize > 5_000_000, "the bytes still ship in layer 0")
        #expect(view.visibleContentSize < 1_000)
    }

    @Test func reAddingAfterADeleteShowsTheNewCopy() {
        let view = UnionView(layers: [
            base,
            Layer(changes: [.delete("/app/keep.txt")]),
            Layer(changes: [.put(.file("/app/keep.txt", .text("again")))]),
        ])
        #expect(view.resolve("/app/keep.txt")?.layer == 2)
        #expect(view.resolve("/app/keep.txt")?.entry.kind == .file(.text("again")))
        #expect(view.history(of: "/app/keep.txt") == [.added(layer: 0), .deleted(layer: 1), .added(layer: 2)])
    }

    @Test func deletingADirectoryDeletesItsContents() {
        let view = UnionView(layers: [base, Layer(changes: [.delete("/app")])])
        #expect(view.resolve("/app") == nil && view.resolve("/app/keep.txt") == nil)
        #expect(view.history(of: "/app/keep.txt") == [.added(layer: 0), .hidden(layer: 1)])
    }

    @Test func opaqueDirectoriesHideOnlyLowerContents() {
        let view = UnionView(layers: [base, Layer(changes: [.opaque("/app"), .put(.file("/app/new.txt", .text("new")))])])
        #expect(view.children(of: "/app") == ["new.txt"])
        #expect(view.history(of: "/app/keep.txt") == [.added(layer: 0), .hidden(layer: 1)])
    }

    @Test func aFileOverADirectoryHidesItsContents() {
        let view = UnionView(layers: [base, Layer(changes: [.put(.file("/app", .text("now a file")))])])
        #expect(view.resolve("/app")?.entry.isDirectory == false)
        #expect(view.resolve("/app/keep.txt") == nil)
    }

    @Test func symlinksAreEntriesOfTheirOwn() {
        let view = UnionView(layers: [base])
        #expect(view.resolve("/bin/sh")?.entry.kind == .symlink(target: "/bin/busybox"))
        #expect(view.resolve("/bin")?.entry.isDirectory == true, "parents exist implicitly")
        #expect(view.children(of: "/") == ["app", "bin", "etc"])
    }

    @Test func deletingWhatIsNotThereChangesNothing() {
        let view = UnionView(layers: [base, Layer(changes: [.delete("/nope")])])
        #expect(view.history(of: "/nope").isEmpty)
        #expect(view.paths.count == UnionView(layers: [base]).paths.count)
    }
}

@Suite struct WhiteoutTests {
    @Test func namesDeletionsAndOpaqueDirectories() {
        #expect(Whiteout.deletionPath(for: "etc/old.conf") == "etc/.wh.old.conf")
        #expect(Whiteout.deletionPath(for: "top") == ".wh.top")
        #expect(Whiteout.opaquePath(for: "var/cache") == "var/cache/.wh..wh..opq")
        #expect(Whiteout.meaning(of: "etc/.wh.old.conf") == .deletes("etc/old.conf"))
        #expect(Whiteout.meaning(of: "var/cache/.wh..wh..opq") == .makesOpaque("var/cache"))
        #expect(Whiteout.meaning(of: "etc/wh.not") == .ordinary)
    }
}
