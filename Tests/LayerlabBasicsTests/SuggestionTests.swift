import LayerlabBasics
import Testing

@Suite struct SuggestionTests {
    @Test func suggestsCloseTypos() {
        let commands = ["help", "ls", "cat", "docker", "lessons", "lesson"]
        #expect(Suggestion.closest(to: "hlep", in: commands) == "help")
        #expect(Suggestion.closest(to: "dokcer", in: commands) == "docker")
        #expect(Suggestion.closest(to: "lessns", in: commands) == "lessons")
        #expect(Suggestion.closest(to: "LS", in: commands) == "ls")
    }

    @Test func staysSilentForUnrelatedWords() {
        #expect(Suggestion.closest(to: "frobnicate", in: ["help", "ls", "cat"]) == nil)
        #expect(Suggestion.closest(to: "x", in: []) == nil)
    }

    @Test func countsTranspositionAsOneEdit() {
        #expect(Suggestion.editDistance("ab", "ba") == 1)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("", "abc") == 3)
    }
}
