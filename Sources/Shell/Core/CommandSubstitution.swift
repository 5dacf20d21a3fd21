import ShellSyntax

/// Command substitution at the prompt (POSIX XCU 2.6.3): `$(command)` and `` `command` `` run the
/// command and stand for its standard output less trailing newlines. Outside double quotes the output
/// is split into fields at blanks, so `docker rm $(docker ps -aq)` gets one argument per container.
/// Other `$` forms stay as typed: the prompt has no variables.
struct CommandSubstitution {
    /// Runs a command text and returns what it wrote to standard output.
    let run: (String) -> String

    static func appears(in word: ShellWord) -> Bool {
        word.segments.contains { $0.quoting != .literal && ($0.text.contains("$(") || $0.text.contains("`")) }
    }

    /// The fields a word becomes; none for an unquoted substitution that printed nothing.
    func fields(of word: ShellWord) -> [String] {
        var fields: [String] = []
        var current = ""
        // A quoted part, even an empty one, makes a field; an unquoted empty substitution does not.
        var currentExists = false
        func endField() {
            if currentExists { fields.append(current) }
            current = ""
            currentExists = false
        }
        for segment in word.segments {
            guard segment.quoting != .literal else {
                current += segment.text
                currentExists = true
                continue
            }
            if segment.quoting == .double { currentExists = true }
            for piece in pieces(of: segment.text) {
                switch piece {
                case .text(let text):
                    current += text
                    currentExists = currentExists || !text.isEmpty
                case .output(let output) where segment.quoting == .double:
                    current += output
                case .output(let output):
                    if output.first?.isWhitespace == true { endField() }
                    for (index, part) in output.split(whereSeparator: \.isWhitespace).enumerated() {
                        if index > 0 { endField() }
                        current += part
                        currentExists = true
                    }
                    if output.last?.isWhitespace == true { endField() }
                }
            }
        }
        endField()
        return fields
    }

    private enum Piece {
        case text(String)
        case output(String)
    }

    /// Splits text at its substitutions, running each; `${…}` and `$((…))` stay as written.
    private func pieces(of text: String) -> [Piece] {
        let chars = Array(text)
        var pieces: [Piece] = []
        var literal = ""
        var index = 0
        while index < chars.count {
            let isCommand = chars[index] == "`"
                || (chars[index] == "$" && index + 1 < chars.count && chars[index + 1] == "(" && !(index + 2 < chars.count && chars[index + 2] == "("))
            guard chars[index] == "$" || isCommand, let end = ShellLexer.substitutionEnd(in: chars, from: index), end > index + 1 else {
                literal.append(chars[index])
                index += 1
                continue
            }
            guard isCommand else {
                literal += String(chars[index..<end])
                index = end
                continue
            }
            let inner = chars[index] == "`" ? chars[(index + 1)..<(end - 1)] : chars[(index + 2)..<(end - 1)]
            pieces.append(.text(literal))
            literal = ""
            var output = run(String(inner))
            while output.last == "\n" { output.removeLast() }
            pieces.append(.output(output))
            index = end
        }
        pieces.append(.text(literal))
        return pieces
    }
}
