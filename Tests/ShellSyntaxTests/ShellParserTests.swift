import ShellSyntax
import Testing

/// The parser reads function definitions (POSIX XCU 2.9.5: `NAME() compound-command [redirections]`),
/// redirections on compound commands (XCU 2.9.4), and, read as bash, bash's own syntax (the Bash
/// Reference Manual's `[[`, arrays, `$'…'`, `<<<`, `&>`, `<(…)`). What only bash reads is a syntax
/// error for dash (`a=(x)` gives dash 0.5.12's `Syntax error: "(" unexpected`).
@Suite struct ShellParserTests {
    let posix = ShellParser()
    let bash = ShellParser(dialect: .bash)

    @Test func readsFunctionDefinitions() throws {
        let script = try posix.parse("greet() {\n  echo \"hi $1\"\n}\ngreet you")
        guard case .sequence(let items) = script, items.count == 2, case .function(let name, let body) = items[0], case .group = body else {
            Issue.record("not a definition and a call: \(script)")
            return
        }
        #expect(name == "greet")
        #expect(items[1] == .simple(SimpleCommand(assignments: [], words: [ShellWord("greet"), ShellWord("you")], redirections: [])))
        guard case .function(_, .subshell) = try posix.parse("f() ( cd /tmp )") else {
            Issue.record("a subshell body")
            return
        }
        guard case .function("f", .redirected(.group, let redirections)) = try posix.parse("f() { echo; } > out") else {
            Issue.record("a body with its redirection")
            return
        }
        #expect(redirections == [.output(fd: 1, target: ShellWord("out"), append: false)])
        #expect(throws: ShellParseError.self) { try posix.parse("f() echo hi") }
    }

    @Test func readsRedirectionsOnCompoundCommands() throws {
        guard case .redirected(.whileLoop, let redirections) = try posix.parse("while read -r l; do echo \"$l\"; done < list") else {
            Issue.record("a loop reading a file")
            return
        }
        #expect(redirections == [.input(fd: 0, target: ShellWord("list"))])
    }

    @Test func readsBashsArraysAndConditionals() throws {
        guard case .simple(let command) = try bash.parse("a=(x \"y z\")") else {
            Issue.record("an array assignment")
            return
        }
        #expect(command.assignments == [ShellAssignment(name: "a", value: .array([ShellWord("x"), ShellWord("y z", isQuoted: true)]))])
        guard case .simple(let local) = try bash.parse("local -A m=([k]=v) other") else {
            Issue.record("a declaration")
            return
        }
        #expect(local.words.map(\.text) == ["local", "-A", "m=", "other"])
        #expect(local.declarations[2]?.value == .array([ShellWord("[k]=v")]))
        #expect(try bash.parse("[[ $a == b* && -n $c ]]") == .conditional(["$a", "==", "b*", "&&", "-n", "$c"].map { ShellWord($0) }))
        #expect(throws: ShellParseError.self) { try posix.parse("a=(x y)") }
    }

    @Test func lexesBashsOwnOperatorsOnlyForBash() throws {
        let tokens = try ShellLexer(dialect: .bash).tokenize("cat <<< \"$x\" &> log $'a\\tb' --f=<(ls)").get()
        #expect(tokens == [
            .word(ShellWord("cat")), .redirection(.hereString(fd: 0, word: ShellWord("$x", isQuoted: true))),
            .redirection(.output(fd: 1, target: ShellWord("log"), append: false)), .redirection(.duplicate(fd: 2, target: ShellWord("1"))),
            .word(ShellWord("a\tb", isQuoted: true)), .word(ShellWord("--f=<(ls)")),
        ])
        // dash reads `cmd &> log` as `cmd &` then `> log`.
        let posixTokens = try ShellLexer().tokenize("cmd &> log").get()
        #expect(posixTokens == [.word(ShellWord("cmd")), .operator(.background), .redirection(.output(fd: 1, target: ShellWord("log"), append: false))])
    }
}
