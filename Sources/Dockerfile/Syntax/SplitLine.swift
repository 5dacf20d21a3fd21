import GoSemantics

/// One logical line split into keyword, flags and parsed arguments: BuildKit's `newNodeFromLine`.
struct SplitLine {
    var keyword: String
    var flags: [String]
    var parsed: ArgumentParsers.Parsed

    init(_ line: String, escape: Unicode.Scalar) throws(DockerfileSyntaxFailure) {
        let parts = GoText.splitOnBlanks(GoText.trimSpace(line), limit: 2)
        keyword = parts[0]
        var rest = ""
        flags = []
        if parts.count == 2 {
            (flags, rest) = BuilderFlags.extract(from: parts[1], escape: escape)
        }
        rest = GoText.trimSpace(rest)
        parsed = try ArgumentParsers.parse(ArgumentParsers.Kind(keyword: keyword.lowercased()), rest, escape: escape)
    }

    /// This line as the instruction inside an ONBUILD.
    var subcommand: SyntaxNode.Subcommand {
        SyntaxNode.Subcommand(keyword: keyword, flags: flags, arguments: parsed.arguments, isJSON: parsed.isJSON)
    }

    /// Whether heredocs are read after this line: RUN, COPY and ADD in shell form, also inside ONBUILD.
    var canContainHeredoc: Bool {
        var keyword = keyword.lowercased()
        var isJSON = parsed.isJSON
        if keyword == "onbuild", let inner = parsed.subcommand {
            keyword = inner.keyword.lowercased()
            isJSON = inner.isJSON
        }
        return ["add", "copy", "run"].contains(keyword) && !isJSON
    }
}
