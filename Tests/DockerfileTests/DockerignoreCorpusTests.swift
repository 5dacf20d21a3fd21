import Dockerfile
import Foundation
import LayerlabTestSupport
import Testing

/// Every `.dockerignore` case of the shared corpus, decided as BuildKit (and the classic builder) decide it.
@Suite(.enabled(if: SharedCorpus.shouldRun, "the shared corpus is not beside this checkout"))
struct DockerignoreCorpusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let patterns: [String]
        let path: String
        let expected: String
        let expectedClassic: String
        let error: String
        var testDescription: String { "\(id) \(patterns) \(path)" }
    }

    static let cases: [Case] = {
        guard let rows = try? SharedCorpus.tsvRows("dockerignore/cases.tsv") else { return [] }
        return rows.map { row in
            let patterns = (try? JSONDecoder().decode([String].self, from: Data((row["patterns"] ?? "[]").utf8))) ?? []
            return Case(id: row["id"] ?? "", patterns: patterns, path: row["path"] ?? "", expected: row["expected"] ?? "",
                        expectedClassic: row["expected_classic"] ?? "", error: row["error"] ?? "")
        }
    }()

    static func decide(_ testCase: Case, classic: Bool) -> String {
        do {
            let matcher = try DockerignoreMatcher(patterns: DockerignoreFile.patterns(from: testCase.patterns.joined(separator: "\n")))
            return try (classic ? matcher.isExcludedClassic(testCase.path) : matcher.isExcluded(testCase.path)) ? "true" : "false"
        } catch {
            return "error: \(error)"
        }
    }

    @Test func corpusIsPresent() {
        #expect(Self.cases.count >= 300)
    }

    @Test(arguments: cases)
    func buildKitDecision(_ testCase: Case) {
        let expected = testCase.expected == "error" ? "error: \(testCase.error)" : testCase.expected
        #expect(Self.decide(testCase, classic: false) == expected)
    }

    @Test(arguments: cases)
    func classicDecision(_ testCase: Case) {
        let expected = testCase.expectedClassic == "error" ? "error: \(testCase.error)" : testCase.expectedClassic
        #expect(Self.decide(testCase, classic: true) == expected)
    }

    struct ReadAllCase: Sendable, CustomTestStringConvertible {
        let id: String
        let lines: [String]
        let patterns: [String]
        var testDescription: String { "\(id) \(lines)" }
    }

    static let readAllCases: [ReadAllCase] = {
        guard let rows = try? SharedCorpus.tsvRows("dockerignore/readall.tsv") else { return [] }
        return rows.map { row in
            let decode = { (text: String?) in (try? JSONDecoder().decode([String].self, from: Data((text ?? "[]").utf8))) ?? [] }
            return ReadAllCase(id: row["id"] ?? "", lines: decode(row["lines"]), patterns: decode(row["patterns"]))
        }
    }()

    @Test(arguments: readAllCases)
    func readAllCleansLines(_ testCase: ReadAllCase) {
        #expect(DockerignoreFile.patterns(from: testCase.lines.joined(separator: "\n")) == testCase.patterns)
    }
}
