import Foundation
import LayerStore
import SimulatedShell
import Testing

/// stat, readlink and mktemp. Formats and wording were recorded with GNU coreutils 9.1 on this
/// machine (LC_ALL=C) and BusyBox on the reference engine (`docker run --rm refbox:1 sh -c '…'`).
@Suite struct FileToolsTests {
    static let tree = "mkdir -p /w/a; cd /w; echo hi > a/x; ln -s a/x link; "

    @Test func statFormatsAlike() throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let result = try ImageShell.run(Self.tree + "stat -c '%n %s %a %A %U %G %u %g %F' a/x a link", in: image)
            #expect(result.standardOutput == """
            a/x 3 644 -rw-r--r-- root root 0 0 regular file
            a 4096 755 drwxr-xr-x root root 0 0 directory
            link 3 777 lrwxrwxrwx root root 0 0 symbolic link

            """, "\(image)")
        }
    }

    /// The default report: the same layout, GNU with the device as major,minor and a Birth line.
    /// Times are the file's (1970: layerlab stamps no time on files); the inode is derived from the path.
    @Test func statReportsAsEachBuildLaysItOut() throws {
        let busybox = try ImageShell.run(Self.tree + "stat a/x link", in: ImageShell.busybox)
        #expect(busybox.standardOutput == """
              File: a/x
              Size: 3         \tBlocks: 8          IO Block: 4096   regular file
            Device: 31h/49d\tInode: 3758384     Links: 1
            Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)
            Access: 1970-01-01 00:00:00.000000000 +0000
            Modify: 1970-01-01 00:00:00.000000000 +0000
            Change: 1970-01-01 00:00:00.000000000 +0000
              File: 'link' -> 'a/x'
              Size: 3         \tBlocks: 0          IO Block: 4096   symbolic link
            Device: 31h/49d\tInode: 8563260     Links: 1
            Access: (0777/lrwxrwxrwx)  Uid: (    0/    root)   Gid: (    0/    root)
            Access: 1970-01-01 00:00:00.000000000 +0000
            Modify: 1970-01-01 00:00:00.000000000 +0000
            Change: 1970-01-01 00:00:00.000000000 +0000

            """)
        let gnu = try ImageShell.run(Self.tree + "stat link", in: ImageShell.gnu)
        #expect(gnu.standardOutput.hasPrefix("  File: link -> a/x\n"))
        #expect(gnu.standardOutput.contains("\nDevice: 0,49\tInode: 8563260     Links: 1\n"))
        #expect(gnu.standardOutput.hasSuffix("\n Birth: -\n"))
    }

    @Test func readlinkFollowsAsEachBuildDoes() throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let result = try ImageShell.run(Self.tree + "readlink link; readlink -f link; readlink a/x || echo not a link; readlink -f /w/nodir/x || echo missing", in: image)
            #expect(result.standardOutput == "a/x\n/w/a/x\nnot a link\nmissing\n", "\(image)")
        }
        // GNU's -f allows the last part to be missing; BusyBox's does not.
        #expect(try ImageShell.run("mkdir /w; cd /w; readlink -f nofile", in: ImageShell.gnu).standardOutput == "/w/nofile\n")
        let busybox = try ImageShell.run("mkdir /w; cd /w; readlink -f nofile", in: ImageShell.busybox)
        #expect(busybox.standardOutput == "")
        #expect(busybox.status == 1)
    }

    @Test func statOfAMissingFile() throws {
        let gnu = try ImageShell.run("stat nofile", in: ImageShell.gnu)
        #expect(gnu.standardError == "stat: cannot statx 'nofile': No such file or directory\n")
        #expect(gnu.status == 1)
        let busybox = try ImageShell.run("stat nofile", in: ImageShell.busybox)
        #expect(busybox.standardError == "stat: can't stat 'nofile': No such file or directory\n")
        #expect(busybox.status == 1)
    }

    /// GNU's names have ten random letters, BusyBox's six; files are private to their owner.
    @Test func mktempMakesPrivateFiles() throws {
        for (image, letters) in [(ImageShell.gnu, 10), (ImageShell.busybox, 6)] {
            let shell = try ImageShell.make(image)
            let file = shell.run(script: "mktemp").standardOutput.trimmingCharacters(in: .newlines)
            let folder = shell.run(script: "mktemp -d").standardOutput.trimmingCharacters(in: .newlines)
            #expect(file.hasPrefix("/tmp/tmp.") && file.count == "/tmp/tmp.".count + letters, "\(image): \(file)")
            #expect(shell.fileSystem.entry(at: file)?.mode == 0o600)
            #expect(shell.fileSystem.entry(at: folder)?.isDirectory == true)
            #expect(shell.fileSystem.entry(at: folder)?.mode == 0o700)
            #expect(file != folder)
        }
    }

    @Test func mktempWantsEnoughPlaceholders() throws {
        let gnu = try ImageShell.run("mktemp /tmp/fooXX", in: ImageShell.gnu)
        #expect(gnu.standardError == "mktemp: too few X's in template '/tmp/fooXX'\n")
        let busybox = try ImageShell.run("mktemp /tmp/fooXXXX", in: ImageShell.busybox)
        #expect(busybox.standardError == "mktemp: (null): Invalid argument\n", "BusyBox wants six, and says so this way")
        #expect(try ImageShell.run("mktemp /tmp/fooXXXX", in: ImageShell.gnu).standardOutput.hasPrefix("/tmp/foo"))
    }
}
