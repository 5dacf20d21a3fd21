/// One finding, shaped as `hadolint -f json` prints it.
public struct LintFinding: Equatable, Sendable, Codable {
    public enum Level: String, Sendable, Codable, Comparable {
        case error, warning, info, style

        private var rank: Int { [.error: 0, .warning: 1, .info: 2, .style: 3][self]! }
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    public var code: String
    public var line: Int
    public var column: Int
    public var level: Level
    public var message: String

    public init(code: String, line: Int, column: Int = 1, level: Level, message: String) {
        self.code = code
        self.line = line
        self.column = column
        self.level = level
        self.message = message
    }
}
