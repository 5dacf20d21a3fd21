/// How output may be decorated: colour and box-drawing characters, and how wide the screen is.
///
/// Colour is used only on a terminal and never when `NO_COLOR` is set (no-color.org); box drawing only
/// when the locale is UTF-8, so a plain terminal still gets readable ASCII.
public struct TerminalStyle: Sendable, Equatable {
    public var usesColor: Bool
    public var usesUnicode: Bool
    public var isTerminal: Bool
    public var width: Int

    public init(usesColor: Bool, usesUnicode: Bool, isTerminal: Bool, width: Int) {
        self.usesColor = usesColor
        self.usesUnicode = usesUnicode
        self.isTerminal = isTerminal
        self.width = width
    }

    /// Plain text at a fixed width: what scripts, pipes and golden transcripts get.
    public static let plain = TerminalStyle(usesColor: false, usesUnicode: false, isTerminal: false, width: 80)

    /// Decides from the environment and whether standard output is a terminal.
    public static func detect(environment: [String: String], outputIsTerminal: Bool, terminalWidth: Int?) -> TerminalStyle {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let dumb = environment["TERM"] == "dumb"
        let locale = environment["LC_ALL"] ?? environment["LC_CTYPE"] ?? environment["LANG"] ?? ""
        let utf8 = locale.lowercased().contains("utf-8") || locale.lowercased().contains("utf8")
        let columns = environment["COLUMNS"].flatMap(Int.init)
        return TerminalStyle(
            usesColor: outputIsTerminal && !noColor && !dumb,
            usesUnicode: outputIsTerminal && utf8,
            isTerminal: outputIsTerminal,
            width: max(20, terminalWidth ?? columns ?? 80)
        )
    }

    public enum Color: Int, Sendable {
        case red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36, gray = 90
    }

    public func colored(_ text: String, _ color: Color) -> String {
        usesColor ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    public func bold(_ text: String) -> String {
        usesColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    public func dim(_ text: String) -> String {
        usesColor ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    }

    /// A hint is layerlab's, never Docker's: dim on a terminal, marked `hint:` where there is no colour.
    public func hint(_ text: String) -> String {
        usesColor ? dim(text) : "hint: " + text
    }
}
