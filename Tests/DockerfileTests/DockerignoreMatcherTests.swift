@testable import Dockerfile
import Testing

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
