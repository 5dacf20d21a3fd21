import LayerlabBasics

/// Renders a parse as the JSON `layerlab parse --json` prints: one object per instruction with the fields
/// of the shared corpus (`cmd`, `sub_cmd`, `json`, `original`, `start_line`, `end_line`, `flags`,
/// `value`, `heredocs`), in the layout of Python's `json.dumps` with ASCII escapes.
public enum ParseJSONRenderer {
    public static func render(_ syntax: DockerfileSyntax) -> String {
        let objects = syntax.nodes.map(render)
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    public static func render(_ error: DockerfileParseError) -> String {
        "{\"error\": \(quoted(error.reason))}\n"
    }

    static func render(_ node: SyntaxNode) -> String {
        let inner = node.subcommand
        let fields: [(String, String)] = [
            ("cmd", optionalString(node.keyword)),
            ("sub_cmd", optionalString(inner?.keyword ?? "")),
            ("json", (inner?.isJSON ?? node.isJSON) ? "true" : "false"),
            ("original", optionalString(node.original)),
            ("start_line", String(node.startLine)),
            ("end_line", String(node.endLine)),
            ("flags", array(node.flags.map(quoted))),
            ("value", array((inner?.arguments ?? node.arguments).map(quoted))),
            ("heredocs", array(node.heredocs.map { heredoc in
                "{\"name\": \(quoted(heredoc.name)), \"file_descriptor\": \(heredoc.fileDescriptor), \"content\": \(quoted(heredoc.content))}"
            })),
        ]
        return "{" + fields.map { "\(quoted($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ", ") + "]"
    }

    /// An empty keyword or text is `null`, as in the corpus.
    static func optionalString(_ text: String) -> String {
        text.isEmpty ? "null" : quoted(text)
    }

    /// A JSON string with everything outside printable ASCII escaped, as the corpus files have them.
    public static func quoted(_ text: String) -> String {
        JSONText.quoted(text, asciiOnly: true)
    }
}
