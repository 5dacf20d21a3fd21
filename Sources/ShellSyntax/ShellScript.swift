/// A parsed shell script (POSIX XCU 2.9): lists, pipelines, `&&`/`||`, subshells, brace groups,
/// `if`, `for`, `while`/`until`, `case`, function definitions, redirections on compound commands,
/// and simple commands with assignments and redirections; bash's `[[ … ]]` too.
public indirect enum ShellScript: Equatable, Sendable {
    case simple(SimpleCommand)
    case pipeline([ShellScript], negated: Bool)
    case and(ShellScript, ShellScript)
    case or(ShellScript, ShellScript)
    case sequence([ShellScript])
    case subshell(ShellScript)
    case group(ShellScript)
    case ifClause(branches: [IfBranch], elseBody: ShellScript?)
    case forLoop(variable: String, words: [ShellWord]?, body: ShellScript)
    case whileLoop(condition: ShellScript, body: ShellScript, until: Bool)
    case caseClause(word: ShellWord, items: [CaseItem])
    /// `cmd &`: layerlab runs it in the foreground (it simulates no concurrency) and says so.
    case background(ShellScript)
    /// `NAME() compound-command`: defines a function, which runs the body when called by name.
    case function(name: String, body: ShellScript)
    /// A compound command with redirections after it (`{ …; } >> file`, `done < file`).
    case redirected(ShellScript, [ShellRedirection])
    /// Bash's `[[ … ]]`: its words as written, with `&&`, `||`, `(`, `)`, `<` and `>` as unquoted
    /// words of their own.
    case conditional([ShellWord])

    public struct IfBranch: Equatable, Sendable {
        public var condition: ShellScript
        public var body: ShellScript
    }

    /// `pattern | pattern) commands ;;`
    public struct CaseItem: Equatable, Sendable {
        public var patterns: [ShellWord]
        /// Nil for an item with no commands.
        public var body: ShellScript?
    }
}

/// `NAME=value … word… redirection…`
public struct SimpleCommand: Equatable, Sendable {
    public var assignments: [ShellAssignment]
    public var words: [ShellWord]
    public var redirections: [ShellRedirection]
    /// For a declaration builtin (`local`, `export`, `declare`…): its arguments that are assignments,
    /// by their index in `words`, which the builtin takes unsplit (`local x=$y`), and in bash as
    /// arrays (`local a=( … )`, where the word is `a=`).
    public var declarations: [Int: ShellAssignment]

    public init(assignments: [ShellAssignment], words: [ShellWord], redirections: [ShellRedirection], declarations: [Int: ShellAssignment] = [:]) {
        self.assignments = assignments
        self.words = words
        self.redirections = redirections
        self.declarations = declarations
    }

    /// The builtins whose `NAME=value` arguments are assignments.
    public static let declarationBuiltins: Set<String> = ["local", "export", "readonly", "declare", "typeset"]
}
