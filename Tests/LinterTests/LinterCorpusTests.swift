import Foundation
import LayerlabTestSupport
@testable import Linter
import Testing

/// The linter against hadolint's own findings on the shared corpus, rule by rule.
@Suite(.enabled(if: SharedCorpus.shouldRun, "the shared corpus is not beside this checkout"))
struct LinterCorpusTests {
    struct Finding: Decodable, Hashable {
        var code: String
        var line: Int
    }

    /// The DL rules this linter implements; hadolint's other findings (ShellCheck's SC rules,
    /// rules not yet written) are not compared, and files hadolint cannot parse are counted apart.
    static let implemented = Set(LintRule.catalogue.map(\.code)).subtracting(["DL1000"])

    /// A finding as `hadolint -f json` writes it.
    struct Reported: Decodable {
        var code: String
        var line: Int
        var level: String
        var message: String
    }

    struct Tally {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        var examples: [String] = []
    }

    func tallies() throws -> (rules: [String: Tally], files: Int, unparsed: Int) {
        var rules: [String: Tally] = [:]
        var files = 0, unparsed = 0
        for name in SharedCorpus.dockerfileCases {
            let folder = SharedCorpus.dockerfileCase(name)
            guard let expectedData = FileManager.default.contents(atPath: folder.appendingPathComponent("hadolint.json").path),
                  let dockerfile = FileManager.default.contents(atPath: folder.appendingPathComponent("Dockerfile").path)
            else { continue }
            let expectedAll = try JSONDecoder().decode([Finding].self, from: expectedData)
            if expectedAll.contains(where: { $0.code == "DL1000" }) { unparsed += 1; continue }
            files += 1
            let expected = Set(expectedAll.filter { Self.implemented.contains($0.code) })
            let actual = Set(DockerfileLinter().lint(String(decoding: dockerfile, as: UTF8.self)).map { Finding(code: $0.code, line: $0.line) }
                .filter { Self.implemented.contains($0.code) })
            for finding in expected.union(actual) {
                var tally = rules[finding.code, default: Tally()]
                switch (expected.contains(finding), actual.contains(finding)) {
                case (true, true): tally.truePositives += 1
                case (false, true): tally.falsePositives += 1; tally.examples.append("+\(name):\(finding.line)")
                default: tally.falseNegatives += 1; tally.examples.append("-\(name):\(finding.line)")
                }
                rules[finding.code] = tally
            }
        }
        return (rules, files, unparsed)
    }

    @Test func agreesWithHadolintOnTheImplementedRules() throws {
        let (rules, files, unparsed) = try tallies()
        let total = rules.values.reduce(into: Tally()) {
            $0.truePositives += $1.truePositives
            $0.falsePositives += $1.falsePositives
            $0.falseNegatives += $1.falseNegatives
        }
        let precision = Double(total.truePositives) / Double(max(1, total.truePositives + total.falsePositives))
        let recall = Double(total.truePositives) / Double(max(1, total.truePositives + total.falseNegatives))
        var report = "lint corpus: \(files) files (\(unparsed) hadolint cannot parse, counted apart); precision \(String(format: "%.3f", precision)), recall \(String(format: "%.3f", recall))\n"
        for code in rules.keys.sorted() {
            let tally = rules[code]!
            report += "\(code) tp \(tally.truePositives) fp \(tally.falsePositives) fn \(tally.falseNegatives) \(tally.examples.prefix(4).joined(separator: " "))\n"
        }
        print(report)
        #expect(files >= 400)
        #expect(precision >= 0.98, "\(report)")
        #expect(recall >= 0.95, "\(report)")
    }

    @Test func everyFindingTakesItsCodeLevelAndMessageFromTheCatalogue() {
        for name in SharedCorpus.dockerfileCases {
            guard let dockerfile = FileManager.default.contents(atPath: SharedCorpus.dockerfileCase(name).appendingPathComponent("Dockerfile").path) else { continue }
            for finding in DockerfileLinter().lint(String(decoding: dockerfile, as: UTF8.self)) {
                #expect(LintRuleTests.agreesWithCatalogue(finding), "\(name):\(finding.line) \(finding.code) \(finding.level.rawValue): \(finding.message)")
            }
        }
    }

    /// The catalogue's levels and messages are hadolint's own, wherever hadolint reports a rule layerlab has.
    @Test func theCatalogueSaysWhatHadolintSays() throws {
        var compared = 0
        for name in SharedCorpus.dockerfileCases {
            guard let data = FileManager.default.contents(atPath: SharedCorpus.dockerfileCase(name).appendingPathComponent("hadolint.json").path) else { continue }
            for reported in try JSONDecoder().decode([Reported].self, from: data) where LintRule.named(reported.code) != nil {
                let level = try #require(LintFinding.Level(rawValue: reported.level))
                let finding = LintFinding(code: reported.code, line: reported.line, level: level, message: reported.message)
                #expect(LintRuleTests.agreesWithCatalogue(finding), "\(name):\(reported.line) \(reported.code) \(reported.level): \(reported.message)")
                compared += 1
            }
        }
        #expect(compared > 0, "read no hadolint findings")
    }
}
