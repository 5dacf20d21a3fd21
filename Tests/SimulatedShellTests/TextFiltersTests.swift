import LayerStore
import SimulatedShell
import Testing

/// tr, cut, tee and seq, and sort and uniq. Expected outputs were recorded with GNU coreutils 9.1 on
/// this machine (LC_ALL=C, as a container has no locale) and with BusyBox on the reference engine
/// (`docker run --rm refbox:1 sh -c '…'`); where both print the same, both images are checked.
@Suite struct TextFiltersTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let script: String
        let output: String
        var testDescription: String { script }
    }

    @Test(arguments: [
        Case(script: "echo Hello World | tr a-z A-Z", output: "HELLO WORLD\n"),
        Case(script: "echo hello | tr -d l", output: "heo\n"),
        Case(script: "echo 'a  b   c' | tr -s ' '", output: "a b c\n"),
        Case(script: "echo abc123 | tr -cd '[:digit:]'", output: "123"),
        Case(script: "echo Hi | tr '[:upper:]' '[:lower:]'", output: "hi\n"),
        Case(script: "echo 'a b' | tr '[:space:]' _", output: "a_b_"),
        Case(script: "echo a:b:c | cut -d: -f2", output: "b\n"),
        Case(script: "echo a:b:c | cut -d: -f1,3", output: "a:c\n"),
        Case(script: "echo abcdef | cut -c2-4", output: "bcd\n"),
        Case(script: "echo a:b:c | cut -d: -f2-", output: "b:c\n"),
        Case(script: "echo hi | tee t1 t2; cat t1 t2", output: "hi\nhi\nhi\n"),
        Case(script: "echo hi | tee t1 > /dev/null; echo again | tee -a t1 > /dev/null; cat t1", output: "hi\nagain\n"),
        Case(script: "seq 3", output: "1\n2\n3\n"),
        Case(script: "seq 2 4", output: "2\n3\n4\n"),
        Case(script: "seq 1 2 7", output: "1\n3\n5\n7\n"),
        Case(script: "seq -s, 3", output: "1,2,3\n"),
        Case(script: "seq -w 8 10", output: "08\n09\n10\n"),
        Case(script: "seq 5 1", output: ""),
        Case(script: "seq 3 -1 1", output: "3\n2\n1\n"),
        Case(script: "seq 1 0.5 2", output: "1.0\n1.5\n2.0\n"),
        Case(script: "printf 'b\\na\\nc\\na\\n10\\n9\\n' > f; sort f", output: "10\n9\na\na\nb\nc\n"),
        Case(script: "printf 'b\\na\\nc\\na\\n10\\n9\\n' > f; sort -n f", output: "a\na\nb\nc\n9\n10\n"),
        Case(script: "printf 'b\\na\\nc\\na\\n10\\n9\\n' > f; sort -rn f", output: "10\n9\nc\nb\na\na\n"),
        Case(script: "printf 'b\\na\\nc\\na\\n10\\n9\\n' > f; sort -u f", output: "10\n9\na\nb\nc\n"),
        Case(script: "printf 'b\\na\\nc\\na\\n10\\n9\\n' > f; sort f | uniq -c", output: "      1 10\n      1 9\n      2 a\n      1 b\n      1 c\n"),
        Case(script: "printf 'b\\na\\nc\\na\\n10\\n9\\n' > f; sort f | uniq -d", output: "a\n"),
        Case(script: "printf 'b\\na\\nc\\na\\n10\\n9\\n' > f; sort f | uniq -u", output: "10\n9\nb\nc\n"),
        Case(script: "printf 'x 3\\ny 1\\nz 2\\n' | sort -k2 -n", output: "y 1\nz 2\nx 3\n"),
        Case(script: "printf 'a:3\\nb:1\\n' | sort -t: -k2,2n", output: "b:1\na:3\n"),
        Case(script: "printf 'b 2\\na 10\\nc 1\\n' | sort -k2 -n -r", output: "a 10\nb 2\nc 1\n"),
        Case(script: "printf 'B\\na\\nb\\n' | sort -f", output: "a\nB\nb\n"),
        Case(script: "printf 'b\\na\\n' > f; sort -o f f; cat f", output: "a\nb\n"),
        Case(script: "printf 'a\\na\\nb\\n' | uniq -c -d", output: "      2 a\n"),
    ])
    func filtersAsBothBuildsDo(_ testCase: Case) throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let result = try ImageShell.run(testCase.script, in: image)
            #expect(result.standardOutput == testCase.output, "\(image)")
            #expect(result.standardError == "", "\(image)")
        }
    }

    /// `tr -d '\r'`, the other fix for a script saved with Windows line endings.
    @Test func deletesCarriageReturns() throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let shell = try ImageShell.make(image)
            shell.fileSystem.write(.file("/crlf.txt", .text("a\r\nb\r\n")))
            #expect(shell.run(script: "tr -d '\\r' < /crlf.txt").standardOutput == "a\nb\n", "\(image)")
        }
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        let script: String
        let gnu: String
        let busybox: String
        var status: Int32 = 1
        var busyboxStatus: Int32 = 1
        var testDescription: String { script }
    }

    @Test(arguments: [
        Failure(script: "cut -f1 nofile", gnu: "cut: nofile: No such file or directory\n", busybox: "cut: nofile: No such file or directory\n"),
        Failure(script: "cut nofile", gnu: "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n",
                busybox: "cut: expected a list of bytes, characters, or fields\n"),
        Failure(script: "sort nofile", gnu: "sort: cannot read: nofile: No such file or directory\n", busybox: "sort: nofile: No such file or directory\n",
                status: 2, busyboxStatus: 2),
        Failure(script: "echo a | sort -k 0", gnu: "sort: field number is zero: invalid field specification '0'\n", busybox: "sort: bad field specification\n",
                status: 2, busyboxStatus: 2),
        Failure(script: "uniq nofile", gnu: "uniq: nofile: No such file or directory\n", busybox: "uniq: can't open 'nofile': No such file or directory\n"),
        Failure(script: "seq", gnu: "seq: missing operand\nTry 'seq --help' for more information.\n", busybox: "Usage: seq [-w] [-s SEP] [FIRST [INC]] LAST\n"),
        Failure(script: "tr", gnu: "tr: missing operand\nTry 'tr --help' for more information.\n", busybox: "Usage: tr [-cds] STRING1 [STRING2]\n"),
        Failure(script: "echo x | tee /nodir/f > /dev/null", gnu: "tee: /nodir/f: No such file or directory\n", busybox: "tee: /nodir/f: No such file or directory\n"),
    ])
    func failsInEachBuildsWords(_ failure: Failure) throws {
        let gnu = try ImageShell.run(failure.script, in: ImageShell.gnu)
        #expect(gnu.standardError == failure.gnu)
        #expect(gnu.status == failure.status)
        let busybox = try ImageShell.run(failure.script, in: ImageShell.busybox)
        #expect(busybox.standardError == failure.busybox)
        #expect(busybox.status == failure.busyboxStatus)
    }
}
