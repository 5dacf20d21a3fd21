import LayerlabBasics

/// A `find` expression: tests and actions joined by `!`, `-a` (or nothing), `-o` and parentheses,
/// with `!` binding tightest and `-o` loosest, as findutils and BusyBox parse it. Options that are
/// not positional (`-maxdepth`, `-mindepth`, `-depth`, `-xdev`) are read into `FindOptions` and count
/// as true where they stand.
indirect enum FindExpression {
    case and(FindExpression, FindExpression)
    case or(FindExpression, FindExpression)
    case not(FindExpression)
    case test(Test)
    case action(Action)

    enum Test {
        case name(String, ignoreCase: Bool)
        case path(String, ignoreCase: Bool)
        case type(Set<Character>)
        /// `-size [+-]N[unit]`: the comparison (-1 less, 0 equal, 1 more), N, the unit in bytes.
        case size(Int, Int64, unit: Int64)
        case empty
        case newer(Int64)
        /// `-perm MODE` (`exact`), `-perm -MODE` (`all`), `-perm /MODE` or `+MODE` (`any`).
        case permissions(UInt32, PermissionMatch)
        case user(Int), group(Int)
        /// `-mtime`/`-mmin`: the comparison, N, and the unit in seconds.
        case age(Int, Int64, unit: Int64)
        case executable
        case constant(Bool)
        case prune
    }

    enum PermissionMatch {
        case exact, all, any
    }

    enum Action {
        case print(terminator: String)
        case printFormat(String)
        case delete
        /// `-exec CMD ;` runs once per file; with `+`, once for all of them at the end.
        case exec([String], batch: Bool)
        case quit
    }

    /// Whether the expression has an action of its own; without one, find prints what matches.
    var hasAction: Bool {
        switch self {
        case .and(let left, let right), .or(let left, let right): left.hasAction || right.hasAction
        case .not(let inner): inner.hasAction
        case .test: false
        case .action: true
        }
    }
}

/// The options of a find run that are not tests.
struct FindOptions {
    var maxDepth = Int.max
    var minDepth = 0
    /// `-depth`, and `-delete`, which implies it: a folder after what is in it.
    var depthFirst = false
    /// `-L` or `-follow`: symlinks are followed, so tests see what they point to and a link to a
    /// folder is walked into.
    var followsLinks = false
}

/// Why an expression does not parse, worded per build.
struct FindExpressionError: Error {
    enum Kind {
        case unknown(String)
        case missingArgument(String)
        case invalidType(String)
        case invalidNumber(option: String, value: String)
        case unterminatedExec(String)
        case missingFile(String)
        case unknownUser(String), unknownGroup(String)
        case invalidMode(String)
        case invalidExpression
        case unsupported(String)
    }

    var kind: Kind

    /// The line find prints (without `find: `), in the build's words.
    func line(_ flavor: ToolFlavor) -> String {
        switch (kind, flavor) {
        case (.unknown(let word), .gnu): "find: unknown predicate `\(word)'"
        case (.unknown(let word), .busybox): "find: unrecognized: \(word)"
        case (.missingArgument(let word), .gnu): "find: missing argument to `\(word)'"
        case (.missingArgument(let word), .busybox): "find: \(word) requires an argument"
        case (.invalidType(let value), .gnu): "find: Unknown argument to -type: \(value)"
        case (.invalidType(let value), .busybox): "find: invalid argument '\(value)' to '-type'"
        case (.invalidNumber(let option, let value), .gnu): "find: Expected a positive decimal integer argument to \(option), but got '\(value)'"
        case (.invalidNumber(_, let value), .busybox): "find: invalid number '\(value)'"
        case (.unterminatedExec(let word), .gnu): "find: missing argument to `\(word)'"
        case (.unterminatedExec(let word), .busybox): "find: \(word) CMD must end by ';' or '+'"
        case (.missingFile(let file), .gnu): "find: '\(file)': No such file or directory"
        case (.missingFile(let file), .busybox): "find: \(file): No such file or directory"
        case (.unknownUser(let name), .gnu): "find: '\(name)' is not the name of a known user"
        case (.unknownUser(let name), .busybox): "find: unknown user '\(name)'"
        case (.unknownGroup(let name), .gnu): "find: '\(name)' is not the name of an existing group"
        case (.unknownGroup(let name), .busybox): "find: unknown group '\(name)'"
        case (.invalidMode(let mode), .gnu): "find: invalid mode '\(mode)'"
        case (.invalidMode(let mode), .busybox): "find: invalid mode '\(mode)'"
        case (.invalidExpression, .gnu): "find: invalid expression"
        case (.invalidExpression, .busybox): "find: invalid expression"
        case (.unsupported(let what), _): "layerlab: find's \(what) is not simulated"
        }
    }
}

