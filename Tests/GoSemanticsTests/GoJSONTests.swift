import GoSemantics
import Testing

@Suite struct GoJSONTests {
    @Test func stringsAsEncodingJSONEscapesThem() {
        #expect(GoJSON.string("a\"b\\c\nd\u{1}") == #""a\"b\\c\nd\u0001""#)
        #expect(GoJSON.string("é <x> &") == #""é \u003cx\u003e \u0026""#, "HTML-safe by default")
        #expect(GoJSON.string("é <x> &", escapeHTML: false) == #""é <x> &""#)
        #expect(GoJSON.string("\u{08}\u{0C}\u{2028}") == #""\b\f\u2028""#, "Go 1.22's short escapes; U+2028 always")
    }

    @Test func marshalKeepsMemberOrder() {
        let value: JSONValue = .object([("b", .number(1)), ("a", .array([.bool(true), .null])), ("c", .object([]))])
        #expect(GoJSON.marshal(value) == #"{"b":1,"a":[true,null],"c":{}}"#)
        #expect(GoJSON.marshalIndent(value, indent: "   ") == "{\n   \"b\": 1,\n   \"a\": [\n      true,\n      null\n   ],\n   \"c\": {}\n}")
        #expect(GoJSON.marshalIndent(.array([]), indent: "    ") == "[]")
    }
}
