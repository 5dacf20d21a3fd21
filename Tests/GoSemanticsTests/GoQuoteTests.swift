import GoSemantics
import Testing

@Suite struct GoQuoteTests {
    @Test func quotesAsStrconvQuote() {
        #expect(GoQuote.string(#"say "hi"\"#) == #""say \"hi\"\\""#)
        #expect(GoQuote.string("a\tb\n\u{07}\u{0B}\u{1}\u{7F}") == #""a\tb\n\a\v\x01\x7f""#)
        #expect(GoQuote.string("é☺") == "\"é☺\"", "printable characters stay as they are")
        #expect(GoQuote.string("\u{A0}\u{200B}\u{E000}\u{F0000}") == #""\u00a0\u200b\ue000\U000f0000""#)
    }

    @Test func listsAsPercentQOfAStringSlice() {
        #expect(GoQuote.list(["/bin/sh", "-c", "echo \"hi\""]) == #"["/bin/sh" "-c" "echo \"hi\""]"#)
        #expect(GoQuote.list([]) == "[]")
    }
}
