import Dockerfile
import Testing

@Suite struct ShellWordExpanderTests {
    let environment = ["NAME": "World", "EMPTY": "", "PLATFORM": "linux/arm64/v8", "FILE": "app.tar.gz"]

    struct Case: Sendable, CustomTestStringConvertible {
        let input: String
        let word: String
        var testDescription: String { input }
    }

    @Test(arguments: [
        Case(input: "Hello $NAME", word: "Hello World"),
        Case(input: "${NAME}s", word: "Worlds"),
        Case(input: "${MISSING:-dflt} ${EMPTY:-dflt} ${EMPTY-dflt}", word: "dflt dflt "),
        Case(input: "${NAME:+set} ${EMPTY:+set} ${EMPTY+set} ${MISSING+set}", word: "set  set "),
        Case(input: "'$NAME' \"$NAME\" \\$NAME", word: "$NAME World $NAME"),
        Case(input: "\"a\\\"b\" 'c\\d'", word: "a\"b c\\d"),
        Case(input: "$", word: "$"),
        Case(input: "${PLATFORM#*/}", word: "arm64/v8"),
        Case(input: "${PLATFORM##*/}", word: "v8"),
        Case(input: "${FILE%.*}", word: "app.tar"),
        Case(input: "${FILE%%.*}", word: "app"),
        Case(input: "${PLATFORM/\\//-}", word: "linux-arm64/v8"),
        Case(input: "${PLATFORM//\\//-}", word: "linux-arm64-v8"),
        Case(input: "${FILE/t?r/zip}", word: "app.zip.gz"),
    ])
    func expandsAsBuildKit(_ testCase: Case) throws {
        #expect(try ShellWordExpander().process(testCase.input, environment: environment).word == testCase.word)
    }

    /// `ENV A=${A}${A}` repeated 28 times used to run without end; the value stops at 1 MiB.
    @Test func anExpansionPastTheLimitIsAnError() throws {
        let half = String(repeating: "x", count: ShellWordExpander.longestResult / 2)
        #expect(try ShellWordExpander().process("${A}${A}", environment: ["A": half]).word.utf8.count == ShellWordExpander.longestResult)
        #expect(throws: ShellExpansionError.self) { try ShellWordExpander().process("${A}${A}x", environment: ["A": half]) }
    }

    @Test func splitsWordsOnlyOutsideQuotes() throws {
        let result = try ShellWordExpander().process("a \"b c\" $NAME 'd e'", environment: environment)
        #expect(result.words == ["a", "b c", "World", "d e"])
        #expect(result.usedVariables == ["NAME"])
    }

    @Test func backtickEscapeWorksLikeBackslash() throws {
        #expect(try ShellWordExpander(escapeToken: "`").process("c:\\dir `$NAME").word == "c:\\dir $NAME")
    }

    @Test func unsetVariablesCanBeKeptAsWritten() throws {
        var expander = ShellWordExpander()
        expander.leavesUnsetVariables = true
        #expect(try expander.process("$X ${Y} ${Z:-d} ${NAME}", environment: environment).word == "$X ${Y} ${Z:-d} World")
    }

    @Test(arguments: [
        ("${", "syntax error: missing '}'"),
        ("${}", "syntax error: bad substitution"),
        ("${NAME:x}", "unsupported modifier (:x) in substitution"),
        ("${NAME:#x}", "unsupported modifier (:#) in substitution"),
        ("${MISSING?}", "MISSING: is not allowed to be unset"),
        ("${EMPTY:?must be set}", "EMPTY: must be set"),
        ("'open", "unexpected end of statement while looking for matching single-quote"),
    ])
    func reportsBuildKitsErrors(_ input: String, _ message: String) {
        #expect(throws: ShellExpansionError(message: "failed to process \"\(input)\": \(message)")) {
            try ShellWordExpander().process(input, environment: environment)
        }
    }
}