/// Reads the words after the starting points into an expression.
struct FindParser {
    let words: [String]
    let flavor: ToolFlavor
    /// Looks a file's modification time up (`-newer FILE`), a user or group name up (`-user app`).
    let modificationTime: (String) -> Int64?
    let accounts: Accounts
    private(set) var options = FindOptions()
    private var index = 0

    init(words: [String], flavor: ToolFlavor, accounts: Accounts, modificationTime: @escaping (String) -> Int64?) {
        self.words = words
        self.flavor = flavor
        self.accounts = accounts
        self.modificationTime = modificationTime
    }

    /// The whole expression; nil when there is none (find then prints everything).
    mutating func parse() throws(FindExpressionError) -> FindExpression? {
        guard index < words.count else { return nil }
        let expression = try parseOr()
        guard index == words.count else { throw FindExpressionError(kind: words[index] == ")" ? .invalidExpression : .unknown(words[index])) }
        return expression
    }

    private mutating func parseOr() throws(FindExpressionError) -> FindExpression {
        var left = try parseAnd()
        while index < words.count, words[index] == "-o" || words[index] == "-or" {
            index += 1
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(FindExpressionError) -> FindExpression {
        var left = try parseNot()
        while index < words.count, words[index] != "-o", words[index] != "-or", words[index] != ")" {
            if words[index] == "-a" || words[index] == "-and" { index += 1 }
            left = .and(left, try parseNot())
        }
        return left
    }

    private mutating func parseNot() throws(FindExpressionError) -> FindExpression {
        guard index < words.count else { throw FindExpressionError(kind: .invalidExpression) }
        if words[index] == "!" || words[index] == "-not" {
            index += 1
            return .not(try parseNot())
        }
        if words[index] == "(" {
            index += 1
            let inner = try parseOr()
            guard index < words.count, words[index] == ")" else { throw FindExpressionError(kind: .invalidExpression) }
            index += 1
            return inner
        }
        return try primary()
    }

    private mutating func argument(for word: String) throws(FindExpressionError) -> String {
        guard index < words.count else { throw FindExpressionError(kind: .missingArgument(word)) }
        index += 1
        return words[index - 1]
    }

    private mutating func primary() throws(FindExpressionError) -> FindExpression {
        let word = words[index]
        index += 1
        switch word {
        case "-name", "-iname":
            return .test(.name(try argument(for: word), ignoreCase: word == "-iname"))
        case "-path", "-wholename", "-ipath", "-iwholename":
            return .test(.path(try argument(for: word), ignoreCase: word.hasPrefix("-i")))
        case "-type":
            let value = try argument(for: word)
            let letters = Set(value.filter { $0 != "," })
            guard !letters.isEmpty, letters.isSubset(of: Set("fdlbcps")), flavor == .gnu || value.count == 1 else {
                throw FindExpressionError(kind: .invalidType(value))
            }
            return .test(.type(letters))
        case "-size":
            let value = try argument(for: word)
            guard let size = Self.comparison(value, units: ["c": 1, "w": 2, "b": 512, "k": 1024, "M": 1 << 20, "G": 1 << 30], defaultUnit: 512) else {
                throw FindExpressionError(kind: .invalidNumber(option: word, value: value))
            }
            return .test(.size(size.comparison, size.amount, unit: size.unit))
        case "-empty": return .test(.empty)
        case "-newer":
            let file = try argument(for: word)
            guard let time = modificationTime(file) else { throw FindExpressionError(kind: .missingFile(file)) }
            return .test(.newer(time))
        case "-perm":
            let value = try argument(for: word)
            var text = Substring(value)
            var match = FindExpression.PermissionMatch.exact
            if text.hasPrefix("-") { match = .all; text = text.dropFirst() }
            else if text.hasPrefix("/") || text.hasPrefix("+") { match = .any; text = text.dropFirst() }
            guard let mode = FileModeExpression.apply(String(text), to: 0) else { throw FindExpressionError(kind: .invalidMode(value)) }
            return .test(.permissions(mode, match))
        case "-user":
            let name = try argument(for: word)
            guard let uid = accounts.uid(name) else { throw FindExpressionError(kind: .unknownUser(name)) }
            return .test(.user(uid))
        case "-group":
            let name = try argument(for: word)
            guard let gid = accounts.gid(name) else { throw FindExpressionError(kind: .unknownGroup(name)) }
            return .test(.group(gid))
        case "-mtime", "-mmin":
            let value = try argument(for: word)
            let unit: Int64 = word == "-mtime" ? 86_400 : 60
            guard let age = Self.comparison(value, units: [:], defaultUnit: unit) else {
                throw FindExpressionError(kind: .invalidNumber(option: word, value: value))
            }
            return .test(.age(age.comparison, age.amount, unit: unit))
        case "-executable": return .test(.executable)
        case "-true": return .test(.constant(true))
        case "-false": return .test(.constant(false))
        case "-prune": return .test(.prune)
        case "-maxdepth", "-mindepth":
            let value = try argument(for: word)
            guard let depth = Int(value), depth >= 0 else { throw FindExpressionError(kind: .invalidNumber(option: word, value: value)) }
            if word == "-maxdepth" { options.maxDepth = depth } else { options.minDepth = depth }
            return .test(.constant(true))
        case "-depth":
            options.depthFirst = true
            return .test(.constant(true))
        case "-xdev", "-mount", "-noleaf", "-ignore_readdir_race":
            return .test(.constant(true))
        case "-follow":
            options.followsLinks = true
            return .test(.constant(true))
        case "-print": return .action(.print(terminator: "\n"))
        case "-print0": return .action(.print(terminator: "\u{0}"))
        case "-printf" where flavor == .gnu: return .action(.printFormat(try argument(for: word)))
        case "-delete":
            options.depthFirst = true
            return .action(.delete)
        case "-quit": return .action(.quit)
        case "-exec", "-ok":
            var command: [String] = []
            while index < words.count, words[index] != ";" {
                if words[index] == "+", command.last == "{}" {
                    index += 1
                    return .action(.exec(command, batch: true))
                }
                command.append(words[index])
                index += 1
            }
            guard index < words.count, !command.isEmpty else { throw FindExpressionError(kind: .unterminatedExec(word)) }
            index += 1
            return .action(.exec(command, batch: false))
        case "-regex", "-iregex", "-execdir", "-okdir", "-ls", "-fprint", "-fprintf":
            throw FindExpressionError(kind: .unsupported(word))
        default:
            throw FindExpressionError(kind: .unknown(word))
        }
    }

    /// `+N`, `-N` or `N` with an optional unit letter.
    static func comparison(_ text: String, units: [Character: Int64], defaultUnit: Int64) -> (comparison: Int, amount: Int64, unit: Int64)? {
        var rest = Substring(text)
        var comparison = 0
        if rest.hasPrefix("+") { comparison = 1; rest = rest.dropFirst() } else if rest.hasPrefix("-") { comparison = -1; rest = rest.dropFirst() }
        var unit = defaultUnit
        if let last = rest.last, let given = units[last] {
            unit = given
            rest = rest.dropLast()
        }
        // Bounded so that N units in bytes cannot overflow.
        guard let amount = Int64(rest), amount >= 0, amount < 1 << 40 else { return nil }
        return (comparison, amount, unit)
    }
}
