import Foundation
import LayerStore
import SimulatedShell
import Testing

/// tar and gzip on real bytes. Listings and wording were recorded with GNU tar 1.34 and gzip 1.12 on
/// this machine and BusyBox on the reference engine (`docker run --rm refbox:1 sh -c '…'`); the
/// order inside a folder is by name here (the real tools follow the directory's on-disk order).
@Suite struct ArchiversTests {
    static let tree = "mkdir -p /w/d/s; cd /w; echo hi > d/a; echo yo > d/s/b; ln -s a d/l; "

    @Test func tarRoundTrips() throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let shell = try ImageShell.make(image)
            let result = shell.run(script: Self.tree + "tar czf a.tgz d && mkdir /other && tar xzf a.tgz -C /other && cat /other/d/a /other/d/s/b && readlink /other/d/l")
            #expect(result.standardOutput == "hi\nyo\na\n", "\(image)")
            #expect(result.standardError == "", "\(image)")
            guard case .file(let content)? = shell.fileSystem.entry(at: "/w/a.tgz")?.kind else {
                Issue.record("no archive")
                continue
            }
            // A real gzip stream holding a real tar.
            let tar = try GzipDecompressor.decompress(content.data)
            #expect(try TarReader.entries(tar).map(\.name) == ["d/", "d/a", "d/l", "d/s/", "d/s/b"])
        }
    }

    @Test func tarListsAsEachBuildDoes() throws {
        let names = "d/\nd/a\nd/l\nd/s/\nd/s/b\n"
        #expect(try ImageShell.run(Self.tree + "tar cf a.tar d; tar tf a.tar", in: ImageShell.busybox).standardOutput == names)
        #expect(try ImageShell.run(Self.tree + "tar cf a.tar d; tar tf a.tar", in: ImageShell.gnu).standardOutput == names)
        #expect(try ImageShell.run(Self.tree + "tar czf a.tgz d; tar tvzf a.tgz", in: ImageShell.busybox).standardOutput == """
        drwxr-xr-x root/root         0 1970-01-01 00:00:00 d/
        -rw-r--r-- root/root         3 1970-01-01 00:00:00 d/a
        lrwxrwxrwx root/root         0 1970-01-01 00:00:00 d/l -> a
        drwxr-xr-x root/root         0 1970-01-01 00:00:00 d/s/
        -rw-r--r-- root/root         3 1970-01-01 00:00:00 d/s/b

        """)
        #expect(try ImageShell.run(Self.tree + "tar czf a.tgz d; tar tvzf a.tgz", in: ImageShell.gnu).standardOutput == """
        drwxr-xr-x root/root         0 1970-01-01 00:00 d/
        -rw-r--r-- root/root         3 1970-01-01 00:00 d/a
        lrwxrwxrwx root/root         0 1970-01-01 00:00 d/l -> a
        drwxr-xr-x root/root         0 1970-01-01 00:00 d/s/
        -rw-r--r-- root/root         3 1970-01-01 00:00 d/s/b

        """)
    }

    @Test func tarDropsTheLeadingSlash() throws {
        let gnu = try ImageShell.run(Self.tree + "tar czf /w/f.tgz /w/d/a; tar tzf f.tgz", in: ImageShell.gnu)
        #expect(gnu.standardError == "tar: Removing leading `/' from member names\n")
        #expect(gnu.standardOutput == "w/d/a\n")
        let busybox = try ImageShell.run(Self.tree + "tar czf /w/f.tgz /w/d/a; tar tzf f.tgz", in: ImageShell.busybox)
        #expect(busybox.standardError == "tar: removing leading '/' from member names\n")
        #expect(busybox.standardOutput == "w/d/a\n")
    }

    @Test func tarStripsComponents() throws {
        let result = try ImageShell.run(Self.tree + "tar czf a.tgz d; mkdir -p /opt/tool; tar xzf a.tgz --strip-components=1 -C /opt/tool; ls /opt/tool", in: ImageShell.gnu)
        #expect(result.standardOutput == "a\nl\ns\n")
    }

    @Test func tarFailsInEachBuildsWords() throws {
        let gnu = try ImageShell.run("tar xf nofile", in: ImageShell.gnu)
        #expect(gnu.standardError == "tar: nofile: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n")
        #expect(gnu.status == 2)
        let busybox = try ImageShell.run("tar xf nofile", in: ImageShell.busybox)
        #expect(busybox.standardError == "tar: can't open 'nofile': No such file or directory\n")
        #expect(busybox.status == 1)
        let missingMember = try ImageShell.run("cd /tmp; tar cf c.tar nofile", in: ImageShell.gnu)
        #expect(missingMember.standardError == "tar: nofile: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n")
        #expect(missingMember.status == 2)
        let notTar = try ImageShell.run("tar tf /etc/os-release", in: ImageShell.gnu)
        #expect(notTar.standardError == "tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n")
        let pipe = try ImageShell.run(Self.tree + "tar czf - d", in: ImageShell.gnu)
        #expect(pipe.standardError.hasPrefix("layerlab: tar reading or writing binary data through standard input or output is not simulated"))
    }

    @Test func gzipCompressesFilesInPlace() throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let shell = try ImageShell.make(image)
            let result = shell.run(script: "mkdir /w; cd /w; echo hi > f; chmod 600 f; gzip f; ls; zcat f.gz; gzip -d f.gz; cat f; gzip -k f; ls")
            #expect(result.standardOutput == "f.gz\nhi\nhi\nf\nf.gz\n", "\(image)")
            guard case .file(let content)? = shell.fileSystem.entry(at: "/w/f.gz")?.kind else {
                Issue.record("no f.gz")
                continue
            }
            #expect(try GzipDecompressor.decompress(content.data) == Data("hi\n".utf8))
            #expect(shell.fileSystem.entry(at: "/w/f.gz")?.mode == 0o600, "gzip keeps the mode")
        }
    }

    @Test func gzipFailsInEachBuildsWords() throws {
        let gnu = try ImageShell.run("cd /tmp; gzip nofile; gunzip nofile; echo x > plain; gunzip plain; echo x > n.gz; gunzip n.gz", in: ImageShell.gnu)
        #expect(gnu.standardError == """
        gzip: nofile: No such file or directory
        gzip: nofile.gz: No such file or directory
        gzip: plain: unknown suffix -- ignored

        gzip: n.gz: not in gzip format

        """)
        let busybox = try ImageShell.run("cd /tmp; gzip nofile; gunzip nofile.gz; echo x > plain; gunzip plain; echo x > n.gz; gunzip n.gz", in: ImageShell.busybox)
        #expect(busybox.standardError == """
        gzip: nofile: No such file or directory
        gunzip: nofile.gz: No such file or directory
        gunzip: plain: unknown suffix - ignored
        gunzip: invalid magic

        """)
    }
}
