import LayerStore

/// `test` / `[`'s expressions: files, strings and integers, `!`, parentheses, and `-a` / `-o`
/// (`[ "$1" = redis-server -a "$(id -u)" = 0 ]`). Up to four arguments are read by POSIX's rules
/// by count, so `[ "$x" = -a ]` compares strings; longer ones by precedence: `!`, then `-a`, then `-o`.
struct TestExpression {
    let arguments: [String]

    /// Whether the expression holds in the process's files.
    func holds(in process: any ProcessEnvironment) -> Bool {
        Self.evaluate(arguments[...], process)
    }

    private static func evaluate(_ arguments: ArraySlice<String>, _ process: any ProcessEnvironment) -> Bool {
        let a = Array(arguments)
        switch a.count {
        case 0: return false
        case 1: return !a[0].isEmpty
        case 2:
            if a[0] == "!" { return a[1].isEmpty }
            return unary(a[0], a[1], process) ?? false
        case 3:
            if let result = binary(a[0], a[1], a[2]) { return result }
            if a[1] == "-a" { return !a[0].isEmpty && !a[2].isEmpty }
            if a[1] == "-o" { return !a[0].isEmpty || !a[2].isEmpty }
            if a[0] == "!" { return !evaluate(arguments.dropFirst(), process) }
            if a[0] == "(" && a[2] == ")" { return !a[1].isEmpty }
            return false
        case 4:
            if a[0] == "!" { return !evaluate(arguments.dropFirst(), process) }
            if a[0] == "(" && a[3] == ")" { return evaluate(arguments.dropFirst().dropLast(), process) }
            fallthrough
        default:
            var parser = Parser(words: a, process: process)
            return parser.or()
        }
    }

    /// `-a` and `-o` with their precedence, for expressions longer than POSIX's rules reach.
    private struct Parser {
        let words: [String]
        let process: any ProcessEnvironment
        var index = 0

        mutating func or() -> Bool {
            var result = and()
            while index < words.count, words[index] == "-o" {
                index += 1
                let right = and()
                result = result || right
            }
            return result
        }

        mutating func and() -> Bool {
            var result = not()
            while index < words.count, words[index] == "-a" {
                index += 1
                let right = not()
                result = result && right
            }
            return result
        }

        mutating func not() -> Bool {
            if index < words.count, words[index] == "!" {
                index += 1
                return !not()
            }
            return primary()
        }

        mutating func primary() -> Bool {
            guard index < words.count else { return false }
            if words[index] == "(" {
                index += 1
                let result = or()
                if index < words.count, words[index] == ")" { index += 1 }
                return result
            }
            if index + 2 < words.count, let result = TestExpression.binary(words[index], words[index + 1], words[index + 2]) {
                index += 3
                return result
            }
            if index + 1 < words.count, let result = TestExpression.unary(words[index], words[index + 1], process) {
                index += 2
                return result
            }
            index += 1
            return !words[index - 1].isEmpty
        }
    }

    /// A unary test (`-f FILE`, `-z STRING`…); nil when `op` is none.
    static func unary(_ op: String, _ operand: String, _ process: any ProcessEnvironment) -> Bool? {
        switch op {
        case "-z": return operand.isEmpty
        case "-n": return !operand.isEmpty
        case "-e", "-f", "-d", "-x", "-s", "-r", "-w", "-L", "-h": break
        default: return nil
        }
        let fileSystem = process.fileSystem
        let path = process.absolute(operand)
        // A file behind a folder the user may not search cannot be seen at all.
        let reachable = process.denial(.lookup, path) == nil
        let entry = reachable ? fileSystem.entry(at: fileSystem.resolvingSymlinks(path)) : nil
        // -r, -w and -x ask what the user may do, as access(2) answers.
        func allows(_ operation: FileAccess.Operation) -> Bool { entry != nil && process.denial(operation, path) == nil }
        switch op {
        case "-e": return entry != nil
        case "-f": return entry != nil && !entry!.isDirectory
        case "-d": return entry?.isDirectory == true
        case "-x": return allows(.execute)
        case "-s": return entry.map { $0.contentSize > 0 } ?? false
        case "-r": return allows(.read)
        case "-w": return allows(.write)
        default:
            if reachable, case .symlink? = fileSystem.entry(at: path)?.kind { return true }
            return false
        }
    }

    /// A binary test (`=`, `!=`, `-eq`…); nil when `op` is none.
    static func binary(_ left: String, _ op: String, _ right: String) -> Bool? {
        switch op {
        case "=", "==": return left == right
        case "!=": return left != right
        case "<": return left < right
        case ">": return left > right
        case "-eq": return Int(left) == Int(right)
        case "-ne": return Int(left) != Int(right)
        case "-lt": return (Int(left) ?? 0) < (Int(right) ?? 0)
        case "-le": return (Int(left) ?? 0) <= (Int(right) ?? 0)
        case "-gt": return (Int(left) ?? 0) > (Int(right) ?? 0)
        case "-ge": return (Int(left) ?? 0) >= (Int(right) ?? 0)
        default: return nil
        }
    }
}
