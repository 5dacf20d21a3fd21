import LayerlabBasics

/// The `--flag` words of one instruction, checked as BuildKit's `BFlags` checks them.
struct InstructionFlags {
    enum Kind { case bool, string, strings }

    private let words: [String]
    private var kinds: [String: Kind] = [:]
    private(set) var values: [String: [String]] = [:]

    init(_ words: [String]) {
        self.words = words
    }

    /// Declares the flags the instruction takes, then reads the words.
    mutating func parse(_ declared: [String: Kind]) throws(DockerfileSyntaxFailure) {
        kinds = declared
        for word in words {
            if word == "--" { return }
            guard word.hasPrefix("--") else { throw .init("arg should start with -- : \(word)") }
            let (flagName, value): (String, String?) = {
                guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
                return (String(word[..<equals]), String(word[word.index(after: equals)...]))
            }()
            let name = String(flagName.dropFirst(2))
            guard let kind = declared[name] else {
                var message = "unknown flag: \(flagName)"
                if let match = BuildKitSuggestion.search(name, in: declared.keys.sorted(), caseSensitive: true) {
                    message += " (did you mean \(match)?)"
                }
                throw .init(message)
            }
            if values[name] != nil && kind != .strings { throw .init("duplicate flag specified: \(flagName)") }
            switch kind {
            case .bool:
                if let value, value.isEmpty { throw .init("missing a value on flag: \(flagName)") }
                switch (value ?? "").lowercased() {
                case "true", "": values[name] = ["true"]
                case "false": values[name] = ["false"]
                default: throw .init("expecting boolean value for flag \(flagName), not: \(value ?? "")")
                }
            case .string:
                guard let value else { throw .init("missing a value on flag: \(flagName)") }
                values[name] = [value]
            case .strings:
                guard let value else { throw .init("missing a value on flag: \(flagName)") }
                values[name, default: []].append(value)
            }
        }
    }

    func string(_ name: String) -> String? { values[name]?.last }
    func strings(_ name: String) -> [String] { values[name] ?? [] }
    func bool(_ name: String) -> Bool { values[name]?.last == "true" }
    func optionalBool(_ name: String) -> Bool? { values[name].map { $0.last == "true" } }
}

/// BuildKit's `suggest.Search`: the option within edit distance 2, with the case of what was typed.
///
/// BuildKit breaks ties in Go's random map order; here a tie goes to the option that is closer when a
/// swap of two letters counts as one edit, so `RNU` suggests `RUN`, not `ENV`, every time.
enum BuildKitSuggestion {
    static func search(_ value: String, in options: [String], caseSensitive: Bool) -> String? {
        let typed = caseSensitive ? value : value.lowercased()
        var best: String?
        var minimum = 3
        var bestTieBreak = Int.max
        for option in options {
            let candidate = caseSensitive ? option : option.lowercased()
            if candidate == typed { return nil }
            let distance = Suggestion.editDistance(typed, candidate, countsTranspositions: false)
            let tieBreak = Suggestion.editDistance(typed, candidate)
            if distance < minimum || (distance == minimum && best != nil && tieBreak < bestTieBreak) {
                minimum = distance
                bestTieBreak = tieBreak
                if caseSensitive {
                    best = candidate
                } else if value == value.lowercased() {
                    best = candidate.lowercased()
                } else if value == value.uppercased() {
                    best = candidate.uppercased()
                } else {
                    best = candidate
                }
            }
        }
        return best
    }
}
