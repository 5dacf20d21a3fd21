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
    /// rules not yet written) are not compared.
    static let implemented: Set<String> = [
        "DL3000", "DL3002", "DL3003", "DL3004", "DL3006", "DL3007", "DL3008", "DL3009", "DL3013", "DL3014", "DL3015",
        "DL3018", "DL3019", "DL3020", "DL3023", "DL3025", "DL3027", "DL3042", "DL3045", "DL3047", "DL3059", "DL3061",
        "DL3062", "DL3064", "DL3066", "DL4000", "DL4003", "DL4004", "DL4006",
        "DL3001", "DL3011", "DL3012", "DL3016", "DL3021", "DL3022", "DL3024", "DL3028", "DL3029", "DL3030", "DL3032",
        "DL3033", "DL3038", "DL3040", "DL3041", "DL3043", "DL3046", "DL3048", "DL3060", "DL3065", "DL4001", "DL4005", "DL3067", "DL3010", "DL3034", "DL3035", "DL3036", "DL3037", "DL3044",
    ]

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
}
