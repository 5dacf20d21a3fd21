import GoSemantics
import Testing

/// `filepath.Match`, checked against Go's own table (`path/filepath/match_test.go`).
@Suite struct GoFilepathTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let pattern: String
        let name: String
        /// nil: Go returns `ErrBadPattern`.
        let matches: Bool?
        var testDescription: String { "\(pattern) ~ \(name)" }
    }

    @Test(arguments: [
        Case(pattern: "abc", name: "abc", matches: true),
        Case(pattern: "*", name: "abc", matches: true),
        Case(pattern: "*c", name: "abc", matches: true),
        Case(pattern: "a*", name: "a", matches: true),
        Case(pattern: "a*", name: "abc", matches: true),
        Case(pattern: "a*", name: "ab/c", matches: false),
        Case(pattern: "a*/b", name: "abc/b", matches: true),
        Case(pattern: "a*/b", name: "a/c/b", matches: false),
        Case(pattern: "a*b*c*d*e*/f", name: "axbxcxdxe/f", matches: true),
        Case(pattern: "a*b*c*d*e*/f", name: "axbxcxdxexxx/f", matches: true),
        Case(pattern: "a*b*c*d*e*/f", name: "axbxcxdxe/xxx/f", matches: false),
        Case(pattern: "a*b*c*d*e*/f", name: "axbxcxdxexxx/fff", matches: false),
        Case(pattern: "a*b?c*x", name: "abxbbxdbxebxczzx", matches: true),
        Case(pattern: "a*b?c*x", name: "abxbbxdbxebxczzy", matches: false),
        Case(pattern: "ab[c]", name: "abc", matches: true),
        Case(pattern: "ab[b-d]", name: "abc", matches: true),
        Case(pattern: "ab[e-g]", name: "abc", matches: false),
        Case(pattern: "ab[^c]", name: "abc", matches: false),
        Case(pattern: "ab[^b-d]", name: "abc", matches: false),
        Case(pattern: "ab[^e-g]", name: "abc", matches: true),
        Case(pattern: "a\\*b", name: "a*b", matches: true),
        Case(pattern: "a\\*b", name: "ab", matches: false),
        Case(pattern: "a?b", name: "a☺b", matches: true),
        Case(pattern: "a[^a]b", name: "a☺b", matches: true),
        Case(pattern: "a???b", name: "a☺b", matches: false),
        Case(pattern: "a[^a][^a][^a]b", name: "a☺b", matches: false),
        Case(pattern: "[a-ζ]*", name: "α", matches: true),
        Case(pattern: "*[a-ζ]", name: "A", matches: false),
        Case(pattern: "a?b", name: "a/b", matches: false),
        Case(pattern: "a*b", name: "a/b", matches: false),
        Case(pattern: "[\\]a]", name: "]", matches: true),
        Case(pattern: "[\\-]", name: "-", matches: true),
        Case(pattern: "[x\\-]", name: "x", matches: true),
        Case(pattern: "[x\\-]", name: "-", matches: true),
        Case(pattern: "[x\\-]", name: "z", matches: false),
        Case(pattern: "[\\-x]", name: "x", matches: true),
        Case(pattern: "[\\-x]", name: "-", matches: true),
        Case(pattern: "[\\-x]", name: "a", matches: false),
        Case(pattern: "[]a]", name: "]", matches: nil),
        Case(pattern: "[-]", name: "-", matches: nil),
        Case(pattern: "[x-]", name: "x", matches: nil),
        Case(pattern: "[x-]", name: "-", matches: nil),
        Case(pattern: "[x-]", name: "z", matches: nil),
        Case(pattern: "[-x]", name: "x", matches: nil),
        Case(pattern: "[-x]", name: "-", matches: nil),
        Case(pattern: "[-x]", name: "a", matches: nil),
        Case(pattern: "\\", name: "a", matches: nil),
        Case(pattern: "[a-b-c]", name: "a", matches: nil),
        Case(pattern: "[", name: "a", matches: nil),
        Case(pattern: "[^", name: "a", matches: nil),
        Case(pattern: "[^bc", name: "a", matches: nil),
        Case(pattern: "a[", name: "a", matches: nil),
        Case(pattern: "a[", name: "ab", matches: nil),
        Case(pattern: "a[", name: "x", matches: nil),
        Case(pattern: "a/b[", name: "x", matches: nil),
        Case(pattern: "*x", name: "xxx", matches: true),
        // What the shell's fnmatch does and Go does not: `!` is no negation, and a class can match `/`.
        Case(pattern: "[!a]", name: "!", matches: true),
        Case(pattern: "[!a]", name: "b", matches: false),
        Case(pattern: "a[^x]b", name: "a/b", matches: true),
    ])
    func matchesAsGoDoes(_ testCase: Case) {
        #expect((try? GoFilepath.match(testCase.pattern, testCase.name)) == testCase.matches)
    }

    @Test func badPatternsSayWhatGoSays() {
        #expect(throws: GoFilepath.BadPattern()) { try GoFilepath.match("a[", "x") }
        #expect(GoFilepath.BadPattern().description == "syntax error in pattern")
    }

    @Test func cleanAndDirAreLexical() {
        #expect(GoFilepath.clean("") == ".")
        #expect(GoFilepath.clean("a/./b/../c//") == "a/c")
        #expect(GoFilepath.clean("/../a") == "/a")
        #expect(GoFilepath.clean("../../a") == "../../a")
        #expect(GoFilepath.dir("a/b/c") == "a/b")
        #expect(GoFilepath.dir("c") == ".")
        #expect(GoFilepath.dir("/c") == "/")
    }
}
