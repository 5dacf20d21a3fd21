import LayerStore
import Testing

/// What the runtime mounts is seen and written by a container's processes but never becomes layer
/// content: moby keeps `/etc/hosts` and the like below what `docker diff` and `docker commit` compare.
@Suite struct RuntimeMountsTests {
    static let image = Layer(changes: [
        .put(.directory("/etc")), .put(.file("/etc/hostname", .text("localhost\n"))), .put(.file("/etc/os-release", .text("ID=test\n"))),
        .put(.directory("/dev")), .put(.file("/dev/stale", .text("left in the image\n"))),
    ])
    static let mounts = RuntimeMounts(
        entries: [
            .directory("/dev"), LayerEntry(path: "/dev/null", kind: .characterDevice(major: 1, minor: 3)), .directory("/proc", mode: 0o555),
            .symlink("/proc/self", to: "1"), .directory("/proc/1", mode: 0o555), .file("/etc/hosts", .text("127.0.0.1\tlocalhost\n")),
            .file("/etc/hostname", .text("0123456789ab\n")), .file("/etc/resolv.conf", .text("nameserver 192.168.65.7\n")), .directory("/etc"),
        ],
        coveredFolders: ["/dev", "/proc"], mountedFiles: ["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"], readOnly: []
    )

    func fileSystem() -> ContainerFileSystem {
        var files = ContainerFileSystem(lower: UnionView(layers: [Self.image]))
        files.mounts = Self.mounts
        return files
    }

    @Test func mountsShowOverTheImageAndHideWhatTheyCover() {
        let files = fileSystem()
        #expect(files.entry(at: "/etc/hostname")?.kind == .file(.text("0123456789ab\n")))
        #expect(files.entry(at: "/dev/stale") == nil, "a tmpfs on /dev hides the image's /dev")
        #expect(files.children(of: "/dev") == ["null"])
        #expect(files.children(of: "/etc") == ["hostname", "hosts", "os-release", "resolv.conf"])
        #expect(files.children(of: "/").contains("proc"))
        #expect(files.resolvingSymlinks("/proc/self") == "/proc/1")
        // The image's own folder keeps its mode and owner; the runtime's stands in only where it has none.
        #expect(files.entry(at: "/etc") == .directory("/etc"))
    }

    @Test func writesToMountsNeverReachTheLayer() {
        var files = fileSystem()
        files.write(.file("/etc/hosts", .text("127.0.0.1\tlocalhost\n10.0.0.5\tdb\n")))
        files.createDirectories("/dev/shm/cache")
        files.write(.file("/dev/shm/cache/x", .text("x")))
        files.write(.file("/etc/app.conf", .text("mine")))
        files.remove("/etc/hostname")
        files.remove("/dev/null")
        #expect(files.entry(at: "/etc/hosts")?.kind == .file(.text("127.0.0.1\tlocalhost\n10.0.0.5\tdb\n")))
        #expect(files.entry(at: "/etc/hostname") != nil, "a mount point cannot be removed")
        #expect(files.entry(at: "/dev/null") == nil, "what is inside a mounted folder can")
        #expect(files.entry(at: "/dev/shm/cache/x") != nil)
        #expect(files.diff.map { "\($0.kind) \($0.path)" } == ["C /etc", "A /etc/app.conf"])
        #expect(files.changes.changes.map(\.path) == ["/etc/app.conf"])
        #expect(files.committedLayer.changes.map(\.path) == ["/etc", "/etc/app.conf"])
        #expect(files.mounts.entry(at: "/etc/hosts")?.contentSize == 32)
    }
}
