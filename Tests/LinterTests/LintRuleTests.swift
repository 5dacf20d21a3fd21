import Linter
import Testing

/// The rule catalogue: one entry per code, and every finding takes its code, level and message from it.
@Suite struct LintRuleTests {
    /// Whether a finding has its rule's code, level (or the one a configuration gave it) and message, a
    /// `{…}` placeholder in the catalogue's message standing for any text.
    static func agreesWithCatalogue(_ finding: LintFinding, level: LintFinding.Level? = nil) -> Bool {
        guard let rule = LintRule.named(finding.code), finding.level == (level ?? rule.level) else { return false }
        let message = rule.message
        guard let open = message.firstIndex(of: "{"), let close = message[open...].firstIndex(of: "}") else {
            return finding.message == message
        }
        let prefix = String(message[..<open]), suffix = String(message[message.index(after: close)...])
        return finding.message.count >= prefix.count + suffix.count && finding.message.hasPrefix(prefix) && finding.message.hasSuffix(suffix)
    }

    @Test func eachCodeIsCataloguedOnceInCodeOrder() {
        let codes = LintRule.catalogue.map(\.code)
        let duplicated = Dictionary(grouping: codes, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(duplicated.isEmpty, "duplicated: \(duplicated)")
        #expect(codes == codes.sorted())
        for rule in LintRule.catalogue { #expect(LintRule.named(rule.code) == rule) }
        #expect(LintRule.named("DL3099") == nil)
    }

    @Test func onlyRulesThatNameSomethingHaveAPlaceholderAndOnlyHealthcheckIsOff() {
        let named = LintRule.catalogue.filter { $0.message.contains("{") }.map(\.code)
        #expect(named == ["DL1000", "DL3049", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058"])
        #expect(LintRule.catalogue.allSatisfy { rule in rule.message.filter { $0 == "{" }.count <= 1 })
        // hadolint's level for DL3057 is `ignore`: reported only when a configuration gives it one.
        #expect(LintRule.catalogue.filter { $0.level == nil }.map(\.code) == ["DL3057"])
    }

    /// The configuration turns on the rules that need one; the second file does not parse.
    @Test func findingsTakeCodeLevelAndMessageFromTheCatalogue() throws {
        let configuration = try LintConfiguration.load("""
            trustedRegistries: [docker.io]
            label-schema:
              author: text
              contact: email
              version: semver
            strict-labels: true
            override:
              warning: [DL3057]
            """, file: ".hadolint.yaml")
        let dockerfiles = [
            "FROM quay.io/team/base:1\nLABEL contact=\"nobody\" version=\"\" extra=\"1\"\nRUN apt-get update && apt-get install curl\nRUN cd /tmp\n",
            "FROM alpine:3.20\nRNU echo hi\n",
        ]
        var reported: Set<String> = []
        for dockerfile in dockerfiles {
            for finding in DockerfileLinter().lint(dockerfile, configuration: configuration) {
                let configured: LintFinding.Level? = finding.code == "DL3057" ? .warning : nil
                #expect(Self.agreesWithCatalogue(finding, level: configured), "\(finding)")
                reported.insert(finding.code)
            }
        }
        #expect(reported.isSuperset(of: ["DL1000", "DL3026", "DL3049", "DL3050", "DL3051", "DL3056", "DL3057", "DL3058", "DL3008", "DL3003"]))
    }

    @Test func theRuleListHasOneLinePerRuleInCodeOrderWithTheLevelsInAColumn() {
        let lines = LintReport.rules(LintRule.catalogue.reversed()).split(separator: "\n").map(String.init)
        #expect(lines.count == LintRule.catalogue.count)
        #expect(lines.first == "DL1000  error    {parse error}")
        #expect(lines.contains("DL3008  warning  Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`"))
        #expect(lines.contains("DL3057  ignore   `HEALTHCHECK` instruction missing."))
        #expect(lines.map { $0.prefix(6) } == LintRule.catalogue.map { Substring($0.code) })
    }
}
