@testable import EngineAPI
import Testing

/// A terminal's cooked mode as Linux's n_tty gives it to a shell reading lines (ICANON, ECHO, ICRNL),
/// and plain lines without a terminal.
@Suite struct LineDisciplineTests {
    @Test func aTerminalEchoesEditsAndEndsLines() {
        var terminal = LineDiscipline(terminal: true)
        #expect(terminal.feed(Array("ls\u{7F}s -l\r".utf8)) == [
            .echo([0x6C]), .echo([0x73]), .echo([0x08, 0x20, 0x08]), .echo([0x73]), .echo([0x20]), .echo([0x2D]), .echo([0x6C]),
            .echo(Array("\r\n".utf8)), .line("ls -l"),
        ])
        // An arrow key's escape sequence is dropped; Ctrl-U rubs the line out; a character of several
        // bytes is one backspace.
        #expect(terminal.feed([0x1B, 0x5B, 0x41]).isEmpty)
        #expect(terminal.feed(Array("é".utf8) + [0x7F, 0x0D]) == [.echo([0xC3]), .echo([0xA9]), .echo([0x08, 0x20, 0x08]), .echo(Array("\r\n".utf8)), .line("")])
        #expect(terminal.feed(Array("ab".utf8) + [0x15]).last == .echo([0x08, 0x20, 0x08, 0x08, 0x20, 0x08]))
        #expect(terminal.feed([0x03]) == [.echo(Array("^C\r\n".utf8)), .interrupt])
        // Ctrl-D ends the input only on an empty line; Ctrl-P Ctrl-Q detach (moby's default keys).
        #expect(terminal.feed(Array("x".utf8) + [0x04]) == [.echo([0x78])])
        #expect(terminal.feed([0x15, 0x04]).last == .endOfInput)
        #expect(terminal.feed([0x10, 0x11]) == [.detach])
    }

    @Test func withoutATerminalLinesComeAsTheyAre() {
        var piped = LineDiscipline(terminal: false)
        #expect(piped.feed(Array("echo a\u{7F}\npw".utf8)) == [.line("echo a\u{7F}")])
        #expect(piped.feed(Array("d".utf8)).isEmpty)
        #expect(piped.close() == [.line("pwd"), .endOfInput])
    }
}
