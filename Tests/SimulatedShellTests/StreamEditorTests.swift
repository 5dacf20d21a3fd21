import Foundation
import LayerStore
import SimulatedShell
import Testing

/// sed as it runs in each image. Expected outputs were recorded with GNU sed 4.9 on this machine
/// (LC_ALL=C) and with BusyBox on the reference engine (`docker run --rm refbox:1 sh -c '…'`).
@Suite struct StreamEditorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let script: String
        let output: String
        var testDescription: String { script }
    }

    /// What GNU sed and BusyBox print alike.
    @Test(arguments: [
        Case(script: "printf 'b\\na\\nc\\na\\n' > f; sed -n 2p f", output: "a\n"),
        Case(script: "printf 'b\\na\\nc\\na\\n' > f; sed 's/a/X/g' f", output: "b\nX\nc\nX\n"),
        Case(script: "printf 'b\\na\\nc\\na\\n' > f; sed -i 's/a/Y/' f; cat f", output: "b\nY\nc\nY\n"),
        Case(script: "printf 'b\\na\\nc\\na\\n' > f; sed -e 's/\\(b\\)/[\\1]/' -e '2d' f", output: "[b]\nc\na\n"),
        Case(script: "printf 'b\\na\\nc\\na\\n' > f; sed -E 's/(a)+/<\\1>/' f", output: "b\n<a>\nc\n<a>\n"),
        Case(script: "printf 'b\\na\\nc\\na\\n' > f; sed '/c/,$d' f", output: "b\na\n"),
        Case(script: "printf 'b\\na\\nc\\na\\n' > f; sed -n '/b/p;$p' f", output: "b\na\n"),
        Case(script: "echo aaa | sed 's/a/b/2'", output: "aba\n"),
        Case(script: "echo Abc | sed 's/a/z/I'", output: "zbc\n"),
        Case(script: "echo abc | sed 's/x*/-/g'", output: "-a-b-c-\n"),
        Case(script: "echo baaac | sed 's/a*/x/g'", output: "xbxcx\n"),
        Case(script: "printf '1\\n2\\n3\\n' | sed 'N;P;D'", output: "1\n2\n3\n"),
        Case(script: "printf '1\\n2\\n3\\n' | sed '$!N;s/\\n/-/'", output: "1-2\n3\n"),
        Case(script: "printf '1\\n2\\n3\\n' | sed ':a;N;$!ba;s/\\n/ /g'", output: "1 2 3\n"),
        Case(script: "printf '1\\n2\\n3\\n4\\n5\\n' | sed -n '2,+1p'", output: "2\n3\n"),
        Case(script: "printf '1\\n2\\n3\\n4\\n' | sed '2,3!d'", output: "2\n3\n"),
        Case(script: "echo x | sed 'y/x/y/'", output: "y\n"),
        Case(script: "printf '1\\n2\\n' | sed =", output: "1\n1\n2\n2\n"),
        Case(script: "printf '1\\n2\\n' | sed '1i before'", output: "before\n1\n2\n"),
        Case(script: "printf '1\\n2\\n' | sed '$a end'", output: "1\n2\nend\n"),
        Case(script: "printf 'a\\nb\\nc\\n' | sed '2c changed'", output: "a\nchanged\nc\n"),
        Case(script: "echo hi | sed 's/[[:lower:]]/&&/g'", output: "hhii\n"),
        Case(script: "printf 'x=1\\ny=2\\n' | sed -n 's/^y=//p'", output: "2\n"),
        Case(script: "echo path/to/file | sed 's|/|_|g'", output: "path_to_file\n"),
        Case(script: "printf 'a\\nb\\nc\\nd\\n' | sed '/b/,/c/{s/^/> /}'", output: "a\n> b\n> c\nd\n"),
        Case(script: "printf 'a\\nb\\n' | sed -n '/a/{n;p}'", output: "b\n"),
        Case(script: "echo aab | sed 's/a\\+/X/; s/b\\{1,\\}/Y/'", output: "XY\n"),
        Case(script: "echo 'a|b' | sed 's/a|b/Z/'", output: "Z\n"),
        Case(script: "echo ab | sed -E 's/a|b/Z/g'", output: "ZZ\n"),
        Case(script: "printf 'k=v\\n# c\\n' | sed '/^#/d;s/=/: /'", output: "k: v\n"),
        Case(script: "printf a | sed p", output: "a\na"),
    ])
    func editsAsBothBuildsDo(_ testCase: Case) throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let result = try ImageShell.run(testCase.script, in: image)
            #expect(result.standardOutput == testCase.output, "\(image)")
            #expect(result.standardError == "", "\(image)")
        }
    }

    /// GNU's extensions, which BusyBox lacks (on the reference engine `0~2p` is "unsupported command ~"
    /// and `\u` a letter u).
    @Test(arguments: [
        Case(script: "printf '1\\n2\\n3\\n4\\n5\\n' | sed -n '0~2p'", output: "2\n4\n"),
        Case(script: "printf 'a\\nb\\nc\\n' | sed '0,/b/d'", output: "c\n"),
        Case(script: "echo 'hello world' | sed 's/\\(hello\\) \\(world\\)/\\u\\2 \\U\\1/'", output: "World HELLO\n"),
        Case(script: "echo aXbXc | sed 's/X/-/2g'", output: "aXb-c\n"),
        Case(script: "printf 'a\\nb\\n' | sed '1d;q5'; echo $?", output: "b\n5\n"),
        Case(script: "printf 'one two\\n' | sed -E 's/(\\w+) (\\w+)/\\2 \\1/'", output: "two one\n"),
    ])
    func gnuExtensions(_ testCase: Case) throws {
        #expect(try ImageShell.run(testCase.script, in: ImageShell.gnu).standardOutput == testCase.output)
    }

    @Test func busyboxHasNoGnuExtensions() throws {
        let result = try ImageShell.run("echo 'hello world' | sed 's/\\(hello\\) \\(world\\)/\\u\\2 \\U\\1/'; printf '1\\n2\\n' | sed -n '0~2p'", in: ImageShell.busybox)
        #expect(result.standardOutput == "uworld Uhello\n")
        #expect(result.standardError == "sed: unsupported command ~\n")
    }

    /// A Dockerfile's fix for Windows line endings: the `\r` is a character of its own.
    @Test func removesCarriageReturnsInPlace() throws {
        for image in [ImageShell.busybox, ImageShell.gnu] {
            let shell = try ImageShell.make(image)
            shell.fileSystem.write(.file("/entrypoint.sh", .text("#!/bin/sh\r\necho hi\r\n"), mode: 0o755))
            let result = shell.run(script: "sed -i 's/\\r$//' /entrypoint.sh")
            #expect(result.status == 0)
            guard case .file(let content)? = shell.fileSystem.entry(at: "/entrypoint.sh")?.kind else {
                Issue.record("the file is gone")
                continue
            }
            #expect(String(decoding: content.data, as: UTF8.self) == "#!/bin/sh\necho hi\n", "\(image)")
            #expect(shell.fileSystem.entry(at: "/entrypoint.sh")?.mode == 0o755, "sed -i keeps the mode")
        }
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        let script: String
        let gnu: String
        let gnuStatus: Int32
        let busybox: String
        let busyboxStatus: Int32
        var testDescription: String { script }
    }

    @Test(arguments: [
        Failure(script: "sed p nofile", gnu: "sed: can't read nofile: No such file or directory\n", gnuStatus: 2,
                busybox: "sed: nofile: No such file or directory\n", busyboxStatus: 1),
        Failure(script: "sed -i s/a/b/ nofile", gnu: "sed: can't read nofile: No such file or directory\n", gnuStatus: 2,
                busybox: "sed: nofile: No such file or directory\n", busyboxStatus: 1),
        Failure(script: "echo | sed k", gnu: "sed: -e expression #1, char 1: unknown command: `k'\n", gnuStatus: 1,
                busybox: "sed: unsupported command k\n", busyboxStatus: 1),
        Failure(script: "echo | sed 's/a'", gnu: "sed: -e expression #1, char 3: unterminated `s' command\n", gnuStatus: 1,
                busybox: "sed: unmatched '/'\n", busyboxStatus: 1),
    ])
    func failsInEachBuildsWords(_ failure: Failure) throws {
        let gnu = try ImageShell.run(failure.script, in: ImageShell.gnu)
        #expect(gnu.standardError == failure.gnu)
        #expect(gnu.status == failure.gnuStatus)
        let busybox = try ImageShell.run(failure.script, in: ImageShell.busybox)
        #expect(busybox.standardError == failure.busybox)
        #expect(busybox.status == failure.busyboxStatus)
    }

    @Test func aLoopThatNeverEndsStops() throws {
        let result = try ImageShell.run("echo x | sed ':a;ba'", in: ImageShell.gnu)
        #expect(result.standardError.contains("layerlab: sed stopped after"))
        #expect(result.status == 1)
    }
}
