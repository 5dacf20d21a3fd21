import Foundation

/// `ls`
public struct ListCommand: ShellCommand {
    public init() {}

    public func mayChangeWorld(_ arguments: [String]) -> Bool { false }

    public let help = CommandHelp(
        name: "ls", group: .files,
        abstract: "List files in the workspace",
        usage: ["ls [-a] [-l] [PATH...]"],
        discussion: """
        Folders are shown with a trailing /.
          -a  also show names starting with . (such as .dockerignore)
          -l  long form: permissions and size in bytes
        """
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let options = try ShortOptions(arguments, allowed: ["a", "l"], command: "ls")
        let operands = options.operands.isEmpty ? ["."] : options.operands
        var status: Int32 = 0
        var sections: [(title: String, entries: [FileEntry])] = []
        var files: [FileEntry] = []
        for typed in operands {
            let path = try context.workspace.resolve(typed, for: "ls")
            guard path.exists else {
                io.printError("ls: cannot access '\(typed)': No such file or directory")
                status = 2
                continue
            }
            if path.isDirectory {
                sections.append((typed, try FileEntry.contents(of: path, includeHidden: options.has("a"))))
            } else {
                files.append(FileEntry(path: path, name: typed))
            }
        }
        var blocks: [String] = []
        if !files.isEmpty { blocks.append(format(files, long: options.has("l"), style: context)) }
        for section in sections {
            let body = format(section.entries, long: options.has("l"), style: context)
            let showTitle = operands.count > 1
            blocks.append((showTitle ? "\(section.title):\n" : "") + body)
        }
        let text = blocks.filter { !$0.isEmpty }.joined(separator: "\n")
        if !text.isEmpty { io.write(text.hasSuffix("\n") ? text : text + "\n") }
        return status
    }

    private func format(_ entries: [FileEntry], long: Bool, style context: ShellContext) -> String {
        if entries.isEmpty { return "" }
        if long {
            let sizeWidth = entries.map { String($0.size).count }.max() ?? 1
            return entries.map { entry in
                let size = String(entry.size)
                return "\(entry.modeString)  \(String(repeating: " ", count: sizeWidth - size.count))\(size)  \(entry.displayName)\n"
            }.joined()
        }
        let names = entries.map(\.displayName)
        guard context.style.isTerminal else { return names.map { $0 + "\n" }.joined() }
        return Columns.layout(names, width: context.style.width)
    }
}

/// One file or folder as `ls` and `tree` show it.
struct FileEntry {
    let path: WorkspacePath
    let name: String

    init(path: WorkspacePath, name: String) {
        self.path = path
        self.name = name
    }

    static func contents(of folder: WorkspacePath, includeHidden: Bool) throws -> [FileEntry] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        return names
            .filter { includeHidden || !$0.hasPrefix(".") }
            .sorted()
            .map { FileEntry(path: folder.appending($0), name: $0) }
    }

    var attributes: [FileAttributeKey: Any] {
        (try? FileManager.default.attributesOfItem(atPath: path.url.path)) ?? [:]
    }

    var size: Int { (attributes[.size] as? NSNumber)?.intValue ?? 0 }

    var displayName: String {
        if path.isSymlink, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path.url.path) {
            return "\(name)@ -> \(target)"
        }
        return path.isDirectory ? name + "/" : name
    }

    var modeString: String {
        let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        let kind = path.isSymlink ? "l" : (path.isDirectory ? "d" : "-")
        let letters = Array("rwxrwxrwx")
        let bits = (0..<9).map { permissions & (1 << (8 - $0)) != 0 ? letters[$0] : "-" }
        return kind + String(bits)
    }
}

/// Names in columns across the screen, as `ls` lays them out on a terminal.
enum Columns {
    static func layout(_ names: [String], width: Int) -> String {
        let columnWidth = (names.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / columnWidth)
        let rows = (names.count + perRow - 1) / perRow
        var lines: [String] = []
        for row in 0..<rows {
            var line = ""
            for column in 0..<perRow {
                let index = column * rows + row
                guard index < names.count else { continue }
                let name = names[index]
                let isLast = (column + 1) * rows + row >= names.count
                line += isLast ? name : name.padding(toLength: columnWidth, withPad: " ", startingAt: 0)
            }
            lines.append(line)
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
