/// A sed script read into its commands: addresses (`3`, `$`, `/re/`, `first~step`, ranges with
/// `addr,+N`), `!`, blocks, and the commands Dockerfiles and learners use: `s` (flags `g`, `p`, `I`,
/// `M`, a number), `d D p P n N q Q a i c y = b t T : h H g G x z`. `r`, `w`, `e`, `l`, `F` and the
/// `w` and `e` flags of `s` are refused plainly, not faked.
struct SedScript {
    enum Address {
        case line(Int)
        case last
        /// nil: the last regular expression used (`//`).
        case regex(PosixRegex?)
        /// `first~step` (GNU).
        case step(first: Int, step: Int)
    }

    enum RangeEnd {
        case address(Address)
        /// `addr,+N`: N more lines.
        case following(Int)
        /// `addr,~N`: up to the next line whose number is a multiple of N.
        case multiple(Int)
    }

    struct Selector {
        var first: Address?
        var end: RangeEnd?
        var negated = false
    }

    struct Substitution {
        /// nil: the last regular expression used.
        var regex: PosixRegex?
        var replacement: [ReplacementPart]
        var global = false
        var occurrence = 1
        var print = false
    }

    enum ReplacementPart {
        case text(String)
        /// `&` is group 0.
        case group(Int)
        /// `\U`, `\L`, `\u`, `\l`, `\E` (GNU).
        case caseChange(Character)
    }

    enum Command {
        case substitute(Substitution)
        case transliterate([Unicode.Scalar: Unicode.Scalar])
        case delete, deleteFirstLine, print, printFirstLine, next, appendNext, lineNumber
        case quit(Int32, printing: Bool)
        case append(String), insert(String), change(String)
        /// `{`: the index of its `}`.
        case block(end: Int)
        case blockEnd
        /// `b`, `t`, `T`: the label (nil: the end of the script) and whether it jumps always, after a
        /// substitution, or after none.
        case branch(String?, when: BranchCondition)
        case label(String)
        case hold, holdAppend, get, getAppend, exchange, zap
    }

    enum BranchCondition {
        case always, substituted, notSubstituted
    }

    struct Instruction {
        var selector: Selector
        var command: Command
    }

    var instructions: [Instruction] = []
    /// Each label's instruction.
    var labels: [String: Int] = [:]
    /// GNU's extensions apply (`0,/re/`, `first~step`, `q5`, `\U` in replacements); BusyBox has none of them.
    var gnu = true
}

/// Why a script does not parse, worded per build by `message`.
struct SedScriptError: Error {
    enum Kind {
        case unterminatedSubstitution(Character)
        case unterminatedAddress(Character)
        case unknownCommand(Character)
        case unknownSubstitutionOption
        case missingCommand
        case unmatchedBrace
        case unexpectedBrace
        case transliterationLengths
        case unknownLabel(String)
        case invalidReference(Int)
        case extraCharacters
        case badRegex(pattern: String, reason: String)
        case unsupported(String)
    }

    var kind: Kind
    /// Which `-e` the error is in (1-based) and after how many of its characters.
    var expression = 1
    var position = 0

    /// The line sed prints: GNU says where in the script, BusyBox only what.
    func line(_ flavor: ToolFlavor) -> String {
        let (gnu, busybox): (String, String) = switch kind {
        case .unterminatedSubstitution(let delimiter): ("unterminated `s' command", "unmatched '\(delimiter)'")
        case .unterminatedAddress(let delimiter): ("unterminated address regex", "unmatched '\(delimiter)'")
        case .unknownCommand(let command): ("unknown command: `\(command)'", "unsupported command \(command)")
        case .unknownSubstitutionOption: ("unknown option to `s'", "bad option in substitution expression")
        case .missingCommand: ("missing command", "missing command")
        case .unmatchedBrace: ("unmatched `{'", "unmatched '{'")
        case .unexpectedBrace: ("unexpected `}'", "unexpected '}'")
        case .transliterationLengths: ("strings for `y' command are different lengths", "strings for y must be the same length")
        case .unknownLabel(let label): ("can't find label for jump to `\(label)'", "can't find label for jumping to '\(label)'")
        case .invalidReference(let number): ("invalid reference \\\(number) on `s' command's RHS", "invalid reference \\\(number)")
        case .extraCharacters: ("extra characters after command", "extra characters after command")
        case .badRegex(let pattern, let reason): (reason, "bad regex '\(pattern)': \(reason)")
        case .unsupported(let what): ("layerlab: \(what)", "layerlab: \(what)")
        }
        switch (flavor, kind) {
        case (_, .unsupported): return gnu
        case (.gnu, .unknownLabel): return "sed: \(gnu)"
        case (.gnu, _): return "sed: -e expression #\(expression), char \(position): \(gnu)"
        case (.busybox, _): return "sed: \(busybox)"
        }
    }
}

