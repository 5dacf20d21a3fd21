import Foundation
import LayerStore

/// `find`: starting points, then an expression (`FindExpression`) of tests (`-name`, `-iname`,
/// `-path`, `-type`, `-size`, `-empty`, `-newer`, `-perm`, `-user`, `-group`, `-mtime`, `-mmin`,
/// `-executable`, `-prune`) and actions (`-print`, `-print0`, `-printf` on GNU, `-delete`,
/// `-exec … ;` and `-exec … {} +`, `-quit`), with `-maxdepth`, `-mindepth` and `-depth`.
/// Symlinks are not followed (find's default `-P`) unless `-L` or `-follow` asks. A real find lists a folder in the order its
/// directory gives the names (on overlayfs over ext4, hash order, which varies from machine to
/// machine); this one lists them in the filesystem's order, which is by name.
struct Findutils: ProgramFamily {
    let names: Set<String> = ["find"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let flavor = ToolFlavor.of("find", in: process)
        var rest = arguments[...]
        var followsLinks = false
        while let first = rest.first, ["-H", "-P", "-L"].contains(first) {
            followsLinks = first == "-L"
            rest = rest.dropFirst()
        }
        var starts: [String] = []
        while let first = rest.first, !(first.hasPrefix("-") && first.count > 1), first != "(", first != "!" {
            starts.append(first)
            rest = rest.dropFirst()
        }
        let fileSystem = process.fileSystem
        var parser = FindParser(words: Array(rest), flavor: flavor, accounts: Accounts(of: process)) { file in
            fileSystem.entry(at: fileSystem.resolvingSymlinks(process.absolute(file)))?.modificationTime
        }
        let parsed: FindExpression?
        do {
            parsed = try parser.parse()
        } catch {
            process.writeError(error.line(flavor) + "\n")
            return 1
        }
        let print = FindExpression.action(.print(terminator: "\n"))
        let expression = parsed.map { $0.hasAction ? $0 : .and($0, print) } ?? print
        var options = parser.options
        if followsLinks { options.followsLinks = true }
        var run = FindRun(process: process, expression: expression, options: options, flavor: flavor)
        for start in starts.isEmpty ? ["."] : starts {
            run.walk(start)
        }
        run.finish()
        return run.status
    }
}

/// One find run: the walk, the expression evaluated on each entry, and what `-exec … +` gathered.
private struct FindRun {
    let process: any ProcessEnvironment
    let expression: FindExpression
    let options: FindOptions
    let flavor: ToolFlavor
    let accounts: Accounts
    let now: Int64
    private(set) var status: Int32 = 0
    private var quit = false
    private var pruned = false
    /// `-exec … {} +` commands with the paths each gathered, in the order they first ran.
    private var batches: [(command: [String], paths: [String])] = []

    init(process: any ProcessEnvironment, expression: FindExpression, options: FindOptions, flavor: ToolFlavor) {
        self.process = process
        self.expression = expression
        self.options = options
        self.flavor = flavor
        accounts = Accounts(of: process)
        now = Int64(process.now.timeIntervalSince1970)
    }

    private struct Item {
        var shown: String
        var path: String
        var entry: LayerEntry
        var depth: Int
    }

    mutating func walk(_ start: String) {
        let path = process.absolute(start)
        guard process.fileSystem.entry(at: path) != nil else {
            process.writeError(FindExpressionError(kind: .missingFile(start)).line(flavor) + "\n")
            status = 1
            return
        }
        visit(shown: start, path: path, depth: 0)
    }

    private mutating func visit(shown: String, path: String, depth: Int, walked: Set<String> = []) {
        let fileSystem = process.fileSystem
        // Followed, a link is what it points to (a link that points nowhere stays a link).
        let resolved = options.followsLinks ? fileSystem.resolvingSymlinks(path) : path
        guard !quit, let entry = fileSystem.entry(at: resolved) ?? fileSystem.entry(at: path) else { return }
        let item = Item(shown: shown, path: path, entry: entry, depth: depth)
        pruned = false
        if !options.depthFirst && depth >= options.minDepth { _ = evaluate(expression, item) }
        // A folder already on the way down (a link to a folder above) is not walked again.
        if entry.isDirectory && depth < options.maxDepth && !pruned && !walked.contains(resolved) {
            for name in process.fileSystem.children(of: resolved) {
                visit(shown: shown.hasSuffix("/") ? shown + name : shown + "/" + name, path: path == "/" ? "/" + name : path + "/" + name, depth: depth + 1,
                      walked: walked.union([resolved]))
            }
        }
        if options.depthFirst && depth >= options.minDepth && !quit { _ = evaluate(expression, item) }
    }

    /// Runs what `-exec … +` gathered.
    mutating func finish() {
        for batch in batches {
            var words = Array(batch.command.dropLast())
            words += batch.paths
            if run(words) != 0 { status = 1 }
        }
        batches = []
    }

    private mutating func evaluate(_ expression: FindExpression, _ item: Item) -> Bool {
        switch expression {
        case .and(let left, let right):
            if !evaluate(left, item) { return false }
            return evaluate(right, item)
        case .or(let left, let right):
            if evaluate(left, item) { return true }
            return evaluate(right, item)
        case .not(let inner):
            return !evaluate(inner, item)
        case .test(let test):
            return self.test(test, item)
        case .action(let action):
            return perform(action, item)
        }
    }

