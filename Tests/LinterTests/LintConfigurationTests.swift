import Foundation
import LayerlabBasics
import Linter
import Testing

/// hadolint's configuration and the rules it turns on, against outputs of hadolint 2.15.1 (whose
/// order of DL3049 findings varies from run to run, so findings are compared as sets).
@Suite struct LintConfigurationTests {
    static func lines(_ text: String, _ configuration: LintConfiguration) -> Set<String> {
        Set(DockerfileLinter().lint(text, file: "D", configuration: configuration).map { "D:\($0.line) \($0.code) \($0.level.rawValue): \($0.message)" })
    }

    static let schemaConfig = """
    trustedRegistries:
      - docker.io
      - my-company.com:5000
    label-schema:
      author: text
      contact: email
      created: rfc3339
      version: semver
      documentation: url
      git-revision: hash
      license: spdx
    strict-labels: true
    """

    @Test func theLabelSchemaAndTrustedRegistriesReportAsHadolintDoes() throws {
        let configuration = try LintConfiguration.load(Self.schemaConfig, file: ".hadolint.yaml")
        let dockerfile = """
        FROM quay.io/foo/bar:1.0
        FROM my-company.com:5000/x:1 AS b
        FROM alpine:3.20
        LABEL author="" contact="not-an-email" created="yesterday" version="v1.x" documentation="notaurl" git-revision="xyz" license="MITT" extra="1"
        LABEL maintainer="a@b.c"
        RUN echo hi
        """
        let labels = ["author", "contact", "created", "documentation", "git-revision", "license", "version"]
        var expected: Set<String> = ["D:1 DL3026 error: Use only an allowed registry in the FROM image"]
        for line in [1, 2] { for label in labels { expected.insert("D:\(line) DL3049 info: Label `\(label)` is missing.") } }
        expected.formUnion([
            "D:4 DL3050 info: Superfluous label(s) present.",
            "D:4 DL3051 warning: label `author` is empty.",
            "D:4 DL3052 warning: Label `documentation` is not a valid URL.",
            "D:4 DL3053 warning: Label `created` is not a valid time format - must conform to RFC3339.",
            "D:4 DL3054 warning: Label `license` is not a valid SPDX identifier.",
            "D:4 DL3055 warning: Label `git-revision` is not a valid git hash.",
            "D:4 DL3056 warning: Label `version` does not conform to semantic versioning.",
            "D:4 DL3058 warning: Label `contact` is not a valid email format - must conform to RFC5322.",
            "D:5 DL3050 info: Superfluous label(s) present.",
        ])
        #expect(Self.lines(dockerfile, configuration) == expected)
    }

    @Test func aRegistryIsReadOnlyFromAFirstComponentWithADot() {
        var configuration = LintConfiguration()
        configuration.trustedRegistries = ["my.reg"]
        let dockerfile = "FROM localhost:5000/x\nFROM docker.io/library/alpine:3.20\nFROM index.docker.io/alpine:1\nFROM scratch\nFROM my.reg/a/b:1\nFROM alpine:1 AS s\nFROM s\nFROM 127.0.0.1:5000/y:1\n"
        let flagged = Set(DockerfileLinter().lint(dockerfile, configuration: configuration).filter { $0.code == "DL3026" }.map(\.line))
        #expect(flagged == [1, 2, 3, 6, 8])
        configuration.trustedRegistries = ["hub.docker.com"]
        #expect(Set(DockerfileLinter().lint(dockerfile, configuration: configuration).filter { $0.code == "DL3026" }.map(\.line)) == [2, 3, 5, 8])
        configuration.trustedRegistries = ["*.reg"]
        #expect(!DockerfileLinter().lint(dockerfile, configuration: configuration).contains { $0.code == "DL3026" && $0.line == 5 })
        #expect(!DockerfileLinter().lint(dockerfile).contains { $0.code == "DL3006" && $0.line == 1 }, "hadolint reads 5000/x as the tag")
    }

    @Test func labelFormatsAreJudgedAsHadolintJudgesThem() throws {
        let cases: [(String, String, Bool)] = [
            ("hash", "0123456789abcdef0123456789abcdef01234567", true), ("hash", "0123456", true), ("hash", "01234567", false),
            ("hash", "0123456789ABCDEF0123456789ABCDEF01234567", false), ("semver", "1.2.3-rc.1+build", true), ("semver", "01.2.3", true),
            ("semver", "1.2", false), ("semver", "v1.2.3", false), ("email", "a@b", true), ("email", "A B <a@b.c>", false),
            ("url", "mailto:a@b.c", true), ("url", "x.y", false), ("rfc3339", "2024-01-01T00:00:00.123Z", true),
            ("rfc3339", "2024-01-01", false), ("spdx", "Apache-2.0", true), ("spdx", "MIT OR Apache-2.0", false),
            ("spdx", "mit", false), ("spdx", "GPL-2.0+", false),
        ]
        for (type, value, valid) in cases {
            var configuration = LintConfiguration()
            try configuration.requireLabel("l:\(type)")
            let findings = DockerfileLinter().lint("FROM alpine:3.20\nLABEL l=\"\(value)\"\n", configuration: configuration)
            #expect(findings.isEmpty == valid, "\(type) \(value)")
        }
    }

