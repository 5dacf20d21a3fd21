import Foundation

/// `cat`
public struct ConcatenateCommand: ShellCommand {
    public init() {}

    public func mayChangeWorld(_ arguments: [String]) -> Bool { false }

    public let help = CommandHelp(
        name: "cat", group: .files,
        abstract: "Print files, or write one with a heredoc",
        usage: ["cat FILE...", "cat > FILE <<'EOF'"],
        discussion: """
        Prints the files one after another. With no file, prints what comes on standard input, which is how
        you write a file without an editor:

          cat > Dockerfile <<'EOF'
          FROM python:3.12-slim
          EOF
        """
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let options = try ShortOptions(arguments, allowed: [], command: "cat")
        if options.operands.isEmpty {
            io.write(io.standardInput ?? "")
            return 0
        }
        var status: Int32 = 0
        for typed in options.operands {
            if typed == "-" {
                io.write(io.standardInput ?? "")
                continue
            }
            let path = try context.workspace.resolve(typed, for: "cat")
            if path.isDirectory {
                io.printError("cat: \(typed): Is a directory")
                status = 1
            } else if let file = FileHandle(forReadingAtPath: path.url.path) {
                defer { try? file.close() }
                try stream(file, to: io)
            } else {
                io.printError("cat: \(typed): No such file or directory")
                status = 1
            }
        }
        return status
    }

    /// Copies a file to the output a megabyte at a time, so a large file is never held whole; a UTF-8
    /// character cut at a chunk's end waits for the rest of its bytes.
    func stream(_ file: FileHandle, to io: CommandIO) throws {
        var pending = Data()
        while let chunk = try file.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(chunk)
            var cut = pending.count
            // Back up over the bytes of a character that is not complete yet (at most three).
            var back = 0
            while back < 3, cut - back - 1 >= 0, pending[pending.startIndex + cut - back - 1] & 0xC0 == 0x80 { back += 1 }
            if cut - back - 1 >= 0 {
                let lead = pending[pending.startIndex + cut - back - 1]
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                if length > back + 1 { cut -= back + 1 }
            }
            io.write(String(decoding: pending.prefix(cut), as: UTF8.self))
            pending = Data(pending.dropFirst(cut))
        }
        if !pending.isEmpty { io.write(String(decoding: pending, as: UTF8.self)) }
    }
}
