import Foundation
import ImageModel
import LayerStore
import SimulatedShell
import Testing

/// `dd`, `truncate`, `fallocate` and `head -c` make files of a given size, kept as runs of zeros, and
/// word their summaries and errors as each flavor does. BusyBox's words were recorded on the reference
/// engine (`docker run --rm refbox:1 sh -c 'exec 2>&1; …'`, BusyBox 1.35.0), except dd's third summary
/// line, which the reference's Debian build leaves out and upstream BusyBox (the busybox and Alpine
/// images) prints: it follows upstream's dd.c. GNU's words are this machine's coreutils 9.1 and
/// util-linux (Debian bookworm) under `LC_ALL=C`, as a container has no locale.
@Suite struct ByteToolsTests {
    /// A container's process: the image's files with the runtime's `/dev` and `/proc` over them. The
    /// catalog's Debian has no dd, truncate or fallocate yet, so `gnuTools` puts Debian's there.
    func process(_ image: String, gnuTools: Bool = false, _ limits: (inout ShellLimits) -> Void = { _ in }) throws -> ShellProcess {
        let layers = try #require(ShellProcessTests.catalog.image(for: ImageReference.parse(image))).layers
        var files = ContainerFileSystem(lower: UnionView(layers: layers))
        files.mounts = RuntimeFiles.container(hostname: "0123456789ab", address: "172.17.0.2")
        if gnuTools {
            for name in ["dd", "truncate", "fallocate"] { files.write(.file("/usr/bin/" + name, .synthetic(seed: "coreutils:" + name, size: 80_000), mode: 0o755)) }
        }
        let process = ShellProcess(fileSystem: files, environment: [:])
        limits(&process.limits)
        return process
    }

    func content(_ path: String, in process: ShellProcess) -> FileContent? {
        guard case .file(let content)? = process.fileSystem.entry(at: path)?.kind else { return nil }
        return content
    }

    @Test func ddOfZerosMakesARunOfZerosAndSaysSoInEachFlavor() throws {
        let busybox = try process("alpine:3.20")
        let small = busybox.run(script: "dd if=/dev/zero of=/tmp/f bs=1M count=2")
        #expect(small.status == 0)
        #expect(small.standardError == "2+0 records in\n2+0 records out\n2097152 bytes (2.0MB) copied, 0.001898 seconds, 1.0GB/s\n")
        #expect(content("/tmp/f", in: busybox) == .zeros(size: 2_097_152))
        let gnu = try process("debian:bookworm-slim", gnuTools: true)
        let same = gnu.run(script: "dd if=/dev/zero of=/tmp/f bs=1M count=2")
        #expect(same.standardError == "2+0 records in\n2+0 records out\n2097152 bytes (2.1 MB, 2.0 MiB) copied, 0.0018981 s, 1.1 GB/s\n")
        #expect(gnu.run(script: "dd if=/dev/zero of=/tmp/g bs=1 count=1").standardError.hasSuffix("\n1 byte copied, 0.000500001 s, 2.0 kB/s\n"))
        #expect(gnu.run(script: "dd if=/dev/zero of=/tmp/g bs=1kB count=1").standardError.contains("\n1000 bytes (1.0 kB) copied, "))
        #expect(gnu.run(script: "dd if=/dev/zero of=/tmp/g bs=1MB count=1").standardError.contains("\n1000000 bytes (1.0 MB, 977 KiB) copied, "))
        #expect(gnu.run(script: "dd if=/dev/zero of=/tmp/g bs=1M count=100").standardError.contains("\n104857600 bytes (105 MB, 100 MiB) copied, "))
        #expect(gnu.run(script: "dd if=/dev/zero of=/tmp/g bs=2x3 count=1 status=noxfer").standardError == "1+0 records in\n1+0 records out\n")
        #expect(gnu.run(script: "dd if=/dev/zero of=/tmp/g count=1 status=none").standardError == "")
        #expect(content("/tmp/g", in: gnu)?.size == 512)
    }

