import LayerStore
import Testing

/// The layer Docker makes of a container's changes: moby's naive differ, which overlay2 uses where the
/// kernel has redirect_dir (moby v28.2.2 vendor/github.com/moby/go-archive/changes.go ChangesDirs and
/// ExportChanges), as the reference engine did (Conformance/reference/103-save-layer-contents.json).
@Suite struct ContainerFileSystemCommitTests {
    static let baseLayer = Layer(changes: [
        .put(.directory("/bin")), .put(.file("/bin/vi", .text("vi"))), .put(.file("/bin/sh", .text("sh"))),
        .put(.directory("/d")), .put(.file("/d/b", .text("2\n"))), .put(.directory("/d/sub")), .put(.file("/d/sub/a", .text("1\n"))),
        .put(.file("/k", .text("keep\n"))), .put(.directory("/empty")),
    ])
    let base = UnionView(layers: [baseLayer])

    /// The names `docker save` shows for a layer's tar.
    static func names(_ layer: Layer) -> [String] {
        layer.changes.map { change in
            switch change {
            case .put(let entry): String(entry.path.dropFirst())
            case .delete(let path): Whiteout.deletionPath(for: String(path.dropFirst()))
            case .opaque(let directory): Whiteout.opaquePath(for: String(directory.dropFirst()))
            }
        }.sorted()
    }

    /// `RUN rm /k && rm -rf /d && mkdir /d && echo 3 > /d/c`: the reference engine's layer was
    /// `.wh.k d d/.wh.b d/.wh.sub d/c`, a whiteout for each old entry of the folder, no opaque marker.
    @Test func aFolderDeletedAndMadeAgainHoldsAWhiteoutForEachOldEntry() {
        var fs = ContainerFileSystem(lower: base)
        fs.remove("/k")
        fs.remove("/d")
        fs.write(.directory("/d"))
        fs.write(.file("/d/c", .text("3\n")))
        #expect(Self.names(fs.committedLayer) == [".wh.k", "d", "d/.wh.b", "d/.wh.sub", "d/c"])
        let committed = UnionView(layers: [Self.baseLayer, fs.committedLayer])
        #expect(committed.children(of: "/d") == ["c"] && committed.resolve("/k") == nil)
    }

    /// `RUN rm -rf /bin/vi`: the reference engine's layer was `bin bin/.wh.vi`; the folder above a
    /// change is in the layer (go-archive changes.go addChanges), the root is not.
    @Test func theFoldersAboveAChangeAreInTheLayer() {
        var fs = ContainerFileSystem(lower: base)
        fs.remove("/bin/vi")
        #expect(Self.names(fs.committedLayer) == ["bin", "bin/.wh.vi"])
        var deep = ContainerFileSystem(lower: base)
        deep.createDirectories("/d/sub/new")
        #expect(Self.names(deep.committedLayer) == ["d", "d/sub", "d/sub/new"])
    }

    /// A folder made again inside the folder that was deleted is compared with the old one: the old
    /// entries it lost get whiteouts of their own.
    @Test func aFolderMadeAgainInsideOneIsComparedWithTheOldOne() {
        var fs = ContainerFileSystem(lower: base)
        fs.remove("/d")
        fs.createDirectories("/d/sub")
        #expect(Self.names(fs.committedLayer) == ["d", "d/.wh.b", "d/sub", "d/sub/.wh.a"])
    }

    /// A folder's time is not a change (changes_unix.go statDifferent): one deleted and made again the
    /// same, empty before and after, leaves nothing; one whose mode changed is in the layer.
    @Test func aFolderIsKeptOnlyWhenItsTypeModeOrOwnerChanged() {
        var same = ContainerFileSystem(lower: base)
        same.remove("/empty")
        same.write(.directory("/empty"))
        #expect(same.committedLayer.isEmpty)
        var changed = ContainerFileSystem(lower: base)
        changed.write(.directory("/empty", mode: 0o700))
        #expect(Self.names(changed.committedLayer) == ["empty"])
    }
}
