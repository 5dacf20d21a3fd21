/// One finding, shaped as `hadolint -f json` prints it.
public struct LintFinding: Equatable, Sendable {
    public enum Level: String, Sendable {
        case error, warning, info, style

        /// Higher is more severe.
        var rank: Int {
            switch self {
            case .error: 3
            case .warning: 2
            case .info: 1
            case .style: 0
            }
        }
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
