import Foundation
import LayerStore
import SimulatedShell
import Testing

/// du and df. Block counts were recorded on the reference engine (`docker run --rm refbox:1 sh -c
/// 'mkdir -p /w/a/b; cd /w; echo hi > a/x; head -c 5000 /dev/zero > big; ln -s a/x link; du -a'`),
/// GNU's human sizes and df's layout with coreutils 9.1 on this machine. The listing order is by
/// name; the reference engine's follows its directory's on-disk order.
@Suite struct DiskToolsTests {
    func tree(_ image: String) throws -> ShellProcess {
        let shell = try ImageShell.make(image)
        _ = shell.run(script: "mkdir -p /w/a/b; cd /w; echo hi > a/x; ln -s a/x link")
        shell.fileSystem.write(.file("/w/big", .bytes(Data(count: 5000))))
        return shell
    }

    @Test func countsWholeBlocks() throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let shell = try tree(image)
            #expect(shell.run(script: "cd /w; du").standardOutput == "4\t./a/b\n12\t./a\n24\t.\n", "\(image)")
            #expect(shell.run(script: "cd /w; du -a").standardOutput == "4\t./a/b\n4\t./a/x\n12\t./a\n8\t./big\n0\t./link\n24\t.\n", "\(image)")
            #expect(shell.run(script: "cd /w; du -s .").standardOutput == "24\t.\n", "\(image)")
            #expect(shell.run(script: "cd /w; du -c big a/x").standardOutput == "8\tbig\n4\ta/x\n12\ttotal\n", "\(image)")
            #expect(shell.run(script: "cd /w; du -d 0 a").standardOutput == "12\ta\n", "\(image)")
        }
    }

    @Test func readableSizesAsEachBuildRoundsThem() throws {
        #expect(try tree(ImageShell.busybox).run(script: "du -sh /w").standardOutput == "24.0K\t/w\n")
        #expect(try tree(ImageShell.gnu).run(script: "du -sh /w").standardOutput == "24K\t/w\n")
        #expect(try tree(ImageShell.gnu).run(script: "du -h /w/a/x").standardOutput == "4.0K\t/w/a/x\n")
    }

    @Test func missingFiles() throws {
        let gnu = try ImageShell.run("du nofile", in: ImageShell.gnu)
        #expect(gnu.standardError == "du: cannot access 'nofile': No such file or directory\n")
        #expect(gnu.status == 1)
        let busybox = try ImageShell.run("du nofile", in: ImageShell.busybox)
        #expect(busybox.standardError == "du: nofile: No such file or directory\n")
        #expect(busybox.status == 1)
    }

    /// The reference engine's `df` rows, with real Docker's overlay root in place of its disk.
    @Test func busyboxListsEveryMount() throws {
        let result = try ImageShell.run("df", in: ImageShell.busybox)
        #expect(result.standardOutput == """
        Filesystem           1K-blocks      Used Available Use% Mounted on
        overlay              264212084  21258324  77807288  21% /
        tmpfs                    65536         0     65536   0% /dev
        tmpfs                 12342048         0  12342048   0% /sys/fs/cgroup
        shm                      65536         0     65536   0% /dev/shm
        /dev/vda             264212084  21258324  77807288  21% /etc/resolv.conf
        /dev/vda             264212084  21258324  77807288  21% /etc/hostname
        /dev/vda             264212084  21258324  77807288  21% /etc/hosts
        tmpfs                 12342048         0  12342048   0% /proc/acpi
        tmpfs                    65536         0     65536   0% /proc/keys
        tmpfs                    65536         0     65536   0% /proc/timer_list
        tmpfs                 12342048         0  12342048   0% /sys/firmware

        """)
    }

    /// GNU df shows a filesystem mounted several times once, rounds sizes up and Use% up.
    @Test func gnuShowsEachFilesystemOnce() throws {
        let result = try ImageShell.run("df -h", in: ImageShell.gnu)
        #expect(result.standardOutput == """
        Filesystem      Size  Used Avail Use% Mounted on
        overlay         252G   21G   75G  22% /
        tmpfs            64M     0   64M   0% /dev
        tmpfs            12G     0   12G   0% /sys/fs/cgroup
        shm              64M     0   64M   0% /dev/shm
        /dev/vda        252G   21G   75G  22% /etc/hosts
        tmpfs            12G     0   12G   0% /proc/acpi
        tmpfs            12G     0   12G   0% /sys/firmware

        """)
        #expect(try ImageShell.run("df -h /etc", in: ImageShell.gnu).standardOutput.hasSuffix("\noverlay         252G   21G   75G  22% /\n"))
        #expect(try ImageShell.run("df /etc", in: ImageShell.busybox).standardOutput.hasSuffix("\noverlay              264212084  21258324  77807288  21% /\n"))
    }
}
