import LayerlabBasics
import Testing

@Suite struct TerminalStyleTests {
    @Test func colorsOnlyOnATerminalWithoutNoColor() {
        let env = ["LANG": "en_US.UTF-8"]
        #expect(TerminalStyle.detect(environment: env, outputIsTerminal: true, terminalWidth: 100).usesColor)
        #expect(!TerminalStyle.detect(environment: env, outputIsTerminal: false, terminalWidth: 100).usesColor)
        #expect(!TerminalStyle.detect(environment: env.merging(["NO_COLOR": "1"]) { $1 }, outputIsTerminal: true, terminalWidth: 100).usesColor)
        #expect(!TerminalStyle.detect(environment: ["TERM": "dumb"], outputIsTerminal: true, terminalWidth: 100).usesColor)
    }

    @Test func drawsBoxesOnlyInAUTF8Locale() {
        #expect(TerminalStyle.detect(environment: ["LC_ALL": "C.UTF-8"], outputIsTerminal: true, terminalWidth: nil).usesUnicode)
        #expect(!TerminalStyle.detect(environment: ["LANG": "C"], outputIsTerminal: true, terminalWidth: nil).usesUnicode)
    }

    @Test func plainStyleLeavesTextAlone() {
        #expect(TerminalStyle.plain.bold("x") == "x")
        #expect(TerminalStyle.plain.colored("x", .red) == "x")
        let colored = TerminalStyle(usesColor: true, usesUnicode: false, isTerminal: true, width: 80)
        #expect(colored.colored("x", .red) == "\u{1B}[31mx\u{1B}[0m")
    }

    @Test func widthComesFromTheTerminalThenColumns() {
        #expect(TerminalStyle.detect(environment: ["COLUMNS": "132"], outputIsTerminal: true, terminalWidth: nil).width == 132)
        #expect(TerminalStyle.detect(environment: ["COLUMNS": "132"], outputIsTerminal: true, terminalWidth: 90).width == 90)
    }
}
