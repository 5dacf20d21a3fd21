import LayerStore

/// `test` / `[`'s expressions: files, strings and integers, with a leading `!`.
struct TestExpression {
    let arguments: [String]

    /// Whether the expression holds in the process's files.
    func holds(in process: any ProcessEnvironment) -> Bool {
        if arguments.first == "!" { return !TestExpression(arguments: Array(arguments.dropFirst())).holds(in: process) }
        switch arguments.count {
        case 0: return false
        case 1: return !arguments[0].isEmpty
        case 2:
            let fileSystem = process.fileSystem
            let path = process.absolute(arguments[1])
            // A file behind a folder the user may not search cannot be seen at all.
            let reachable = process.denial(.lookup, path) == nil
            let entry = reachable ? fileSystem.entry(at: fileSystem.resolvingSymlinks(path)) : nil
            // -r, -w and -x ask what the user may do, as access(2) answers.
            func allows(_ operation: FileAccess.Operation) -> Bool { entry != nil && process.denial(operation, path) == nil }
            switch arguments[0] {
            case "-e": return entry != nil
            case "-f": return entry != nil && !entry!.isDirectory
            case "-d": return entry?.isDirectory == true
            case "-x": return allows(.execute)
            case "-s": return entry.map { $0.contentSize > 0 } ?? false
            case "-r": return allows(.read)
            case "-w": return allows(.write)
            case "-L", "-h":
                if reachable, case .symlink? = fileSystem.entry(at: path)?.kind { return true }
                return false
            case "-z": return arguments[1].isEmpty
            case "-n": return !arguments[1].isEmpty
            default: return false
            }
        default:
            let (left, op, right) = (arguments[0], arguments[1], arguments[2])
            switch op {
            case "=", "==": return left == right
            case "!=": return left != right
            case "-eq": return Int(left) == Int(right)
            case "-ne": return Int(left) != Int(right)
            case "-lt": return (Int(left) ?? 0) < (Int(right) ?? 0)
            case "-le": return (Int(left) ?? 0) <= (Int(right) ?? 0)
            case "-gt": return (Int(left) ?? 0) > (Int(right) ?? 0)
            case "-ge": return (Int(left) ?? 0) >= (Int(right) ?? 0)
            default: return false
            }
        }
    }
}
