import GoSemantics

/// The per-instruction argument parsers of BuildKit (`line_parsers.go`): how the text after the keyword
/// and flags becomes argument nodes.
enum ArgumentParsers {
    /// What a parser produced: the argument nodes and whether they came from JSON.
    struct Parsed {
        var arguments: [String]
        var isJSON = false
        var subcommand: SyntaxNode.Subcommand?
        /// ENV or LABEL written `KEY value`, with no `=` (BuildKit's key/value node without a delimiter).
        var isLegacyKeyValue = false
    }

    enum Kind {
        case ignore, subcommand, nameOrNameValue, maybeJSON, maybeJSONToList, environment, label
        case whitespaceDelimited, string, healthcheck

        init(keyword: String) {
            switch keyword {
            case "add", "copy", "volume": self = .maybeJSONToList
            case "arg": self = .nameOrNameValue
            case "cmd", "entrypoint", "run", "shell": self = .maybeJSON
            case "env": self = .environment
            case "label": self = .label
            case "expose", "from": self = .whitespaceDelimited
            case "healthcheck": self = .healthcheck
            case "maintainer", "stopsignal", "user", "workdir": self = .string
            case "onbuild": self = .subcommand
            default: self = .ignore
            }
        }
    }

    static func parse(_ kind: Kind, _ rest: String, escape: Unicode.Scalar) throws(DockerfileSyntaxFailure) -> Parsed {
        switch kind {
        case .ignore:
            // BuildKit keeps one empty argument node for an instruction it does not know.
            return Parsed(arguments: [""])
        case .subcommand:
            guard !rest.isEmpty else { return Parsed(arguments: []) }
            // BuildKit hangs the inner instruction off one empty argument node.
            return Parsed(arguments: [""], subcommand: try SplitLine(rest, escape: escape).subcommand)
        case .nameOrNameValue:
            return Parsed(arguments: words(rest, escape: escape))
        case .environment:
            let (pairs, legacy) = try nameValues(rest, keyword: "ENV", escape: escape)
            return Parsed(arguments: pairs, isLegacyKeyValue: legacy)
        case .label:
            let (pairs, legacy) = try nameValues(rest, keyword: "LABEL", escape: escape)
            return Parsed(arguments: pairs, isLegacyKeyValue: legacy)
        case .whitespaceDelimited:
            return Parsed(arguments: rest.isEmpty ? [] : GoText.splitOnBlanks(rest))
        case .string:
            return Parsed(arguments: rest.isEmpty ? [] : [rest])
        case .maybeJSON:
            guard !rest.isEmpty else { return Parsed(arguments: []) }
            return try json(rest) ?? Parsed(arguments: [rest])
        case .maybeJSONToList:
            return try json(rest) ?? Parsed(arguments: rest.isEmpty ? [] : GoText.splitOnBlanks(rest))
        case .healthcheck:
            return try healthcheck(rest, escape: escape)
        }
    }

    /// The JSON form, nil when the text is not a JSON array (then it is shell form).
    static func json(_ rest: String) throws(DockerfileSyntaxFailure) -> Parsed? {
        let trimmed = GoText.trimLeadingSpace(rest)
        guard trimmed.hasPrefix("[") else { return nil }
        switch JSONArrayDecoder.decode(trimmed) {
        case .strings(let strings): return Parsed(arguments: strings, isJSON: true)
        case .notAllStrings: throw .init("when using JSON array syntax, arrays must be comprised of strings only")
        case .malformed: return nil
        }
    }

    /// `HEALTHCHECK TYPE rest`: the first word, then the rest as CMD would read it. Byte-wise, as BuildKit.
    static func healthcheck(_ rest: String, escape: Unicode.Scalar) throws(DockerfileSyntaxFailure) -> Parsed {
        let bytes = Array(rest.utf8)
        var separator = 0
        while separator < bytes.count, !GoText.isSpace(byte: bytes[separator]) { separator += 1 }
        var next = separator
        while next < bytes.count, GoText.isSpace(byte: bytes[next]) { next += 1 }
        guard separator > 0 else { return Parsed(arguments: []) }
        let type = String(decoding: bytes[..<separator], as: UTF8.self)
        var command = try parse(.maybeJSON, String(decoding: bytes[next...], as: UTF8.self), escape: escape)
        command.arguments.insert(type, at: 0)
        return command
    }

    /// ENV and LABEL: `KEY value` (the legacy one-pair form, flagged true) or `KEY=value KEY2="v 2"…`.
    static func nameValues(_ rest: String, keyword: String, escape: Unicode.Scalar) throws(DockerfileSyntaxFailure) -> (pairs: [String], legacy: Bool) {
        let parts = words(rest, escape: escape)
        guard let first = parts.first else { return ([], false) }
        if !first.contains("=") {
            let pair = GoText.splitOnBlanks(rest, limit: 2)
            guard pair.count == 2 else { throw .init("\(keyword) must have two arguments") }
            return (pair, true)
        }
        var result: [String] = []
        for word in parts {
            guard let equals = word.firstIndex(of: "=") else {
                throw .init("Syntax error - can't find = in \(GoQuote.string(word)). Must be of the form: name=value")
            }
            result.append(String(word[..<equals]))
            result.append(String(word[word.index(after: equals)...]))
        }
        return (result, false)
    }

    /// BuildKit's `parseWords`: splits on spaces outside quotes, keeping quotes and escapes in the words.
    static func words(_ rest: String, escape: Unicode.Scalar) -> [String] {
        enum Phase { case spaces, word, quote }
        let scalars = Array(rest.unicodeScalars)
        var words: [String] = []
        var phase = Phase.spaces
        var word = String.UnicodeScalarView()
        var quote: Unicode.Scalar = "\0"
        var blankOK = false
        var position = 0
        while position <= scalars.count {
            let atEnd = position == scalars.count
            var ch: Unicode.Scalar = atEnd ? "\0" : scalars[position]
            if phase == .spaces {
                if atEnd { break }
                if GoText.isSpace(ch) {
                    position += 1
                    continue
                }
                phase = .word
            }
            if atEnd {
                if blankOK || !word.isEmpty { words.append(String(word)) }
                break
            }
            if phase == .word {
                if GoText.isSpace(ch) {
                    phase = .spaces
                    if blankOK || !word.isEmpty { words.append(String(word)) }
                    word = String.UnicodeScalarView()
                    blankOK = false
                    position += 1
                    continue
                }
                if ch == "'" || ch == "\"" {
                    quote = ch
                    blankOK = true
                    phase = .quote
                }
                if ch == escape {
                    if position + 1 == scalars.count {
                        position += 1
                        continue
                    }
                    word.append(ch)
                    position += 1
                    ch = scalars[position]
                }
                word.append(ch)
                position += 1
                continue
            }
            if ch == quote { phase = .word }
            if ch == escape && quote != "'" {
                if position + 1 == scalars.count {
                    phase = .word
                    position += 1
                    continue
                }
                position += 1
                word.append(ch)
                ch = scalars[position]
            }
            word.append(ch)
            position += 1
        }
        return words
    }
}
