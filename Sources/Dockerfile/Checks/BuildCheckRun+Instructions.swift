extension BuildCheckRun {
    /// The parser's empty continuation lines (convert.go toDispatchState), then what BuildKit checks as it
    /// gives each instruction its meaning (instructions/parse.go ParseInstructionWithLinter): MAINTAINER,
    /// and FROM's stage name and `AS`. When BuildKit refused the instruction at `failedLine`, the ones after
    /// it are not checked: BuildKit checks an instruction before it reads it, and stops there.
    public mutating func inspect(_ syntax: DockerfileSyntax, upTo failedLine: Int? = nil) {
        for warning in syntax.warnings {
            report(.noEmptyContinuation, lines: warning.line...warning.line)
        }
        for node in syntax.nodes {
            if let failedLine, node.startLine > failedLine { break }
            inspectInstruction(node)
        }
    }

    private mutating func inspectInstruction(_ node: SyntaxNode) {
        let lines = node.lines
        switch node.lowercasedKeyword {
        case "maintainer":
            report(.maintainerDeprecated, lines: lines)
        case "from":
            let arguments = node.arguments
            if arguments.count == 3, arguments[2] != arguments[2].lowercased() {
                report(.stageNameCasing(stageName: arguments[2]), lines: lines)
            }
            // A FROM whose own case is mixed is left to ConsistentInstructionCasing.
            if arguments.count >= 3 {
                let from = node.keyword
                let asKeyword = arguments[1]
                let matches = if from == from.lowercased() {
                    asKeyword == asKeyword.lowercased()
                } else if from == from.uppercased() {
                    asKeyword == asKeyword.uppercased()
                } else {
                    true
                }
                if !matches { report(.fromAsCasing(from: from, asKeyword: asKeyword), lines: lines) }
            }
        default:
            break
        }
    }

    /// Stage names, and the case of the instructions of all stages against the case most of them use
    /// (convert.go validateStageNames, validateCommandCasing). ARGs before the first FROM belong to no
    /// stage and are not counted.
    public mutating func inspectStages(of program: DockerfileProgram, syntax: DockerfileSyntax) {
        var names: Set<String> = []
        for stage in program.stages {
            guard let name = stage.from.stageName else { continue }
            if ["context", "scratch"].contains(name) { report(.reservedStageName(name), lines: stage.fromLocation.lines) }
            if !names.insert(name).inserted { report(.duplicateStageName(name), lines: stage.fromLocation.lines) }
        }
        let nodes = syntax.nodes.drop { $0.lowercasedKeyword != "from" }
        let consistent = nodes.map(\.keyword).filter { $0 == $0.lowercased() || $0 == $0.uppercased() }
        let lowercase = consistent.filter { $0 == $0.lowercased() }.count
        let majorityIsLowercase = lowercase > consistent.count - lowercase
        for node in nodes {
            let keyword = node.keyword
            if majorityIsLowercase ? (keyword != keyword.lowercased()) : (keyword != keyword.uppercased()) {
                report(.consistentInstructionCasing(instruction: keyword, casing: majorityIsLowercase ? "lowercase" : "uppercase"), lines: node.lines)
            }
        }
    }
}

extension SyntaxNode {
    /// The lines BuildKit points at for the instruction (its `Location()`).
    var lines: ClosedRange<Int> { startLine...endLine }
}

extension LocatedInstruction {
    var lines: ClosedRange<Int> { startLine...endLine }
}
