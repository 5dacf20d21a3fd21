/// One finding, shaped as `hadolint -f json` prints it.
public struct LintFinding: Equatable, Sendable {
    public enum Level: String, Sendable {
        case error, warning, info, style
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
