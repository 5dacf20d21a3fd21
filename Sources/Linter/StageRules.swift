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
    /// Takes the quotes off a label's key or value and leaves its variables as written, as hadolint reads them.
    static let expander: ShellWordExpander = {
        var expander = ShellWordExpander()
        expander.leavesUnsetVariables = true
        return expander
    }()

    func matches(_ instructions: [LocatedInstruction]) -> [RuleMatch] {
        var matches: [RuleMatch] = []
        var stages: [Stage] = []
        let schema = Dictionary(configuration.labelSchema.map { ($0.name, $0.type) }, uniquingKeysWith: { $1 })
        for located in instructions {
            switch located.instruction {
            case .from(let from):
                let base = from.base.lowercased()
                let parent = stages.lastIndex { $0.name == base }
                stages.append(Stage(line: located.startLine, name: from.stageName?.lowercased(), parent: parent))
                if parent == nil, base != "scratch", !configuration.trustedRegistries.isEmpty, !isTrusted(from.base) {
                    matches.append(RuleMatch(rule: .dl3026, line: located.startLine))
                }
            case .label(let pairs) where !stages.isEmpty:
                stages[stages.count - 1].labels.formUnion(pairs.map(\.key))
                guard !schema.isEmpty else { continue }
                if configuration.strictLabels, pairs.contains(where: { schema[$0.key] == nil }) {
                    matches.append(RuleMatch(rule: .dl3050, line: located.startLine))
                }
                for pair in pairs {
                    guard let type = schema[pair.key] else { continue }
                    // The value as the label gets it: quotes removed, variables left as written.
                    let value = (try? Self.expander.process(pair.value))?.word ?? pair.value
                    if value.isEmpty {
                        matches.append(RuleMatch(rule: .dl3051, line: located.startLine, detail: pair.key))
                    }
                    // An empty value is also checked against its format, as hadolint does.
                    if !LabelValidator.isValid(value, as: type), let rule = Self.invalid[type] {
                        matches.append(RuleMatch(rule: rule, line: located.startLine, detail: pair.key))
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
                matches.append(RuleMatch(rule: .dl3049, line: stages[index].line, detail: name))
            }
            if !lineage.contains(where: { stages[$0].hasHealthcheck }) {
                matches.append(RuleMatch(rule: .dl3057, line: stages[index].line))
            }
        }
        return matches
    }

    /// The rule a label breaks when its value does not have its type's format.
    static let invalid: [LintConfiguration.LabelType: LintRule] = [
        .url: .dl3052, .rfc3339: .dl3053, .spdx: .dl3054, .hash: .dl3055, .semver: .dl3056, .email: .dl3058,
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