    /// A gigabyte written by dd is a count, not a gigabyte of memory.
    @Test func aGigabyteOfZerosIsACount() throws {
        let shell = try process("alpine:3.20")
        #expect(shell.run(script: "dd if=/dev/zero of=/big bs=1M count=1024 status=none && ls -l /big | wc -l").standardOutput == "1\n")
        #expect(content("/big", in: shell) == .zeros(size: 1 << 30))
        #expect(shell.fileSystem.changes.contentSize == 1 << 30)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let script: String
        var gnu = false
        let output: String
        var status: Int32 = 1
        var testDescription: String { script }
    }

    @Test(arguments: [
        Case(script: "dd if=/dev/zero of=/tmp/x bs=1x count=1", output: "dd: invalid number '1x'\n"),
        Case(script: "dd if=/dev/zero of=/tmp/x bs=1X count=1", gnu: true, output: "dd: invalid number: '1X'\n"),
        Case(script: "dd if=/dev/zero of=/tmp/x bs=0 count=1", output: "dd: number 0 is not in 1..9223372036854775807 range\n"),
        Case(script: "dd if=/dev/zero of=/tmp/x bs=0 count=1", gnu: true, output: "dd: invalid number: '0'\n"),
        Case(script: "dd foo=bar", gnu: true, output: "dd: unrecognized operand 'foo=bar'\nTry 'dd --help' for more information.\n"),
        Case(script: "dd if=/dev/zero of=/tmp/x count=1 status=bogus", output: "dd: invalid argument 'bogus' to 'status'\n"),
        Case(script: "dd if=/dev/zero of=/tmp/x count=1 status=bogus", gnu: true, output: "dd: invalid status level: 'bogus'\nTry 'dd --help' for more information.\n"),
        Case(script: "dd if=/dev/zero of=/tmp/x count=1 conv=bogus", gnu: true, output: "dd: invalid conversion: 'bogus'\nTry 'dd --help' for more information.\n"),
        Case(script: "dd if=/nonexist of=/tmp/x", output: "dd: can't open '/nonexist': No such file or directory\n"),
        Case(script: "dd if=/nonexist of=/tmp/x", gnu: true, output: "dd: failed to open '/nonexist': No such file or directory\n"),
        Case(script: "dd if=/dev/zero of=/nonexist/x count=1", output: "dd: can't open '/nonexist/x': No such file or directory\n"),
        Case(script: "dd if=/tmp bs=1 count=1", output: "dd: /tmp: Is a directory\n"),
        Case(script: "dd if=/tmp bs=1 count=1", gnu: true,
             output: "dd: error reading '/tmp': Is a directory\n0+0 records in\n0+0 records out\n0 bytes copied, 0.0005 s, 0.0 kB/s\n"),
        Case(script: "printf abc | dd of=/dev/full status=noxfer", output: "dd: error writing '/dev/full': No space left on device\n0+1 records in\n0+0 records out\n"),
        Case(script: "head -c 1K /dev/zero", output: "head: invalid number '1K'\n"),
        Case(script: "head -c 1x /dev/zero", gnu: true, output: "head: invalid number of bytes: '1x'\n"),
        Case(script: "head -c 3 /nonexist", output: "head: /nonexist: No such file or directory\n"),
        Case(script: "head -c 3 /nonexist", gnu: true, output: "head: cannot open '/nonexist' for reading: No such file or directory\n"),
        Case(script: "truncate -s 5x /tmp/a", output: "truncate: invalid number '5x'\n"),
        Case(script: "truncate -s +1K /tmp/a", output: "truncate: invalid number '+1K'\n"),
        Case(script: "truncate -s 5x /tmp/a", gnu: true, output: "truncate: Invalid number: '5x'\n"),
        Case(script: "truncate /tmp/a", gnu: true, output: "truncate: you must specify either '--size' or '--reference'\nTry 'truncate --help' for more information.\n"),
        Case(script: "truncate -s 1M", gnu: true, output: "truncate: missing file operand\nTry 'truncate --help' for more information.\n"),
        Case(script: "truncate -s 1M /nonexist/a", output: "truncate: /nonexist/a: open: No such file or directory\n"),
        Case(script: "truncate -s 1M /nonexist/a", gnu: true, output: "truncate: cannot open '/nonexist/a' for writing: No such file or directory\n"),
        Case(script: "truncate -s 1M /tmp", output: "truncate: /tmp: open: Is a directory\n"),
        Case(script: "fallocate -l 5X /tmp/b", output: "fallocate: invalid number '5X'\n"),
        Case(script: "fallocate -l 5X /tmp/b", gnu: true, output: "fallocate: invalid length value specified\n"),
        Case(script: "fallocate /tmp/b", gnu: true, output: "fallocate: no length argument specified\n"),
        Case(script: "fallocate -l 1M", gnu: true, output: "fallocate: no filename specified\n"),
        Case(script: "fallocate -l 1M /nonexist/b", output: "fallocate: can't open '/nonexist/b': No such file or directory\n"),
        Case(script: "fallocate -l 1M /nonexist/b", gnu: true, output: "fallocate: cannot open /nonexist/b: No such file or directory\n"),
        Case(script: "fallocate -l 1M /tmp", output: "fallocate: can't open '/tmp': Is a directory\n"),
        Case(script: "fallocate -l 0 /tmp/c", output: "fallocate: fallocate '/tmp/c': Invalid argument\n"),
        Case(script: "cat /dev/tty", output: "cat: can't open '/dev/tty': No such device or address\n"),
        // The shell names itself as it was run (/bin/sh); a redirection ash cannot open is status 1
        // (reference engine: `docker run --rm refbox:1 sh -c 'echo x > /dev/tty'; echo $?` gives 1).
        Case(script: "echo x > /dev/tty", output: "/bin/sh: can't create /dev/tty: No such device or address\n", status: 1),
        Case(script: "rm /etc/hosts", output: "rm: can't remove '/etc/hosts': Device or resource busy\n"),
    ])
    func refusalsAreWordedAsEachFlavorWordsThem(_ testCase: Case) throws {
        let result = try process(testCase.gnu ? "debian:bookworm-slim" : "alpine:3.20", gnuTools: testCase.gnu).run(script: testCase.script)
        #expect(result.standardError == testCase.output)
        #expect(result.status == testCase.status)
    }

