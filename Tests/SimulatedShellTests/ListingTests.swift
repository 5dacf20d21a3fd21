import LayerStore
import SimulatedShell
import Testing

/// `ls -l` and `env` as each build prints them: BusyBox's fixed columns (reference engine:
/// `docker run --rm refbox:1 ls -l /tmp`), GNU's columns as wide as their widest cell (coreutils 9.1
/// on this machine, LC_ALL=C); the hour for a file of the last six months, the year otherwise;
/// set-user-ID and sticky bits in the execute places.
@Suite struct ListingTests {
    static let tree = "mkdir -p /w/d; cd /w; echo hi > a; touch empty; ln -s a l; chmod 4755 a; chmod 1777 d; "

    @Test func gnuColumnsFitTheirCells() throws {
        let result = try ImageShell.run(Self.tree + "ls -l", in: ImageShell.gnu)
        #expect(result.standardOutput == """
        total 8
        -rwsr-xr-x 1 root root    3 Jan  1  1970 a
        drwxrwxrwt 2 root root 4096 Jan  1  1970 d
        -rw-r--r-- 1 root root    0 Jan  1  1970 empty
        lrwxrwxrwx 1 root root    1 Jan  1  1970 l -> a

        """)
    }

    @Test func busyboxColumnsAreFixed() throws {
        let result = try ImageShell.run(Self.tree + "ls -l", in: ImageShell.busybox)
        #expect(result.standardOutput == """
        total 8
        -rwsr-xr-x    1 root     root             3 Jan  1  1970 a
        drwxrwxrwt    2 root     root          4096 Jan  1  1970 d
        -rw-r--r--    1 root     root             0 Jan  1  1970 empty
        lrwxrwxrwx    1 root     root             1 Jan  1  1970 l -> a

        """)
    }

    /// A file changed an hour before the session's clock shows its time, not its year.
    @Test func recentFilesShowTheirHour() throws {
        for (image, line) in [(ImageShell.gnu, "-rw-r--r-- 1 root root 0 Dec 31 23:00 /recent\n"),
                              (ImageShell.busybox, "-rw-r--r--    1 root     root             0 Dec 31 23:00 /recent\n")] {
            let shell = try ImageShell.make(image)
            shell.fileSystem.write(LayerEntry(path: "/recent", kind: .file(.text("")), modificationTime: 1_767_225_600 - 3600))
            #expect(shell.run(script: "ls -l /recent").standardOutput == line, "\(image)")
        }
    }

    @Test func allShowsDotAndDotDot() throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let lines = try ImageShell.run("mkdir /e; ls -la /e", in: image).standardOutput.split(separator: "\n")
            #expect(lines.count == 3, "\(image)")
            #expect(lines.first == "total 8")
            #expect(lines.dropFirst().first?.hasSuffix(" .") == true)
            #expect(lines.last?.hasSuffix(" ..") == true)
        }
    }

    @Test func missingFiles() throws {
        let gnu = try ImageShell.run("ls nofile", in: ImageShell.gnu)
        #expect(gnu.standardError == "ls: cannot access 'nofile': No such file or directory\n")
        #expect(gnu.status == 2)
        let busybox = try ImageShell.run("ls nofile", in: ImageShell.busybox)
        #expect(busybox.standardError == "ls: nofile: No such file or directory\n")
        #expect(busybox.status == 1)
    }

    /// Docker's order (reference engine: `docker run --rm -e A=1 -e C=9 IMAGE env` with ENV B=2 C=3 and
    /// D=4 lists PATH, HOSTNAME, A=1, C=9, B=2, D=4, HOME=/root): the runtime's, then HOME.
    @Test func envListsVariablesInDockersOrder() throws {
        let shell = try ImageShell.make(ImageShell.busybox)
        shell.environment = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME": "05363313f2c1", "A": "1", "C": "9", "B": "2", "D": "4", "HOME": "/root"]
        shell.environmentOrder = ["PATH", "HOSTNAME", "A", "C", "B", "D"]
        #expect(shell.run(script: "env").standardOutput == "PATH=/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=05363313f2c1\nA=1\nC=9\nB=2\nD=4\nHOME=/root\n")
        #expect(shell.run(script: "export Z=1; env").standardOutput.hasSuffix("D=4\nZ=1\nHOME=/root\n"))
    }

    @Test func envRunsCommandsAndPrintenvPrintsOne() throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let result = try ImageShell.run("env GREETING='hi there' sh -c 'echo $GREETING'; printenv HOME; printenv NOPE || echo unset", in: image)
            #expect(result.standardOutput == "hi there\n/root\nunset\n", "\(image)")
        }
    }
}
