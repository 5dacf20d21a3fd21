import Foundation
import LayerlabSession
import LayerlabTestSupport
import Testing

/// A disk that fills up mid-command gets a clear error and leaves nothing half-written. The disk is a
/// 64 KiB tmpfs mounted on the workspace, so this needs root (as CI and this machine kind run).
@Suite(.waitsOnOtherPrograms) struct FullDiskTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func dockerSaveOnAFullDiskFailsCleanly() throws {
        let workspace = home.url.appendingPathComponent("workspace")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=64k", "tmpfs", workspace.path]
        try mount.run()
        mount.waitUntilExit()
        try #require(mount.terminationStatus == 0)
        defer {
            let unmount = Process()
            unmount.executableURL = URL(fileURLWithPath: "/bin/umount")
            unmount.arguments = [workspace.path]
            try? unmount.run()
            unmount.waitUntilExit()
        }
        // It used to stop layerlab on a `try!` ("No space left on device") and leave the partial tar.
        let (transcript, status) = try home.run(["docker pull alpine:3.20", "docker save -o a.tar alpine:3.20"])
        #expect(status == 1)
        #expect(transcript.contains("failed to save image: write a.tar: no space left on device\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path).isEmpty)
    }
}