    @Test func ddSkipsSeeksAndKeepsTheRestWithNotrunc() throws {
        let shell = try process("alpine:3.20")
        let piped = shell.run(script: "printf hello | dd bs=2 skip=1")
        #expect(piped.standardOutput == "llo")
        #expect(piped.standardError.hasPrefix("1+1 records in\n1+1 records out\n"))
        #expect(shell.run(script: "printf hello | dd ibs=2 obs=3 status=noxfer").standardError == "2+1 records in\n1+1 records out\n")
        _ = shell.run(script: "printf hello > /tmp/y; dd if=/dev/zero of=/tmp/y bs=1 count=2 seek=1 conv=notrunc status=none")
        #expect(content("/tmp/y", in: shell)?.data == Data("h\0\0lo".utf8))
        _ = shell.run(script: "printf hello > /tmp/y; dd if=/dev/zero of=/tmp/y bs=1 count=2 seek=1 status=none")
        #expect(content("/tmp/y", in: shell)?.data == Data("h\0\0".utf8))
        _ = shell.run(script: "dd if=/dev/zero of=/tmp/x bs=1M count=1 seek=2 status=none")
        #expect(content("/tmp/x", in: shell) == .zeros(size: 3 << 20))
        #expect(shell.run(script: "printf hi | dd conv=sync bs=512 status=noxfer | wc -c").standardOutput == "512\n")
    }

