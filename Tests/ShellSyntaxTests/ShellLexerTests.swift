import ShellSyntax
import Testing

@Suite struct ShellLexerTests {
    struct WordCase: Sendable, CustomTestStringConvertible {
        let input: String
        let words: [String]
        var testDescription: String { input }
    }

    @Test(arguments: [
        WordCase(input: "docker build -t app .", words: ["docker", "build", "-t", "app", "."]),
        WordCase(input: "  spaced\tout  ", words: ["spaced", "out"]),
        WordCase(input: "echo 'a  b' \"c  d\"", words: ["echo", "a  b", "c  d"]),
        WordCase(input: "echo a\\ b", words: ["echo", "a b"]),
        WordCase(input: "echo \"\\$x \\\" \\\\ \\n\"", words: ["echo", "$x \" \\ \\n"]),
        WordCase(input: "echo 'it'\"'\"'s'", words: ["echo", "it's"]),
        WordCase(input: "echo a#b # comment", words: ["echo", "a#b"]),
        WordCase(input: "echo '#not a comment'", words: ["echo", "#not a comment"]),
        WordCase(input: "echo long\\\nline", words: ["echo", "longline"]),
        WordCase(input: "echo ''", words: ["echo", ""]),
        WordCase(input: "docker run -e NAME=\"Ada Lovelace\" app", words: ["docker", "run", "-e", "NAME=Ada Lovelace", "app"]),
    ])
    func splitsWordsLikeAPOSIXShell(_ testCase: WordCase) throws {
        let tokens = try ShellLexer().tokenize(testCase.input).get()
        let words = tokens.compactMap { token -> String? in
            if case .word(let word) = token { return word.text }
            return nil
        }
        #expect(words == testCase.words)
    }

    @Test func readsOperatorsAndRedirections() throws {
        let tokens = try ShellLexer().tokenize("a && b || c; d | e 2>&1 >> log < in > out").get()
        #expect(tokens == [
            .word(ShellWord("a")), .operator(.and), .word(ShellWord("b")), .operator(.or), .word(ShellWord("c")),
            .operator(.semicolon), .word(ShellWord("d")), .operator(.pipe), .word(ShellWord("e")),
            .redirection(.duplicate(fd: 2, target: ShellWord("1"))),
            .redirection(.output(fd: 1, target: ShellWord("log"), append: true)),
            .redirection(.input(fd: 0, target: ShellWord("in"))),
            .redirection(.output(fd: 1, target: ShellWord("out"), append: false)),
        ])
    }

    @Test func quotedDigitsAreNotAFileDescriptor() throws {
        let tokens = try ShellLexer().tokenize("echo '2'>f").get()
        #expect(tokens == [.word(ShellWord("echo")), .word(ShellWord("2", isQuoted: true)), .redirection(.output(fd: 1, target: ShellWord("f"), append: false))])
    }

    @Test func collectsHeredocBodies() throws {
        let tokens = try ShellLexer().tokenize("cat > f <<'EOF'\nFROM alpine\n  $HOME\nEOF").get()
        let heredoc = tokens.first { if case .redirection(.heredoc) = $0 { true } else { false } }
        guard case .redirection(.heredoc(let doc)) = heredoc else {
            Issue.record("no heredoc in \(tokens)")
            return
        }
        #expect(doc.body == "FROM alpine\n  $HOME\n")
        #expect(doc.delimiter == ShellWord("EOF", isQuoted: true))
        #expect(!doc.expandsBody)
    }

    @Test func dashHeredocStripsLeadingTabs() throws {
        let tokens = try ShellLexer().tokenize("cat <<-END\n\t\tindented\n\tEND\n").get()
        #expect(tokens.contains(.redirection(.heredoc(Heredoc(fd: 0, delimiter: ShellWord("END"), stripsTabs: true, body: "indented\n")))))
    }

    @Test func readsTwoHeredocsOnOneLineInOrder() throws {
        let tokens = try ShellLexer().tokenize("cmd <<A 3<<B\none\nA\ntwo\nB\n").get()
        let bodies = tokens.compactMap { token -> String? in
            if case .redirection(.heredoc(let doc)) = token { return "\(doc.fd):\(doc.body)" }
            return nil
        }
        #expect(bodies == ["0:one\n", "3:two\n"])
    }

    struct IncompleteCase: Sendable, CustomTestStringConvertible {
        let input: String
        let error: ShellLexerError
        var testDescription: String { input }
    }

    @Test(arguments: [
        IncompleteCase(input: "echo 'open", error: .unterminatedSingleQuote),
        IncompleteCase(input: "echo \"open", error: .unterminatedDoubleQuote),
        IncompleteCase(input: "echo \\", error: .trailingBackslash),
        IncompleteCase(input: "cat <<EOF\nbody", error: .unterminatedHeredoc(delimiter: "EOF")),
        IncompleteCase(input: "cat <<EOF", error: .unterminatedHeredoc(delimiter: "EOF")),
    ])
    func reportsWhatIsStillOpen(_ testCase: IncompleteCase) {
        let result = ShellLexer().tokenize(testCase.input)
        #expect(result == .failure(testCase.error))
        #expect(testCase.error.needsMoreInput)
    }

    @Test func aRedirectionWithoutTargetIsASyntaxError() {
        let result = ShellLexer().tokenize("echo >")
        #expect(result == .failure(.missingRedirectionTarget(">")))
        if case .failure(let error) = result { #expect(!error.needsMoreInput) }
        #expect(ShellLexer().tokenize("echo > | x") == .failure(.missingRedirectionTarget("|")))
    }

    @Test func simpleCommandLineRefusesPipelines() throws {
        let tokens = try ShellLexer().tokenize("echo a | cat").get()
        #expect(throws: SimpleCommandLineError.unsupportedOperator(.pipe)) { try SimpleCommandLine.from(tokens) }
        #expect(try SimpleCommandLine.from(ShellLexer().tokenize("# only a comment").get()) == nil)
        #expect(throws: SimpleCommandLineError.missingCommand) { try SimpleCommandLine.from(ShellLexer().tokenize("> f").get()) }
    }
}
