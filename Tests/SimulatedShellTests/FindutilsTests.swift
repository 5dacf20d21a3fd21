import LayerStore
import SimulatedShell
import Testing

/// find, as GNU findutils 4.9 (this machine) and BusyBox (the reference engine,
/// `docker run --rm refbox:1 sh -c '…'`) run it on the same tree. Real find lists a folder in its
/// on-disk order (hash order on the reference engine: `./c ./link ./z ./a`); layerlab lists names in
/// order, so the expected outputs here are the real ones sorted within each folder.
@Suite struct FindutilsTests {
    static let tree = "mkdir -p /w/a/b /w/c; cd /w; echo hi > a/x.pyc; echo 1 > c/y.txt; ln -s a/x.pyc link; touch z; "

    struct Case: Sendable, CustomTestStringConvertible {
        let command: String
        let output: String
        var testDescription: String { command }
    }

    @Test(arguments: [
        Case(command: "find", output: ".\n./a\n./a/b\n./a/x.pyc\n./c\n./c/y.txt\n./link\n./z\n"),
        Case(command: "find /w -name '*.pyc'", output: "/w/a/x.pyc\n"),
        Case(command: "find . -type d", output: ".\n./a\n./a/b\n./c\n"),
        Case(command: "find . -type l", output: "./link\n"),
        Case(command: "find . -maxdepth 1", output: ".\n./a\n./c\n./link\n./z\n"),
        Case(command: "find . -mindepth 2 -type f", output: "./a/x.pyc\n./c/y.txt\n"),
        Case(command: "find . -iname 'Y*'", output: "./c/y.txt\n"),
        Case(command: "find . -type f -exec echo got {} \\;", output: "got ./a/x.pyc\ngot ./c/y.txt\ngot ./z\n"),
        Case(command: "find . -type f -exec echo all {} +", output: "all ./a/x.pyc ./c/y.txt ./z\n"),
        Case(command: "find . -empty", output: "./a/b\n./z\n"),
        Case(command: "find . -perm 644 -type f", output: "./a/x.pyc\n./c/y.txt\n./z\n"),
        Case(command: "find . -path './a/*'", output: "./a/b\n./a/x.pyc\n"),
        Case(command: "find . -name c -prune -o -type f -print", output: "./a/x.pyc\n./z\n"),
        Case(command: "find . ! -type d -name '[xy]*'", output: "./a/x.pyc\n./c/y.txt\n"),
    ])
    func findsAsBothBuildsDo(_ testCase: Case) throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let result = try ImageShell.run(Self.tree + testCase.command, in: image)
            #expect(result.standardOutput == testCase.output, "\(image)")
            #expect(result.standardError == "", "\(image)")
        }
    }

    /// GNU counts sizes in whole units, rounding up, so `-size -1k` is only an empty file; BusyBox
    /// compares bytes (on the reference engine it lists all three files).
    @Test func sizesRoundAsEachBuildDoes() throws {
        let command = Self.tree + "find . -size -1k -type f"
        #expect(try ImageShell.run(command, in: ImageShell.gnu).standardOutput == "./z\n")
        #expect(try ImageShell.run(command, in: ImageShell.busybox).standardOutput == "./a/x.pyc\n./c/y.txt\n./z\n")
    }

    /// The Dockerfile clean-up: `find / -name '*.pyc' -delete` (Alpine's BusyBox has -delete; the
    /// reference engine's Debian-built one does not).
    @Test func deletesWhatItFinds() throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let shell = try ImageShell.make(image)
            let result = shell.run(script: Self.tree + "find / -name '*.pyc' -delete; find /w -type f")
            #expect(result.standardOutput == "/w/c/y.txt\n/w/z\n", "\(image)")
            #expect(shell.fileSystem.entry(at: "/w/a/x.pyc") == nil)
            #expect(shell.fileSystem.entry(at: "/w/a") != nil, "only the matching files go")
        }
    }

    @Test func deletesFoldersAfterWhatIsInThem() throws {
        let shell = try ImageShell.make(ImageShell.gnu)
        let result = shell.run(script: Self.tree + "find /w/a -delete; ls /w")
        #expect(result.standardOutput == "c\nlink\nz\n")
        #expect(result.status == 0)
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        let command: String
        let gnu: String
        let busybox: String
        var testDescription: String { command }
    }

    @Test(arguments: [
        Failure(command: "find nofile", gnu: "find: 'nofile': No such file or directory\n", busybox: "find: nofile: No such file or directory\n"),
        Failure(command: "find . -bogus", gnu: "find: unknown predicate `-bogus'\n", busybox: "find: unrecognized: -bogus\n"),
        Failure(command: "find . -type q", gnu: "find: Unknown argument to -type: q\n", busybox: "find: invalid argument 'q' to '-type'\n"),
        Failure(command: "find . -name", gnu: "find: missing argument to `-name'\n", busybox: "find: -name requires an argument\n"),
    ])
    func failsInEachBuildsWords(_ failure: Failure) throws {
        let gnu = try ImageShell.run("cd /tmp; " + failure.command, in: ImageShell.gnu)
        #expect(gnu.standardError == failure.gnu)
        #expect(gnu.status == 1)
        let busybox = try ImageShell.run("cd /tmp; " + failure.command, in: ImageShell.busybox)
        #expect(busybox.standardError == failure.busybox)
        #expect(busybox.status == 1)
    }
}