    @Test func headTruncateAndFallocateMakeZeros() throws {
        let shell = try process("alpine:3.20")
        #expect(shell.run(script: "head -c 1000000 /dev/zero > /f; head -c 5 /dev/zero | wc -c; head -c 2m /dev/zero | wc -c").standardOutput == "5\n2097152\n")
        #expect(content("/f", in: shell) == .zeros(size: 1_000_000))
        _ = shell.run(script: "truncate -s 10M /t; fallocate -l 1MB /a")
        #expect(content("/t", in: shell) == .zeros(size: 10 << 20))
        #expect(content("/a", in: shell) == .zeros(size: 1_000_000))
        // What is there stays; past its end come zeros.
        _ = shell.run(script: "printf hi > /h; truncate -s 5 /h; printf hello > /k; fallocate -l 3 /k")
        #expect(content("/h", in: shell)?.data == Data("hi\0\0\0".utf8))
        #expect(content("/k", in: shell)?.data == Data("hello".utf8))
        #expect(shell.run(script: "printf abcdef > /s; head -c -2 /s").standardOutput == "abcd")
        let gnu = try process("debian:bookworm-slim", gnuTools: true)
        _ = gnu.run(script: "truncate -s 10M /t; truncate -s +1K /t; truncate -s 1MiB /u; fallocate -l 1MiB /v")
        #expect(content("/t", in: gnu) == .zeros(size: (10 << 20) + 1024))
        #expect(content("/u", in: gnu)?.size == 1 << 20)
        #expect(content("/v", in: gnu)?.size == 1 << 20)
        _ = gnu.run(script: "printf hello > /p; fallocate -p -o 1 -l 2 /p")
        #expect(content("/p", in: gnu)?.data == Data("h\0\0lo".utf8))
    }

    /// A text appended to a large file joins it without copying its bytes, and reads back whole.
    @Test func appendingToARunOfZerosKeepsItACount() throws {
        let shell = try process("alpine:3.20")
        _ = shell.run(script: "head -c 1000000 /dev/zero > /log; echo end >> /log")
        let joined = try #require(content("/log", in: shell))
        #expect(joined.size == 1_000_004)
        #expect(joined.residentBytes == 4)
        #expect(shell.run(script: "tail -n 1 /log").standardOutput.hasSuffix("end\n"))
    }

    @Test func devicesWithoutEndStopAtTheOutputOrAFileAndFeedAPipe() throws {
        let shell = try process("alpine:3.20")
        let terminal = shell.run(script: "cat /dev/zero; echo never")
        #expect(terminal.status == 1)
        #expect(terminal.standardError == "layerlab: stopped: the output would grow without end: /dev/zero never ends (give a size: head -c SIZE /dev/zero)\n")
        #expect(!terminal.standardOutput.contains("never"))
        let file = shell.run(script: "cat /dev/zero > /f")
        #expect(file.standardError == "layerlab: stopped: /f would grow without end: /dev/zero never ends (give a size: head -c SIZE /dev/zero)\n")
        // The shell made the file before cat ran; nothing of the endless stream is kept.
        #expect(shell.fileSystem.entry(at: "/f")?.contentSize == 0)
        // A pipe's reader takes what it needs, as it stops a real writer.
        #expect(shell.run(script: "cat /dev/zero | head -c 8 | wc -c").standardOutput == "8\n")
        #expect(shell.run(script: "head -c 4 /dev/null | wc -c; grep x /dev/null; echo $?").standardOutput == "0\n1\n")
    }

    @Test func sizesPastTheLimitsStopWithAMessage() throws {
        let large = try process("alpine:3.20") { $0.fileSize = 1_000_000 }.run(script: "head -c 2000000 /dev/zero > /f")
        #expect(large.status == 1)
        #expect(large.standardError == "layerlab: stopped: /f would be 2,000,000 bytes, over layerlab's limit of 1,000,000 for the size of one file\n")
        let piped = try process("alpine:3.20") { $0.fileBytes = 4_000 }.run(script: "head -c 5000 /dev/zero | wc -c")
        #expect(piped.standardError == "layerlab: stopped: a pipe would hold 5,000 bytes, over layerlab's limit of 4,000 for text held in memory\n")
        let shown = try process("alpine:3.20") { $0.fileBytes = 4_000 }.run(script: "head -c 5000 /dev/zero")
        #expect(shown.standardError == "layerlab: stopped: the output would hold 5,000 bytes, over layerlab's limit of 4,000 for text held in memory\n")
        #expect(shown.standardOutput.utf8.count == 4_000, "what was written up to the limit is shown")
    }
}