    @Test func healthcheckIsOffUnlessGivenALevelAndStagesInheritIt() throws {
        let dockerfile = "FROM alpine:3.20 AS a\nHEALTHCHECK NONE\nFROM a\nRUN true\nFROM alpine:3.20\n"
        #expect(!DockerfileLinter().lint(dockerfile).contains { $0.code == "DL3057" })
        let configuration = try LintConfiguration.load("override:\n  warning: [DL3057]\n", file: "c.yaml")
        #expect(DockerfileLinter().lint(dockerfile, configuration: configuration).filter { $0.code == "DL3057" }.map(\.line) == [5])
    }

    @Test func ignoredRulesLevelsAndThresholdsComeFromTheFile() throws {
        let configuration = try LintConfiguration.load("ignored: [DL3006]\noverride:\n  error: [DL3050]\nfailure-threshold: warning\nstrict-labels: true\nlabel-schema:\n  a: text\n", file: "c.yaml")
        let findings = DockerfileLinter().lint("FROM ubuntu\nLABEL a=\"x\" b=\"y\"\n", configuration: configuration)
        #expect(findings.map { "\($0.code) \($0.level.rawValue)" } == ["DL3050 error"])
        #expect(configuration.fails(findings))
        #expect(!configuration.fails([LintFinding(code: "DL3059", line: 1, level: .info, message: "")]))
    }

    @Test func aBadConfigurationNamesTheFileAndLine() {
        #expect(throws: LintConfigurationError.self) { try LintConfiguration.load("label-schema:\n  a: texty\n", file: "c.yaml") }
        do {
            _ = try LintConfiguration.load("ignored: [DL3006]\ntrustedRegistry: [x]\n", file: ".hadolint.yaml")
            Issue.record("accepted an unknown key")
        } catch {
            #expect(error.location == SourceLocation(file: ".hadolint.yaml", line: 2))
            #expect(error.hint?.hasPrefix("did you mean 'trustedRegistries'?") == true)
        }
    }

    /// hadolint takes any text as a rule code (`coerce` in its Config/Configuration.hs); layerlab refuses
    /// a code that names no rule of hadolint's, as that code would silently do nothing.
    @Test func anUnknownRuleCodeNamesTheFileTheLineAndTheRuleList() {
        do {
            _ = try LintConfiguration.load("ignored:\n  - DL3006\n  - DL3099\n", file: ".hadolint.yaml")
            Issue.record("accepted an unknown rule")
        } catch {
            #expect(error.message == "unknown rule 'DL3099': hadolint has no rule of that name")
            #expect(error.location == SourceLocation(file: ".hadolint.yaml", line: 3))
            #expect(error.hint?.contains("lint --list-rules") == true)
        }
        do {
            _ = try LintConfiguration.load("override:\n  error: [DL3008]\n  info: [dl3009]\n", file: ".hadolint.yaml")
            Issue.record("accepted a rule code in the wrong case")
        } catch {
            #expect(error.message == "unknown rule 'dl3009': hadolint has no rule of that name")
            #expect(error.location == SourceLocation(file: ".hadolint.yaml", line: 3))
        }
    }

    /// hadolint hands RUN scripts to ShellCheck, which layerlab does not run, and has rules layerlab
    /// does not check (DL3063, hadolint's src/Hadolint/Rule/DL3063.hs): their codes are accepted.
    @Test func shellCheckCodesAndHadolintsOtherRulesAreAccepted() throws {
        #expect(try LintConfiguration.load("ignored: [DL3063, DL4007]\n", file: "c.yaml").ignored == ["DL3063", "DL4007"])
        let configuration = try LintConfiguration.load("ignored: [SC2086, DL3008]\noverride:\n  warning: [SC1091]\n", file: "c.yaml")
        #expect(configuration.ignored == ["SC2086", "DL3008"])
        #expect(configuration.overrides.keys.contains("SC1091"))
        #expect(throws: LintConfigurationError.self) { try LintConfiguration.load("ignored: [SC]\n", file: "c.yaml") }
        #expect(throws: LintConfigurationError.self) { try LintConfiguration.load("ignored: [SC20x6]\n", file: "c.yaml") }
    }
}