    private mutating func test(_ test: FindExpression.Test, _ item: Item) -> Bool {
        let entry = item.entry
        switch test {
        case .name(let pattern, let ignoreCase):
            let name = Self.baseName(item.shown)
            return ignoreCase ? ShellPattern.fnmatch(pattern.lowercased(), matches: name.lowercased()) : ShellPattern.fnmatch(pattern, matches: name)
        case .path(let pattern, let ignoreCase):
            return ignoreCase ? ShellPattern.fnmatch(pattern.lowercased(), matches: item.shown.lowercased()) : ShellPattern.fnmatch(pattern, matches: item.shown)
        case .type(let letters):
            switch entry.kind {
            case .directory: return letters.contains("d")
            case .file: return letters.contains("f")
            case .symlink: return letters.contains("l")
            case .characterDevice: return letters.contains("c")
            }
        case .size(let comparison, let amount, let unit):
            let size = entry.isDirectory ? 4096 : entry.contentSize
            // GNU counts whole units, rounding up (`-size -1k` is an empty file); BusyBox compares bytes.
            let (value, wanted) = flavor == .gnu ? ((size + unit - 1) / unit, amount) : (size, amount * unit)
            return comparison < 0 ? value < wanted : comparison > 0 ? value > wanted : value == wanted
        case .empty:
            return entry.isDirectory ? process.fileSystem.children(of: item.path).isEmpty : entry.contentSize == 0 && !isSymlink(entry)
        case .newer(let time):
            return entry.modificationTime > time
        case .permissions(let mode, let match):
            let bits = entry.mode & 0o7777
            switch match {
            case .exact: return bits == mode
            case .all: return bits & mode == mode
            case .any: return mode == 0 || bits & mode != 0
            }
        case .user(let uid): return entry.uid == uid
        case .group(let gid): return entry.gid == gid
        case .age(let comparison, let amount, let unit):
            let age = (now - entry.modificationTime) / unit
            return comparison < 0 ? age < amount : comparison > 0 ? age > amount : age == amount
        case .executable:
            return entry.mode & 0o111 != 0
        case .constant(let value):
            return value
        case .prune:
            pruned = true
            return true
        }
    }

    private func isSymlink(_ entry: LayerEntry) -> Bool {
        if case .symlink = entry.kind { return true }
        return false
    }

    private mutating func perform(_ action: FindExpression.Action, _ item: Item) -> Bool {
        switch action {
        case .print(let terminator):
            process.write(item.shown + terminator)
            return true
        case .printFormat(let format):
            process.write(printf(format, item))
            return true
        case .delete:
            // find leaves its starting point `.` alone; a folder still holding files stays, with a message.
            if item.shown == "." || item.path == "/" { return true }
            if item.entry.isDirectory, !process.fileSystem.children(of: item.path).isEmpty {
                process.writeError(flavor == .gnu ? "find: cannot delete '\(item.shown)': Directory not empty\n" : "find: \(item.shown): Directory not empty\n")
                status = 1
                return false
            }
            process.fileSystem.remove(item.path)
            return true
        case .exec(let command, let batch):
            if batch {
                if let index = batches.firstIndex(where: { $0.command == command }) {
                    batches[index].paths.append(item.shown)
                } else {
                    batches.append((command, [item.shown]))
                }
                return true
            }
            return run(command.map { $0.replacingOccurrences(of: "{}", with: item.shown) }) == 0
        case .quit:
            quit = true
            return true
        }
    }

    /// Runs a command line as find does, without a shell in between: each word quoted for the child.
    private func run(_ words: [String]) -> Int32 {
        let quoted = words.map { word in "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return process.runShell(["-c", quoted.joined(separator: " ")], standardInput: "")
    }

    /// The last name of a path as find shows it (`.` for `.`, `/` for `/`).
    static func baseName(_ shown: String) -> String {
        var trimmed = Substring(shown)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed == "/" { return "/" }
        return trimmed.split(separator: "/").last.map(String.init) ?? String(trimmed)
    }

    /// GNU's `-printf` for the directives scripts use: `%p %f %h %P %s %m %M %u %g %U %G %d %y %l %t %%`
    /// and the escapes `\n \t \\ \0`.
    private func printf(_ format: String, _ item: Item) -> String {
        var output = ""
        var characters = Array(format)[...]
        let entry = item.entry
        while let character = characters.popFirst() {
            if character == "\\", let next = characters.popFirst() {
                switch next {
                case "n": output += "\n"
                case "t": output += "\t"
                case "0": output += "\u{0}"
                default: output.append(next)
                }
                continue
            }
            guard character == "%", let directive = characters.popFirst() else {
                output.append(character)
                continue
            }
            switch directive {
            case "p": output += item.shown
            case "f": output += Self.baseName(item.shown)
            case "h":
                let parts = item.shown.split(separator: "/", omittingEmptySubsequences: false)
                output += parts.count > 1 ? parts.dropLast().joined(separator: "/") : "."
            case "P":
                let parts = item.shown.split(separator: "/", omittingEmptySubsequences: false)
                output += item.depth == 0 ? "" : parts.suffix(item.depth).joined(separator: "/")
            case "s": output += String(entry.isDirectory ? 4096 : entry.contentSize)
            case "m": output += String(entry.mode & 0o7777, radix: 8)
            case "M": output += LongListing.modeString(entry)
            case "u": output += accounts.userName(entry.uid)
            case "g": output += accounts.groupName(entry.gid)
            case "U": output += String(entry.uid)
            case "G": output += String(entry.gid)
            case "d": output += String(item.depth)
            case "y": output += entry.isDirectory ? "d" : isSymlink(entry) ? "l" : "f"
            case "l": if case .symlink(let target) = entry.kind { output += target }
            case "t": output += Strftime.format("%a %b %e %H:%M:%S.0000000000 %Y", entry.modificationTime)
            case "%": output += "%"
            default: output += "%" + String(directive)
            }
        }
        return output
    }
}