/// Reads sed script text into a `SedScript`.
struct SedParser {
    let syntax: PosixRegex.Syntax
    let gnu: Bool

    /// Parses each `-e` (or `-f` file, or the script operand) in turn into one script.
    func parse(_ chunks: [String]) throws(SedScriptError) -> SedScript {
        var script = SedScript()
        script.gnu = gnu
        for (number, chunk) in chunks.enumerated() {
            var reader = Reader(text: Array(chunk), syntax: syntax, gnu: gnu)
            do {
                script.instructions += try reader.instructions()
            } catch {
                var located = error
                located.expression = number + 1
                throw located
            }
        }
        // Blocks and labels are matched over the whole script: a block may open in one -e and close in another.
        var open: [Int] = []
        for (index, instruction) in script.instructions.enumerated() {
            switch instruction.command {
            case .block: open.append(index)
            case .blockEnd:
                guard let start = open.popLast() else {
                    throw SedScriptError(kind: .unexpectedBrace, expression: chunks.count, position: 0)
                }
                script.instructions[start].command = .block(end: index)
            case .label(let name): script.labels[name] = index
            default: break
            }
        }
        guard open.isEmpty else { throw SedScriptError(kind: .unmatchedBrace, expression: chunks.count, position: chunks.last?.count ?? 0) }
        for instruction in script.instructions {
            if case .branch(let label?, _) = instruction.command, script.labels[label] == nil {
                throw SedScriptError(kind: .unknownLabel(label))
            }
        }
        return script
    }

    private struct Reader {
        let text: [Character]
        let syntax: PosixRegex.Syntax
        let gnu: Bool
        var index = 0

        init(text: [Character], syntax: PosixRegex.Syntax, gnu: Bool) {
            self.text = text
            self.syntax = syntax
            self.gnu = gnu
        }

        func failure(_ kind: SedScriptError.Kind) -> SedScriptError {
            SedScriptError(kind: kind, position: index)
        }

        var current: Character? { index < text.count ? text[index] : nil }

        mutating func skipBlanks() {
            while let character = current, character == " " || character == "\t" { index += 1 }
        }

        mutating func instructions() throws(SedScriptError) -> [SedScript.Instruction] {
            var result: [SedScript.Instruction] = []
            while true {
                while let character = current, character == " " || character == "\t" || character == "\n" || character == ";" { index += 1 }
                guard let character = current else { return result }
                if character == "#" {
                    while let comment = current, comment != "\n" { index += 1 }
                    continue
                }
                var selector = SedScript.Selector()
                selector.first = try address()
                if selector.first != nil, current == "," {
                    index += 1
                    skipBlanks()
                    selector.end = try rangeEnd()
                }
                skipBlanks()
                while current == "!" {
                    selector.negated = true
                    index += 1
                    skipBlanks()
                }
                guard let letter = current else { throw failure(.missingCommand) }
                index += 1
                result.append(SedScript.Instruction(selector: selector, command: try command(letter)))
            }
        }

        mutating func address() throws(SedScriptError) -> SedScript.Address? {
            guard let character = current else { return nil }
            if character == "$" {
                index += 1
                return .last
            }
            if character.isASCII, character.isNumber {
                let first = number()
                if current == "~" {
                    guard gnu else { throw failure(.unknownCommand("~")) }
                    index += 1
                    return .step(first: first, step: number())
                }
                return .line(first)
            }
            if character == "/" || character == "\\" {
                index += 1
                var delimiter: Character = "/"
                if character == "\\" {
                    guard let custom = current else { throw failure(.unterminatedAddress("\\")) }
                    delimiter = custom
                    index += 1
                }
                guard let pattern = delimited(by: delimiter) else { throw failure(.unterminatedAddress(delimiter)) }
                var ignoreCase = false
                var multiline = false
                while let flag = current, flag == "I" || flag == "M" {
                    if flag == "I" { ignoreCase = true } else { multiline = true }
                    index += 1
                }
                return .regex(try regex(pattern, ignoreCase: ignoreCase, multiline: multiline))
            }
            return nil
        }

