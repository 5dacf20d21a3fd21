import SimulatedShell
import Testing

/// gosu, as the redis, postgres and mysql images install it (1.17): it switches user and execs the
/// command, with `HOME` the user's. Expected words are gosu's own (main.go and setup-user.go at the
/// 1.17 tag, built with go1.18.2 as its Dockerfile at that tag says); `nobody` is Debian's passwd
/// entry (uid 65534, home /nonexistent).
@Suite struct GosuTests {
    @Test func switchesUserThenRunsTheCommand() throws {
        let result = try ImageShell.run("gosu nobody id -u; gosu nobody sh -c 'echo $HOME; whoami'; id -u", in: "redis")
        #expect(result.standardOutput == "65534\n/nonexistent\nnobody\n0\n")
        #expect(result.status == 0)
    }

    @Test func saysItsVersion() throws {
        #expect(try ImageShell.run("gosu --version", in: "redis").standardOutput == "1.17 (go1.18.2 on linux/amd64; gc)\n")
    }

    @Test func failsAsGosuFails() throws {
        let unknown = try ImageShell.run("gosu nosuchuser id", in: "redis")
        #expect(unknown.standardError == "error: failed switching to \"nosuchuser\": unable to find user nosuchuser: no matching entries in passwd file\n")
        #expect(unknown.status == 1)
        let notRoot = try ImageShell.run("gosu nobody gosu redis id", in: "redis")
        #expect(notRoot.standardError == "error: failed switching to \"redis\": operation not permitted\n")
        let missing = try ImageShell.run("gosu nobody nosuchprogram", in: "redis")
        #expect(missing.standardError == "error: exec: \"nosuchprogram\": executable file not found in $PATH\n")
        let usage = try ImageShell.run("gosu nobody", in: "redis")
        #expect(usage.standardError.hasPrefix("Usage: gosu user-spec command [args]\n"))
        #expect(usage.status == 1)
    }
}
