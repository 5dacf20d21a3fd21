import SimulatedShell
import Testing

/// ps lists the container's own processes. BusyBox's layout is Alpine's and the official busybox
/// image's (`PID   USER     TIME  COMMAND`; the reference engine's Debian-built busybox lacks the TIME
/// column); procps' layouts are procps-ng 4.0.2's on this machine, with PIDs 7 wide as on a systemd
/// host. PID 1 is the container's main command; what it starts gets 7, 8… (reference engine:
/// `docker run --rm refbox:1 sh -c 'ps; ps'` shows ps as 7, then 8).
@Suite struct ProcessStatusTests {
    @Test func thePsOfDockerRunIsPidOne() throws {
        let shell = try ImageShell.make(ImageShell.busybox)
        #expect(shell.run(arguments: ["ps"]).standardOutput == "PID   USER     TIME  COMMAND\n    1 root      0:00 ps\n")
        // `sh -c 'ps'` execs its only command, so ps is still PID 1.
        #expect(shell.run(arguments: ["sh", "-c", "ps aux"]).standardOutput == "PID   USER     TIME  COMMAND\n    1 root      0:00 ps aux\n")
    }

    @Test func aShellsChildrenComeAfterIt() throws {
        let shell = try ImageShell.make(ImageShell.busybox)
        let result = shell.run(arguments: ["sh", "-c", "echo hi; ps; ps -ef"])
        #expect(result.standardOutput == """
        hi
        PID   USER     TIME  COMMAND
            1 root      0:00 sh -c echo hi; ps; ps -ef
            7 root      0:00 ps
        PID   USER     TIME  COMMAND
            1 root      0:00 sh -c echo hi; ps; ps -ef
            8 root      0:00 ps -ef

        """)
    }

    @Test func busyboxColumnsOnRequest() throws {
        let shell = try ImageShell.make(ImageShell.busybox)
        #expect(shell.run(arguments: ["ps", "-o", "pid,comm"]).standardOutput == "PID   COMMAND\n    1 ps\n")
        let bad = shell.run(arguments: ["ps", "-o", "bogus"])
        #expect(bad.status == 1)
        #expect(bad.standardError.hasPrefix("ps: bad -o argument 'bogus'"))
    }

    /// `docker exec`: PID 1 is the container's command, the exec's process the runtime's child.
    @Test func procpsLayouts() throws {
        let shell = try ImageShell.make(ImageShell.gnu)
        shell.mainProcess = ProcessEntry(pid: 1, parent: 0, user: .root, arguments: ["sleep", "1000"])
        #expect(shell.run(arguments: ["ps", "aux"]).standardOutput == """
        USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND
        root           1  0.0  0.0   2576  1536 ?        Ss   00:00   0:00 sleep 1000
        root           7  0.0  0.0   8084  4096 ?        R    00:00   0:00 ps aux

        """)
        #expect(shell.run(arguments: ["ps", "-ef"]).standardOutput == """
        UID          PID    PPID  C STIME TTY          TIME CMD
        root           1       0  0 00:00 ?        00:00:00 sleep 1000
        root           7       0  0 00:00 ?        00:00:00 ps -ef

        """)
        #expect(shell.run(arguments: ["ps"]).standardOutput == """
            PID TTY          TIME CMD
              1 ?        00:00:00 sleep
              7 ?        00:00:00 ps

        """)
    }
}
