/// A Dockerfile as a list of build stages, each a FROM and the instructions after it, with the ARGs
/// declared before the first FROM kept apart (they are in scope for FROM lines only).
public struct DockerfileProgram: Equatable, Sendable {
    public var stages: [Stage]
    /// The ARG instructions before the first FROM.
    public var metaArgInstructions: [LocatedInstruction]
    public var escapeToken: Unicode.Scalar
    public var warnings: [DockerfileWarning]

    /// One build stage.
    public struct Stage: Equatable, Sendable {
        public var index: Int
        public var from: FromInstruction
        public var fromLocation: LocatedInstruction
        public var instructions: [LocatedInstruction]

        /// The name BuildKit shows in step labels: the `AS` name, else `stage-N`.
        public var displayName: String { from.stageName ?? "stage-\(index)" }
    }

    /// Parses and checks a whole Dockerfile; any error is BuildKit's, with its line.
    public static func parse(_ text: String, file: String = "Dockerfile") throws(DockerfileParseError) -> DockerfileProgram {
        try make(from: DockerfileParser().parse(text, file: file), file: file)
    }

    public static func make(from syntax: DockerfileSyntax, file: String = "Dockerfile") throws(DockerfileParseError) -> DockerfileProgram {
        var stages: [Stage] = []
        var metaArgInstructions: [LocatedInstruction] = []
        for node in syntax.nodes {
            let located = try InstructionParser.parse(node, file: file)
            switch located.instruction {
            case .from(let from):
                stages.append(Stage(index: stages.count, from: from, fromLocation: located, instructions: []))
            case .arg where stages.isEmpty:
                metaArgInstructions.append(located)
            default:
                guard !stages.isEmpty else {
                    throw DockerfileParseError(reason: "no build stage in current context", line: node.startLine, endLine: node.endLine, file: file, namesLine: false)
                }
                stages[stages.count - 1].instructions.append(located)
            }
        }
        return DockerfileProgram(stages: stages, metaArgInstructions: metaArgInstructions, escapeToken: syntax.escapeToken, warnings: syntax.warnings)
    }

    /// The ARGs declared before the first FROM, in order.
    public var metaArgs: [ArgDeclaration] {
        metaArgInstructions.flatMap { located -> [ArgDeclaration] in
            if case .arg(let declarations) = located.instruction { return declarations }
            return []
        }
    }

    /// The stage a `--target` or `COPY --from` names, by name (any case) or index.
    public func stage(named name: String) -> Stage? {
        if let byName = stages.first(where: { $0.from.stageName == name.lowercased() }) { return byName }
        if let index = Int(name), stages.indices.contains(index) { return stages[index] }
        return nil
    }
}
