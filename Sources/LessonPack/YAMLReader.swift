import LayerlabBasics
import Yams

/// Reads YAML nodes into lesson values while collecting problems with their file and line, so a
/// loader can report every mistake in a file at once instead of stopping at the first.
final class YAMLReader {
    let file: String
    /// Added to Yams' 1-based line numbers: front matter starts below its `---` line.
    let lineOffset: Int
    private(set) var problems: [LessonPackProblem] = []

    init(file: String, lineOffset: Int = 0) {
        self.file = file
        self.lineOffset = lineOffset
    }

    func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: (node?.mark?.line ?? 1) + lineOffset)
    }

    func problem(_ message: String, at node: Node?, hint: String? = nil) {
        problems.append(LessonPackProblem(message, at: location(node), hint: hint))
    }

    /// Parses a YAML document; nil (with the problem recorded) when it is not YAML.
    func compose(_ text: String) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                problems.append(LessonPackProblem("the file has no YAML content", at: SourceLocation(file: file, line: 1 + lineOffset)))
                return nil
            }
            return node
        } catch let error as YamlError {
            let (line, text) = Self.describe(error)
            problems.append(LessonPackProblem("not valid YAML: \(text)", at: SourceLocation(file: file, line: line + lineOffset),
                                              hint: "check the indentation and quoting around that line"))
            return nil
        } catch {
            problems.append(LessonPackProblem("not valid YAML: \(error)", at: SourceLocation(file: file, line: 1 + lineOffset)))
            return nil
        }
    }

    static func describe(_ error: YamlError) -> (line: Int, text: String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return (mark.line, problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, "the key\(duplicates.count == 1 ? "" : "s") \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) appear\(duplicates.count == 1 ? "s" : "") twice")
        default:
            return (1, "\(error)")
        }
    }

    /// A mapping's entries by key, reporting keys that are not among `known` (with a suggestion).
    func mapping(_ node: Node?, known: [String], what: String) -> [String: Node]? {
        guard let node else { return nil }
        guard let mapping = node.mapping else {
            problem("\(what) must be a mapping of keys to values", at: node)
            return nil
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            if !known.contains(name) {
                let suggestion = Suggestion.closest(to: name, in: known).map { "did you mean '\($0)'? " } ?? ""
                problem("unknown key '\(name)' in \(what)", at: key, hint: suggestion + "known keys: " + known.joined(separator: ", "))
                continue
            }
            result[name] = value
        }
        return result
    }

    /// A required non-empty string.
    func string(_ entries: [String: Node], _ key: String, in what: String, at parent: Node?) -> String? {
        guard let node = entries[key] else {
            problem("\(what) needs '\(key)'", at: parent)
            return nil
        }
        return text(node, key: key)
    }

    /// A string value, or nil with a problem when it is not one or is empty.
    func text(_ node: Node, key: String) -> String? {
        guard node.scalar != nil, let value = node.string, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            problem("'\(key)' must be non-empty text", at: node,
                    hint: node.mapping != nil ? "YAML read a ': ' in it as a key; put the whole text in quotes" : nil)
            return nil
        }
        return value
    }

    func optionalString(_ entries: [String: Node], _ key: String) -> String? {
        entries[key].flatMap { text($0, key: key) }
    }

    func strings(_ node: Node?, key: String) -> [String] {
        locatedStrings(node, key: key).map { $0.text }
    }

    /// `strings`, each with the line its text starts on: below the `|` or `>` of a block scalar.
    func locatedStrings(_ node: Node?, key: String) -> [(text: String, location: SourceLocation)] {
        guard let node else { return [] }
        if node.scalar != nil, let single = node.string { return [(text: single, location: textLocation(node))] }
        guard let sequence = node.sequence else {
            problem("'\(key)' must be a list", at: node)
            return []
        }
        return sequence.compactMap { item in text(item, key: key).map { (text: $0, location: textLocation(item)) } }
    }

    func textLocation(_ node: Node) -> SourceLocation {
        var start = location(node)
        if let style = node.scalar?.style, style == .literal || style == .folded { start.line += 1 }
        return start
    }

    func int(_ node: Node?, key: String) -> Int? {
        guard let node else { return nil }
        guard let value = node.int else {
            problem("'\(key)' must be a whole number", at: node)
            return nil
        }
        return value
    }
}
