import LayerlabBasics
import Testing

@Suite struct JSONTextTests {
    @Test func escapesAsEachToolDoes() {
        #expect(JSONText.quoted("a\"b\\c\nd\u{1}") == "\"a\\\"b\\\\c\\nd\\u0001\"")
        #expect(JSONText.quoted("é <x> &", asciiOnly: true) == "\"\\u00e9 <x> &\"")
        #expect(JSONText.quoted("😀", asciiOnly: true) == "\"\\ud83d\\ude00\"")
    }
}
