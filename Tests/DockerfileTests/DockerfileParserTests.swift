import Dockerfile
import Testing

/// One test per parser feature; the corpus tests check the same rules on real files.
@Suite struct DockerfileParserTests {
    func parse(_ text: String) throws -> DockerfileSyntax {
        try DockerfileParser().parse(text)
    }

    func failure(_ text: String) -> DockerfileParseError? {
        do {
            _ = try DockerfileParser().parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func escapeDirectiveChangesContinuationAndWords() throws {
        let syntax = try parse("# escape=`\nFROM windows\nRUN dir c:\\ `\n  && echo done\nENV A=a` b\n")
        #expect(syntax.escapeToken == "`")
        #expect(syntax.nodes[1].arguments == ["dir c:\\   && echo done"])
        #expect(syntax.nodes[2].arguments == ["A", "a` b"])
    }

    @Test func checkDirectiveKeepsDirectiveParsingGoing() throws {
        let syntax = try parse("# syntax=docker/dockerfile:1\n# check=skip=all\n# escape=`\nFROM a\n")
        #expect(syntax.escapeToken == "`")
        #expect(syntax.syntaxDirective == "docker/dockerfile:1")
    }

    @Test func directivesEndAtTheFirstOtherLine() throws {
        #expect(try parse("FROM a\n# escape=`\nRUN x \\\n y\n").nodes[1].arguments == ["x  y"])
        #expect(try parse("# a comment\n# escape=`\nFROM a\n").escapeToken == "\\")
        #expect(try parse("\n# escape=`\nFROM a\n").escapeToken == "\\")
    }

    @Test func directiveErrorsNameTheirLine() {
        #expect(failure("# escape=`\n# escape=\\\nFROM a\n") == DockerfileParseError(reason: "only one escape parser directive can be used", line: 1))
        #expect(failure("# escape=x\nFROM a\n")?.reason == "invalid escape token 'x' does not match ` or \\")
    }

    @Test func continuationsSkipCommentsAndWarnAboutEmptyLines() throws {
        let syntax = try parse("FROM a\nRUN apt-get update \\\n# a comment\n\n    && apt-get install -y curl\n")
        #expect(syntax.nodes[1].arguments == ["apt-get update     && apt-get install -y curl"])
        #expect(syntax.nodes[1].startLine == 2 && syntax.nodes[1].endLine == 5)
        #expect(syntax.warnings.map(\.line) == [5])
    }

    @Test func lineEndingsAndByteOrderMark() throws {
        #expect(try parse("\u{FEFF}FROM a\r\nRUN b\r\n").nodes.map(\.original) == ["FROM a", "RUN b"])
        // A CR-only file is one line, as Go's line scanner sees it.
        #expect(try parse("FROM a\rRUN b\r").nodes.count == 1)
    }

    @Test func execFormMustBeTheWholeRestOfTheLine() throws {
        let syntax = try parse("FROM a\nCMD [\"a\", \"b c\"]\nCMD [\"a\"] extra\nCMD [\"unterminated\"\n")
        #expect(syntax.nodes[1].isJSON && syntax.nodes[1].arguments == ["a", "b c"])
        #expect(!syntax.nodes[2].isJSON && syntax.nodes[2].arguments == ["[\"a\"] extra"])
        #expect(!syntax.nodes[3].isJSON)
        #expect(failure("FROM a\nCMD [\"a\", 1]\n")?.reason == "when using JSON array syntax, arrays must be comprised of strings only")
    }

    @Test func flagsComeOffTheFront() throws {
        let node = try parse("FROM a\nCOPY --from=build --chown=\"a b\" -- --odd /dst\n").nodes[1]
        #expect(node.flags == ["--from=build", "--chown=a b"])
        #expect(node.arguments == ["--odd", "/dst"])
        let backtick = try parse("# escape=`\nFROM a\nCOPY --x=`\" y z\n").nodes[1]
        #expect(backtick.flags == ["--x=\""])
    }

    @Test func heredocsCarryTheirBodies() throws {
        let node = try parse("FROM a\nRUN <<EOT cat && 3<<-'END' cat\nhello $X\nEOT\n\tliteral\n\tEND\n").nodes[1]
        #expect(node.heredocs == [
            HeredocBody(name: "EOT", fileDescriptor: 0, expands: true, chomps: false, content: "hello $X\n"),
            HeredocBody(name: "END", fileDescriptor: 3, expands: false, chomps: true, content: "\tliteral\n"),
        ])
        #expect(node.endLine == 6)
        #expect(failure("FROM a\nRUN <<EOF\nnever closed\n") == DockerfileParseError(reason: "unterminated heredoc", line: 2))
        #expect(try parse("FROM a\nRUN [\"<<EOF\"]\n").nodes[1].heredocs.isEmpty, "no heredocs in exec form")
    }

    @Test func onbuildHoldsItsInstruction() throws {
        let node = try parse("FROM a\nONBUILD COPY --chown=1 [\"a\", \"b\"]\n").nodes[1]
        #expect(node.arguments == [""])
        #expect(node.subcommand == SyntaxNode.Subcommand(keyword: "COPY", flags: ["--chown=1"], arguments: ["a", "b"], isJSON: true))
    }

    @Test func emptyFilesAndOverlongLinesAreRefused() {
        #expect(failure("# only a comment\n\n") == DockerfileParseError(reason: "file with no instructions", line: 2))
        #expect(failure("FROM a\nRUN " + String(repeating: "x", count: 70_000) + "\n")?.reason == "dockerfile line greater than max allowed size of 65535")
    }
}
