@testable import GoSemantics
import Testing

/// Go regexp semantics that `.dockerignore` patterns reach through moby's translation.
@Suite struct GoRegexpTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let pattern: String
        let text: String
        let matches: Bool
        var testDescription: String { "\(pattern) ~ \(text)" }
    }

    @Test(arguments: [
        Case(pattern: "^a[^/]*$", text: "abc", matches: true),
        Case(pattern: "^a[^/]*$", text: "ab/c", matches: false),
        Case(pattern: "^(.*/)?b$", text: "x/y/b", matches: true),
        Case(pattern: "^(.*/)?b$", text: "b", matches: true),
        Case(pattern: "^a\\d$", text: "a7", matches: true),
        Case(pattern: "^a\\d$", text: "ad", matches: false),
        Case(pattern: "^a\\b$", text: "a", matches: true),
        Case(pattern: "^a\\bb$", text: "ab", matches: false),
        Case(pattern: "^[[:alpha:]]+$", text: "abc", matches: true),
        Case(pattern: "^[[:^digit:]]$", text: "7", matches: false),
        Case(pattern: "^[]a]$", text: "]", matches: true),
        Case(pattern: "^[^a-c]$", text: "d", matches: true),
        Case(pattern: "^[a-]$", text: "-", matches: true),
        Case(pattern: "^\\x41\\101\\x{42}$", text: "AAB", matches: true),
        Case(pattern: "^\\Q.*\\E$", text: ".*", matches: true),
        Case(pattern: "^a{2,3}$", text: "aaaa", matches: false),
        Case(pattern: "^\\pL+$", text: "héllo", matches: true),
        Case(pattern: "^.$", text: "\n", matches: false),
        Case(pattern: "^x^$", text: "x", matches: false),
        Case(pattern: "b", text: "abc", matches: true),
    ])
    func matchesAsGoDoes(_ testCase: Case) throws {
        #expect(try GoRegexp(testCase.pattern).matches(testCase.text) == testCase.matches)
    }

    @Test(arguments: ["a\\q", "[a", "a)", "(a", "*a", "a**", "\\1", "[z-a]", "a\\", "[[:nope:]]"])
    func rejectsWhatGoRejects(_ pattern: String) {
        #expect(throws: GoRegexpError.self) { try GoRegexp(pattern) }
    }

    @Test func nestedStarsStayLinear() throws {
        let regexp = try GoRegexp("^(.*/)?(.*/)?(.*/)?[^/]*x$")
        #expect(!regexp.matches(String(repeating: "a/", count: 2000) + "y"))
    }
}
