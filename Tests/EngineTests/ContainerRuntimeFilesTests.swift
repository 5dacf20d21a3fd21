import Foundation
import ImageModel
import LayerlabBasics
import LayerStore
@testable import Engine
import Testing

/// A running container has the devices, `/proc` and network files Docker gives it, and none of them is
/// its layer's: the reference engine shows `/etc/hosts` with the container's line (on the default
/// bridge, as moby v28 libnetwork/etchosts writes it), `/etc/hostname` with the short ID, and nothing
/// of them in `docker diff` or a committed image.
@Suite struct ContainerRuntimeFilesTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("runtime-files-\(UUID())")
    let clock = FixedWallClock(FixedWallClock.transcriptEpoch)

    @Test func aContainerSeesItsNetworkFilesAndDevices() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        _ = try engine.pull(ImageReference.parse("alpine"))
        let created = try engine.createContainer(ContainerRequest(image: "alpine", command: ["cat", "/etc/hosts", "/etc/hostname"]))
        let container = try engine.startContainer(created.id)
        #expect(container.logs.combined == """
        127.0.0.1\tlocalhost
        ::1\tlocalhost ip6-localhost ip6-loopback
        fe00::\tip6-localnet
        ff00::\tip6-mcastprefix
        ff02::1\tip6-allnodes
        ff02::2\tip6-allrouters
        172.17.0.2\t\(container.shortID)
        \(container.shortID)

        """)
        // A second container running beside a first gets the next address.
        let first = try engine.startContainer(engine.createContainer(ContainerRequest(image: "alpine", name: "one", interactive: true)).id)
        let second = try engine.startContainer(engine.createContainer(ContainerRequest(image: "alpine", name: "two", interactive: true)).id)
        #expect([first.ipAddress, second.ipAddress] == ["172.17.0.2", "172.17.0.3"])
        var directory = "/"
        let listing = try engine.execScript("two", script: "ls /dev; head -c 4 /dev/zero | wc -c; cat /proc/version", workingDirectory: &directory)
        #expect(listing.standardOutput == "fd\nfull\nmqueue\nnull\nptmx\npts\nrandom\nshm\nstderr\nstdin\nstdout\ntty\nurandom\nzero\n4\n"
            + "Linux version 6.8.0-layerlab (layerlab@layerlab) (gcc (GCC) 13.2.0, GNU ld (GNU Binutils) 2.42) #1 SMP\n")
    }

    @Test func whatAContainerWritesToItsNetworkFilesStaysOutOfItsLayer() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        _ = try engine.pull(ImageReference.parse("alpine"))
        _ = try engine.startContainer(engine.createContainer(ContainerRequest(image: "alpine", name: "box", interactive: true)).id)
        var directory = "/"
        _ = try engine.execScript("box", script: "echo '10.0.0.5 db' >> /etc/hosts; echo x > /dev/shm/x; echo data > /data", workingDirectory: &directory)
        // The next command of the session still sees the line, as the mounted file keeps it.
        let hosts = try engine.execScript("box", script: "tail -n 1 /etc/hosts", workingDirectory: &directory)
        #expect(hosts.standardOutput == "10.0.0.5 db\n")
        #expect(try engine.diff("box").map { "\($0.kind) \($0.path)" } == ["A /data"])
        let image = try engine.commitContainer("box", as: ImageReference.parse("box:1"), message: nil, author: nil)
        let layer = try #require(try engine.images.layers(of: image).last)
        #expect(layer.changes.map(\.path) == ["/data"])
    }
}
