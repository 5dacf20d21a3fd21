import Dockerfile

/// The rules that need hadolint's configuration or a whole stage: only trusted registries in FROM
/// (DL3026), the label schema (DL3049–DL3056, DL3058), and a stage without HEALTHCHECK (DL3057, off
/// unless a configuration gives it a level). A stage built FROM an earlier one inherits its labels
/// and its HEALTHCHECK, as hadolint sees it.
struct StageRules {
    struct Stage {
        var line: Int
        var name: String?
        var parent: Int?
        var labels: Set<String> = []
        var hasHealthcheck = false
    }

    let configuration: LintConfiguration
    let expander: ShellWordExpander = {
        var expander = ShellWordExpander()
        expander.leavesUnsetVariables = true
        return expander
    }()

    func findings(_ instructions: [LocatedInstruction]) -> [LintFinding] {
        var findings: [LintFinding] = []
        var stages: [Stage] = []
        let schema = Dictionary(configuration.labelSchema.map { ($0.name, $0.type) }, uniquingKeysWith: { $1 })
        for located in instructions {
            switch located.instruction {
            case .from(let from):
                let base = from.base.lowercased()
                let parent = stages.lastIndex { $0.name == base }
                stages.append(Stage(line: located.startLine, name: from.stageName?.lowercased(), parent: parent))
                if parent == nil, base != "scratch", !configuration.trustedRegistries.isEmpty, !isTrusted(from.base) {
                    findings.append(LintFinding(code: "DL3026", line: located.startLine, level: .error, message: "Use only an allowed registry in the FROM image"))
                }
            case .label(let pairs) where !stages.isEmpty:
                stages[stages.count - 1].labels.formUnion(pairs.map(\.key))
                guard !schema.isEmpty else { continue }
                if configuration.strictLabels, pairs.contains(where: { schema[$0.key] == nil }) {
                    findings.append(LintFinding(code: "DL3050", line: located.startLine, level: .info, message: "Superfluous label(s) present."))
                }
                for pair in pairs {
                    guard let type = schema[pair.key] else { continue }
                    // The value as the label gets it: quotes removed, variables left as written.
                    let value = (try? expander.process(pair.value))?.word ?? pair.value
                    if value.isEmpty {
                        findings.append(LintFinding(code: "DL3051", line: located.startLine, level: .warning, message: "label `\(pair.key)` is empty."))
                    }
                    // An empty value is also checked against its format, as hadolint does.
                    if !LabelValidator.isValid(value, as: type), let (code, message) = Self.invalid[type] {
                        findings.append(LintFinding(code: code, line: located.startLine, level: .warning, message: "Label `\(pair.key)` \(message)"))
                    }
                }
            case .healthcheck where !stages.isEmpty:
                stages[stages.count - 1].hasHealthcheck = true
            default:
                continue
            }
        }
        for index in stages.indices {
            let lineage = ancestry(of: index, in: stages)
            for (name, _) in configuration.labelSchema where !lineage.contains(where: { stages[$0].labels.contains(name) }) {
                findings.append(LintFinding(code: "DL3049", line: stages[index].line, level: .info, message: "Label `\(name)` is missing."))
            }
            if !lineage.contains(where: { stages[$0].hasHealthcheck }) {
                // hadolint's level for DL3057 is `ignore`: reported only when a configuration gives it one.
                findings.append(LintFinding(code: "DL3057", line: stages[index].line, level: .warning, message: "`HEALTHCHECK` instruction missing."))
            }
        }
        return findings
    }

    static let invalid: [LintConfiguration.LabelType: (String, String)] = [
        .url: ("DL3052", "is not a valid URL."),
        .rfc3339: ("DL3053", "is not a valid time format - must conform to RFC3339."),
        .spdx: ("DL3054", "is not a valid SPDX identifier."),
        .hash: ("DL3055", "is not a valid git hash."),
        .semver: ("DL3056", "does not conform to semantic versioning."),
        .email: ("DL3058", "is not a valid email format - must conform to RFC5322."),
    ]

    /// A stage and the earlier stages it is built FROM.
    func ancestry(of index: Int, in stages: [Stage]) -> [Int] {
        var chain = [index]
        while let parent = stages[chain[chain.count - 1]].parent { chain.append(parent) }
        return chain
    }

    /// hadolint reads a registry only from a first component with a dot; without one the image is
    /// Docker Hub's, allowed when `docker.io` or `hub.docker.com` is trusted. `*.example.com` trusts
    /// every host under it.
    func isTrusted(_ image: String) -> Bool {
        let first = image.split(separator: "/", maxSplits: 1).first.map(String.init) ?? image
        guard image.contains("/"), first.contains(".") else {
            return configuration.trustedRegistries.contains { $0 == "docker.io" || $0 == "hub.docker.com" }
        }
        return configuration.trustedRegistries.contains { trusted in
            trusted == first || (trusted.hasPrefix("*") && first.hasSuffix(trusted.dropFirst()))
        }
    }
}
