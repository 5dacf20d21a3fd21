import SimulatedShell
import Testing

/// date reads the session's clock (the transcripts' 2026-01-01 00:00:00 UTC here), never the
/// machine's. Formats were recorded with GNU date 9.1 on this machine (`date -u -d @86400 '+…'`) and
/// BusyBox on the reference engine, which print the same for these.
@Suite struct DateProgramTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let script: String
        let output: String
        var testDescription: String { script }
    }

    @Test(arguments: [
        Case(script: "date", output: "Thu Jan  1 00:00:00 UTC 2026\n"),
        Case(script: "date -u +%Y-%m-%d", output: "2026-01-01\n"),
        Case(script: "date -d @0", output: "Thu Jan  1 00:00:00 UTC 1970\n"),
        Case(script: "date -u -d @86400 '+%a %b %e %H:%M:%S %Z %Y %s %j %p %I %y %D %T %F %R'",
             output: "Fri Jan  2 00:00:00 UTC 1970 86400 002 AM 12 70 01/02/70 00:00:00 1970-01-02 00:00\n"),
        Case(script: "date -d '2020-01-02 03:04'", output: "Thu Jan  2 03:04:00 UTC 2020\n"),
        Case(script: "date -R", output: "Thu, 01 Jan 2026 00:00:00 +0000\n"),
        Case(script: "date -I", output: "2026-01-01\n"),
        Case(script: "date -Iseconds", output: "2026-01-01T00:00:00+00:00\n"),
        Case(script: "sleep 90; date +%T", output: "00:01:30\n"),
    ])
    func readsTheSessionsClock(_ testCase: Case) throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            #expect(try ImageShell.run(testCase.script, in: image).standardOutput == testCase.output, "\(image)")
        }
    }

    @Test func gnuReadsRelativeDates() throws {
        #expect(try ImageShell.run("date -d '2 days ago' +%F; date -d yesterday +%F", in: ImageShell.gnu).standardOutput == "2025-12-30\n2025-12-31\n")
        #expect(try ImageShell.run("date -d yesterday", in: ImageShell.busybox).standardError == "date: invalid date 'yesterday'\n")
    }

    @Test func anInvalidDate() throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let result = try ImageShell.run("date -d bad", in: image)
            #expect(result.standardError == "date: invalid date 'bad'\n")
            #expect(result.status == 1)
        }
    }
}