        mutating func rangeEnd() throws(SedScriptError) -> SedScript.RangeEnd {
            if current == "+" || current == "~" {
                let relative = current == "+"
                index += 1
                let count = number()
                return relative ? .following(count) : .multiple(count)
            }
            guard let end = try address() else { throw failure(.unknownCommand(",")) }
            return .address(end)
        }

        mutating func number() -> Int {
            var value = 0
            while let digit = current?.wholeNumberValue, current?.isASCII == true {
                value = min(value * 10 + digit, Int(Int32.max))
                index += 1
            }
            return value
        }

        /// Text up to an unescaped `delimiter` (consumed); `\delimiter` stands for the delimiter
        /// itself and a `\n` keeps its backslash for the regular expression. Nil when it never ends.
        mutating func delimited(by delimiter: Character) -> String? {
            var result = ""
            while let character = current {
                index += 1
                if character == delimiter { return result }
                if character == "\\", let next = current {
                    index += 1
                    if next == delimiter {
                        result.append(delimiter)
                    } else if next == "\n" {
                        result += "\\n"
                    } else {
                        result.append("\\")
                        result.append(next)
                    }
                    continue
                }
                // A newline ends an unterminated `s` in the middle of a script.
                if character == "\n" { return nil }
                result.append(character)
            }
            return nil
        }

        /// An empty pattern is the last one used, which the executor keeps.
        func regex(_ pattern: String, ignoreCase: Bool, multiline: Bool) throws(SedScriptError) -> PosixRegex? {
            guard !pattern.isEmpty else { return nil }
            do {
                return try PosixRegex(pattern, syntax: syntax, ignoreCase: ignoreCase, multiline: multiline)
            } catch {
                throw failure(.badRegex(pattern: pattern, reason: error.message))
            }
        }

        mutating func command(_ letter: Character) throws(SedScriptError) -> SedScript.Command {
            let command: SedScript.Command
            switch letter {
            case "{": return .block(end: -1)
            case "}": command = .blockEnd
            case "s": return try substitution()
            case "y": command = try transliteration()
            case "d": command = .delete
            case "D": command = .deleteFirstLine
            case "p": command = .print
            case "P": command = .printFirstLine
            case "n": command = .next
            case "N": command = .appendNext
            case "=": command = .lineNumber
            case "h": command = .hold
            case "H": command = .holdAppend
            case "g": command = .get
            case "G": command = .getAppend
            case "x": command = .exchange
            case "z": command = .zap
            case "q", "Q":
                skipBlanks()
                let code = gnu && current?.isNumber == true ? Int32(number()) : 0
                command = .quit(code, printing: letter == "q")
            case "a", "i", "c":
                let text = lineText()
                return letter == "a" ? .append(text) : letter == "i" ? .insert(text) : .change(text)
            case "b", "t", "T":
                skipBlanks()
                var label = ""
                while let character = current, character != ";", character != "\n" {
                    label.append(character)
                    index += 1
                }
                label = label.trimmingTrailingBlanks
                return .branch(label.isEmpty ? nil : label, when: letter == "b" ? .always : letter == "t" ? .substituted : .notSubstituted)
            case ":":
                skipBlanks()
                var label = ""
                while let character = current, character != ";", character != "\n" {
                    label.append(character)
                    index += 1
                }
                guard !label.isEmpty else { throw failure(.missingCommand) }
                return .label(label.trimmingTrailingBlanks)
            case "r", "R", "w", "W", "e", "l", "F":
                throw failure(.unsupported("sed's `\(letter)` command is not simulated"))
            default:
                throw failure(.unknownCommand(letter))
            }
            try endOfCommand()
            return command
        }

        /// After a command: blanks, then `;`, a newline, `}`, `#` or the end.
        mutating func endOfCommand() throws(SedScriptError) {
            skipBlanks()
            guard let character = current else { return }
            guard character == ";" || character == "\n" || character == "}" || character == "#" else { throw failure(.extraCharacters) }
        }

        /// The text of `a`, `i`, `c`: GNU's one-line form (`a text`) or the classic `a\` and lines,
        /// a trailing `\` joining the next line; other backslashes escape the letter after them.
        mutating func lineText() -> String {
            skipBlanks()
            if current == "\\" {
                index += 1
                skipBlanks()
                if current == "\n" { index += 1 }
            }
            var text = ""
            while let character = current {
                index += 1
                if character == "\n" { break }
                if character == "\\", let next = current {
                    index += 1
                    text.append(next)
                    continue
                }
                text.append(character)
            }
            return text
        }

