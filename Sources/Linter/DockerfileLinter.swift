import Dockerfile
import Foundation

/// hadolint's DL rules over a Dockerfile, with its rule IDs, severities, messages and inline
/// `# hadolint ignore=…` pragmas. RUN scripts are read with the simulated shell's parser.
public struct DockerfileLinter: Sendable {
    public init() {}

    public func lint(_ text: String, file: String = "Dockerfile", configuration: LintConfiguration = LintConfiguration()) -> [LintFinding] {
        // hadolint reports the rules at the level the configuration gives them, and drops the ones it turns off.
        matches(text, file: file, configuration: configuration).compactMap { match in
            guard let level = configuration.level(of: match.rule.code, default: match.rule.level) else { return nil }
            return LintFinding(code: match.rule.code, line: match.line, level: level, message: match.rule.message(detail: match.detail))
        }
    }

    func matches(_ text: String, file: String, configuration: LintConfiguration) -> [RuleMatch] {
        let syntax: DockerfileSyntax
        do {
            syntax = try DockerfileParser().parse(text, file: file)
        } catch {
            return [RuleMatch(rule: .dl1000, line: max(1, error.line), detail: error.reason)]
        }
        var instructions: [LocatedInstruction] = []
        var triggerMatches: [RuleMatch] = []
        for node in syntax.nodes {
            do {
                instructions.append(try InstructionParser.parse(node, file: file))
            } catch {
                // BuildKit refuses these triggers outright; hadolint names the rule, and so do we.
                let trigger = node.subcommand?.keyword.uppercased() ?? ""
                if node.keyword.uppercased() == "ONBUILD", ["ONBUILD", "FROM", "MAINTAINER"].contains(trigger) {
                    triggerMatches.append(RuleMatch(rule: .dl3043, line: node.startLine))
                    continue
                }
                return [RuleMatch(rule: .dl1000, line: max(1, error.line), detail: error.reason)]
            }
        }
        let pragmas = configuration.disableIgnorePragma ? LintPragmas("") : LintPragmas(text)
        var state = LintState()
        for located in instructions { state.check(located) }
        state.finish()
        let instructionLines = instructions.map(\.startLine)
        return (state.matches + triggerMatches + Self.onbuildMatches(instructions) + StageRules(configuration: configuration).matches(instructions))
            .filter { !pragmas.ignores($0.rule.code, at: $0.line, instructionLines: instructionLines) }
            .sorted { ($0.line, $0.rule.code) < ($1.line, $1.rule.code) }
    }
}

extension DockerfileLinter {
    /// The rules hadolint also runs on ONBUILD triggers (`onbuild` in its Rule.hs, used by each rule's file).
    static let onbuildCodes: Set<String> = [
        "DL3001", "DL3004", "DL3008", "DL3009", "DL3013", "DL3014", "DL3015", "DL3016", "DL3018", "DL3019",
        "DL3027", "DL3028", "DL3030", "DL3032", "DL3033", "DL3034", "DL3035", "DL3036", "DL3037", "DL3038",
        "DL3040", "DL3041", "DL3042", "DL3046", "DL3047", "DL3060", "DL3062", "DL3064", "DL4001", "DL4005",
    ]

    /// Those rules over the ONBUILD triggers alone, at their ONBUILD's line. Like hadolint's second copy of
    /// each rule, they see no FROM: the apt lists a trigger leaves count wherever it stands (DL3009).
    static func onbuildMatches(_ instructions: [LocatedInstruction]) -> [RuleMatch] {
        var state = LintState()
        for located in instructions {
            guard case .onbuild(let expression) = located.instruction,
                  let node = (try? DockerfileParser().parse(expression))?.nodes.first,
                  var trigger = try? InstructionParser.parse(node)
            else { continue }
            trigger.startLine = located.startLine
            trigger.endLine = located.endLine
            state.check(trigger)
        }
        state.finish()
        return state.matches.filter { onbuildCodes.contains($0.rule.code) }
    }
}

/// `# hadolint ignore=DL3008,DL3015` above an instruction, and `# hadolint global ignore=…`.
struct LintPragmas {
    var global: Set<String> = []
    /// Comment line → the rules it silences on the next instruction.
    var local: [Int: Set<String>] = [:]

    init(_ text: String) {
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("#") else { continue }
            let words = trimmed.dropFirst().split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.first == "hadolint" else { continue }
            let isGlobal = words.dropFirst().first == "global"
            guard let ignore = words.first(where: { $0.hasPrefix("ignore=") }) else { continue }
            let codes = Set(ignore.dropFirst("ignore=".count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            if isGlobal { global.formUnion(codes) } else { local[offset + 1, default: []].formUnion(codes) }
        }
    }

    func ignores(_ code: String, at line: Int, instructionLines: [Int]) -> Bool {
        if global.contains(code) { return true }
        // A pragma applies to the first instruction after it.
        let previousInstruction = instructionLines.filter { $0 < line }.max() ?? 0
        return local.contains { $0.key > previousInstruction && $0.key < line && $0.value.contains(code) }
    }
}
