import Foundation

/// The rules of a Makefile, as far as Dockerfiles need: `target: prerequisites` and tab-indented
/// recipe lines. Variables other than `$$` are left to the shell.
struct MakefileRules {
    struct Rule {
        var prerequisites: [String]
        var recipe: [String]
    }

    var rules: [String: Rule] = [:]
    var defaultGoal: String?

    init(_ text: String) {
        var current: [String] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            if line.hasPrefix("\t") {
                let command = line.dropFirst().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "$$", with: "$")
                for target in current where !command.isEmpty { rules[target]?.recipe.append(command) }
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // A rule has its colon before any `=` (`X = a:b` and `X := y` are assignments).
            let equals = trimmed.firstIndex(of: "=")
            guard !trimmed.hasPrefix("#"), let colon = trimmed.firstIndex(of: ":"),
                  equals.map({ colon < $0 && trimmed.index(after: colon) != $0 }) ?? true else {
                if !trimmed.isEmpty { current = [] }
                continue
            }
            let targets = trimmed[..<colon].split(separator: " ").map(String.init)
            let prerequisites = trimmed[trimmed.index(after: colon)...].split(separator: " ").map(String.init)
            current = targets.filter { !$0.hasPrefix(".") }
            for target in current where rules[target] == nil { rules[target] = Rule(prerequisites: prerequisites, recipe: []) }
            if defaultGoal == nil { defaultGoal = current.first }
        }
    }
}
