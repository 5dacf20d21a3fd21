/// One instruction as BuildKit's parser returns it, before any meaning is given to it.
public struct SyntaxNode: Equatable, Sendable {
    /// The keyword as written (`FROM`, `from`); empty only for a line BuildKit could not split.
    public var keyword: String
    /// The instruction text after continuation lines were joined and comments inside them dropped. For
    /// an instruction with heredocs, the heredoc bodies and terminator lines follow, one per line.
    public var original: String
    /// 1-based.
    public var startLine: Int
    public var endLine: Int
    /// `--name=value` words before the arguments, as written.
    public var flags: [String]
    /// The argument nodes: for ENV and LABEL key, value, key, value…; for JSON form the decoded strings.
    public var arguments: [String]
    /// True when the arguments were written as a JSON array (exec form).
    public var isJSON: Bool
    public var heredocs: [HeredocBody]
    /// For `ONBUILD X …`, the instruction X; its flags are kept on it.
    public var subcommand: Subcommand?
    /// ENV or LABEL in the legacy `KEY value` form (no `=`), which BuildKit's LegacyKeyValueFormat check
    /// reports.
    public var usesLegacyKeyValueFormat = false

    /// The instruction inside ONBUILD.
    public struct Subcommand: Equatable, Sendable {
        public var keyword: String
        public var flags: [String]
        public var arguments: [String]
        public var isJSON: Bool

        public init(keyword: String, flags: [String], arguments: [String], isJSON: Bool) {
            self.keyword = keyword
            self.flags = flags
            self.arguments = arguments
            self.isJSON = isJSON
        }
    }

    /// The keyword in lower case, as BuildKit dispatches on it.
    public var lowercasedKeyword: String { keyword.lowercased() }
}

/// A here-document attached to RUN, COPY or ADD.
public struct HeredocBody: Equatable, Sendable {
    /// The delimiter word with quotes removed.
    public var name: String
    public var fileDescriptor: Int
    /// False when any part of the delimiter was quoted: the body is then taken literally.
    public var expands: Bool
    /// `<<-`: leading tabs are stripped.
    public var chomps: Bool
    /// The body lines exactly as in the file, line endings included.
    public var content: String

    public init(name: String, fileDescriptor: Int, expands: Bool, chomps: Bool, content: String) {
        self.name = name
        self.fileDescriptor = fileDescriptor
        self.expands = expands
        self.chomps = chomps
        self.content = content
    }
}

/// What BuildKit's parser returns for a whole file.
public struct DockerfileSyntax: Equatable, Sendable {
    public var nodes: [SyntaxNode]
    public var escapeToken: Unicode.Scalar
    /// The `# syntax=` directive, when present.
    public var syntaxDirective: String?
    /// BuildKit's warnings, e.g. empty continuation lines.
    public var warnings: [DockerfileWarning]
}

/// A parser warning with its line.
public struct DockerfileWarning: Equatable, Sendable {
    public var message: String
    public var line: Int
}