        mutating func substitution() throws(SedScriptError) -> SedScript.Command {
            guard let delimiter = current, delimiter != "\n", delimiter != "\\" else { throw failure(.unterminatedSubstitution("/")) }
            index += 1
            guard let pattern = delimited(by: delimiter) else {
                index = text.count
                throw failure(.unterminatedSubstitution(delimiter))
            }
            guard let replacementText = delimited(by: delimiter) else {
                index = text.count
                throw failure(.unterminatedSubstitution(delimiter))
            }
            var substitution = SedScript.Substitution(regex: nil, replacement: [])
            var ignoreCase = false
            var multiline = false
            while let flag = current, flag != ";", flag != "\n", flag != "}", flag != "#", flag != " ", flag != "\t" {
                index += 1
                switch flag {
                case "g": substitution.global = true
                case "p": substitution.print = true
                case "i", "I": ignoreCase = true
                case "m", "M": multiline = true
                case "e", "w": throw failure(.unsupported("sed's `s///\(flag)` is not simulated"))
                case _ where flag.isASCII && flag.isNumber:
                    index -= 1
                    substitution.occurrence = max(1, number())
                default: throw failure(.unknownSubstitutionOption)
                }
            }
            try endOfCommand()
            substitution.regex = try regex(pattern, ignoreCase: ignoreCase, multiline: multiline)
            substitution.replacement = Self.replacement(replacementText, caseChanges: gnu)
            var highest = 0
            for case .group(let number) in substitution.replacement { highest = max(highest, number) }
            if highest > 0, let regex = substitution.regex, highest > regex.groupCount { throw failure(.invalidReference(highest)) }
            return .substitute(substitution)
        }

        /// A replacement's parts: `&` and `\0`…`\9` are groups, `\n`, `\t`, `\r` a newline, tab, return,
        /// `\L`, `\U`, `\l`, `\u`, `\E` change case (GNU only), any other `\c` is `c`.
        static func replacement(_ text: String, caseChanges: Bool) -> [SedScript.ReplacementPart] {
            var parts: [SedScript.ReplacementPart] = []
            var literal = ""
            func flush() {
                if !literal.isEmpty { parts.append(.text(literal)) }
                literal = ""
            }
            var characters = Array(text)[...]
            while let character = characters.popFirst() {
                if character == "&" {
                    flush()
                    parts.append(.group(0))
                } else if character == "\\", let next = characters.popFirst() {
                    switch next {
                    case "0"..."9":
                        flush()
                        parts.append(.group(next.wholeNumberValue ?? 0))
                    case "n": literal.append("\n")
                    case "t": literal.append("\t")
                    case "r": literal.append("\r")
                    case "L", "U", "l", "u", "E":
                        if caseChanges {
                            flush()
                            parts.append(.caseChange(next))
                        } else {
                            literal.append(next)
                        }
                    default: literal.append(next)
                    }
                } else {
                    literal.append(character)
                }
            }
            flush()
            return parts
        }

        mutating func transliteration() throws(SedScriptError) -> SedScript.Command {
            guard let delimiter = current else { throw failure(.unterminatedSubstitution("/")) }
            index += 1
            guard let source = delimited(by: delimiter), let target = delimited(by: delimiter) else {
                throw failure(.unterminatedSubstitution(delimiter))
            }
            let from = Array(source.replacingEscapes.unicodeScalars), to = Array(target.replacingEscapes.unicodeScalars)
            guard from.count == to.count else { throw failure(.transliterationLengths) }
            var map: [Unicode.Scalar: Unicode.Scalar] = [:]
            for (a, b) in zip(from, to) where map[a] == nil { map[a] = b }
            return .transliterate(map)
        }
    }
}

private extension String {
    var trimmingTrailingBlanks: String {
        String(reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// `\n`, `\t` and `\\` as the characters they stand for (the strings of `y`).
    var replacingEscapes: String {
        var result = ""
        var characters = Array(self)[...]
        while let character = characters.popFirst() {
            if character == "\\", let next = characters.popFirst() {
                result.append(next == "n" ? "\n" : next == "t" ? "\t" : next)
            } else {
                result.append(character)
            }
        }
        return result
    }
}
