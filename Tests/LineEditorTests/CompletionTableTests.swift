@testable import LineEditor
import Testing

@Suite struct CompletionTableTests {
    let table = CompletionTable()

    @Test func completesAUniqueMatchAndEndsTheWord() {
        #expect(table.action(word: "hi", candidates: ["help", "history", "ls"]) == .insert("story "))
    }

    @Test func aFolderKeepsTheWordOpen() {
        #expect(table.action(word: "ap", candidates: ["app/", "Dockerfile"]) == .insert("p/"))
    }

    @Test func extendsToTheCommonPrefixThenLists() {
        #expect(table.action(word: "l", candidates: ["lesson", "lessons", "ls"]) == .list(["lesson", "lessons", "ls"]))
        #expect(table.action(word: "le", candidates: ["lesson", "lessons", "ls"]) == .insert("sson"))
        #expect(table.action(word: "lesson", candidates: ["lesson", "lessons"]) == .list(["lesson", "lessons"]))
    }

    @Test func nothingMatchesNothing() {
        #expect(table.action(word: "x", candidates: ["help"]) == .none)
    }

    @Test func currentWordIsTheTextAfterTheLastSpace() {
        #expect(CompletionTable.currentWord(in: "docker bu") == "bu")
        #expect(CompletionTable.currentWord(in: "cat ") == "")
        #expect(CompletionTable.currentWord(in: "he") == "he")
    }
}

@Suite struct PromptEscapeTests {
    @Test func marksEachRunOfEscapesOnce() {
        let prompt = "\u{1B}[1mlayerlab\u{1B}[0m\u{1B}[2m:/w\u{1B}[0m> "
        #expect(EditLineReader.markingEscapes(in: prompt) == "\u{1}\u{1B}[1m\u{1}layerlab\u{1}\u{1B}[0m\u{1B}[2m\u{1}:/w\u{1}\u{1B}[0m\u{1}> ")
        #expect(EditLineReader.markingEscapes(in: "plain> ") == "plain> ")
    }
}
