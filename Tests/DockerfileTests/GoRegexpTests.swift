@testable import Dockerfile
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

@Suite struct DockerignoreMatcherTests {
    func excluded(_ patterns: [String], _ path: String, classic: Bool = false) throws -> Bool {
        let matcher = try DockerignoreMatcher(patterns: DockerignoreFile.patterns(from: patterns.joined(separator: "\n")))
        return try classic ? matcher.isExcludedClassic(path) : matcher.isExcluded(path)
    }

    @Test func aMatchingFolderExcludesEverythingBelowIt() throws {
        #expect(try excluded(["node_modules"], "node_modules/a/b.js"))
        #expect(try !excluded(["node_modules"], "src/node_modules"))
        #expect(try excluded(["**/node_modules"], "src/node_modules/x"))
    }

    @Test func exceptionsReincludeInOrder() throws {
        #expect(try !excluded(["*.md", "!README.md"], "README.md"))
        #expect(try excluded(["!README.md", "*.md"], "README.md"))
    }

    @Test func buildKitAndClassicDifferWhenAParentMatched() throws {
        // The walk met "a" first, where "!a" re-included it; then "a/b/c" matched the first pattern.
        #expect(try excluded(["a/b/c", "!a"], "a/b/c"))
        // The legacy check finds "!a" matching the parent "a" and lets it win.
        #expect(try !excluded(["a/b/c", "!a"], "a/b/c", classic: true))
    }

    @Test func leadingSlashAndDotsAreCleaned() throws {
        #expect(DockerignoreFile.patterns(from: "\u{FEFF}/a/./b/\n  # not a comment\n#comment\n! /x\n\n") == ["a/b", "# not a comment", "!x"])
    }

    @Test func badPatternsFailTheWholeFile() {
        #expect(throws: DockerignoreError.syntax) { try DockerignoreMatcher(patterns: ["ok", "["]) }
        #expect(throws: DockerignoreError.loneExclamation) { try DockerignoreMatcher(patterns: ["!"]) }
        #expect(throws: DockerignoreError.syntax) { try excluded(["a\\q"], "aq") }
    }

    /// A row of stars is one wildcard to Go's matcher too (the same language), so the answer is the same;
    /// 10,001 characters of them against a 60-folder path took 15.8 s and 815 MB before.
    @Test func repeatedWildcardsMatchAsOneAndLongPatternsAreRefused() throws {
        let deep = (0..<60).map { "d\($0)" }.joined(separator: "/")
        let stars = String(repeating: "*", count: 4000) + "a"
        #expect(try excluded([stars], deep + "/a"))
        // moby turns a `**` not followed by `/` into `(.*/)?`, so the name must be exactly `a`.
        #expect(try !excluded([stars], deep + "/xa"))
        #expect(try !excluded([stars], deep + "/b"))
        let even = "a" + String(repeating: "*", count: 50) + "b", odd = "a" + String(repeating: "*", count: 51) + "b"
        #expect(try excluded([even], "ab") && excluded([even], "ax/b") && !excluded([even], "axyb"))
        #expect(try excluded([odd], "axyb") && excluded([odd], "ax/y/zb") && !excluded([odd], "ax/bc"))
        #expect(throws: DockerignoreError.patternTooLong(characters: 10_001)) {
            try DockerignoreMatcher(patterns: [String(repeating: "*", count: 10_000) + "a"])
        }
    }
}
