import Foundation

/// `tree`
public struct TreeCommand: ShellCommand {
    public init() {}

    public func mayChangeWorld(_ arguments: [String]) -> Bool { false }

    public let help = CommandHelp(
        name: "tree", group: .files,
        abstract: "Show a folder and everything below it",
        usage: ["tree [-a] [FOLDER]"],
        discussion: "  -a  also show names starting with ."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let options = try ShortOptions(arguments, allowed: ["a"], command: "tree")
        guard options.operands.count <= 1 else { throw CommandFailure.usage("tree", "give at most one folder") }
        let typed = options.operands.first ?? "."
        let root = try context.workspace.resolve(typed, for: "tree")
        guard root.isDirectory else {
            throw CommandFailure("tree: \(typed): \(root.exists ? "Not a directory" : "No such file or directory")")
        }
        let glyphs = context.style.usesUnicode
            ? (branch: "├── ", last: "└── ", pipe: "│   ", blank: "    ")
            : (branch: "|-- ", last: "`-- ", pipe: "|   ", blank: "    ")
        var lines = [typed]
        var counts = (directories: 0, files: 0)
        func walk(_ folder: WorkspacePath, prefix: String) throws {
            let entries = try FileEntry.contents(of: folder, includeHidden: options.has("a"))
            for (index, entry) in entries.enumerated() {
                let isLast = index == entries.count - 1
                lines.append(prefix + (isLast ? glyphs.last : glyphs.branch) + (entry.path.isSymlink ? entry.displayName : entry.name))
                if entry.path.isDirectory && !entry.path.isSymlink {
                    counts.directories += 1
                    try walk(entry.path, prefix: prefix + (isLast ? glyphs.blank : glyphs.pipe))
                } else {
                    counts.files += 1
                }
            }
        }
        try walk(root, prefix: "")
        lines.append("")
        let directories = "\(counts.directories) \(counts.directories == 1 ? "directory" : "directories")"
        let files = "\(counts.files) \(counts.files == 1 ? "file" : "files")"
        lines.append("\(directories), \(files)")
        io.print(lines.joined(separator: "\n"))
        return 0
    }
}
