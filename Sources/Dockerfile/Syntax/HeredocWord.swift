/// Recognises a heredoc opener in one word of a RUN, COPY or ADD line, as BuildKit's `ParseHeredoc` does.
enum HeredocWord {
    /// A heredoc from one word: `^(\d*)<<(-?)\s*([^<]*)$`, then the delimiter read as one shell word.
    static func parse(_ word: String) throws(ShellExpansionError) -> HeredocBody? {
        let scalars = Array(word.unicodeScalars)
        var index = 0
        while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
        let digits = String(scalars: scalars[..<index])
        guard scalars.count >= index + 2, scalars[index] == "<", scalars[index + 1] == "<" else { return nil }
        index += 2
        let chomps = index < scalars.count && scalars[index] == "-"
        if chomps { index += 1 }
        while index < scalars.count, [" ", "\t", "\n", "\u{0C}", "\r"].contains(scalars[index]) { index += 1 }
        let rest = scalars[index...]
        guard !rest.isEmpty, !rest.contains("<") else { return nil }
        let restText = String(scalars: rest)
        var lexer = ShellWordExpander()
        lexer.leavesUnsetVariables = true
        let words = try lexer.process(restText).words
        guard words.count == 1 else { return nil }
        lexer.keepsQuotes = true
        let rawWords = try lexer.process(restText).words
        guard rawWords.count == words.count else {
            throw ShellExpansionError(message: "internal lexing of heredoc produced inconsistent results: \(restText)")
        }
        func quoteCount(_ text: String) -> Int { text.filter { $0 == "'" || $0 == "\"" }.count }
        return HeredocBody(
            name: words[0],
            fileDescriptor: Int(digits) ?? 0,
            expands: quoteCount(words[0]) == quoteCount(rawWords[0]),
            chomps: chomps,
            content: ""
        )
    }

    /// `<<-` bodies lose the tabs at the start of every line.
    static func chomp(_ content: String) -> String {
        content.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0.drop(while: { $0 == "\t" })) }
            .joined(separator: "\n")
    }
}
