import Dockerfile
import Foundation
import GoSemantics

/// How BuildKit names the vertex of a RUN, COPY, ADD or WORKDIR step (buildkit v0.22.0
/// frontend/dockerfile/dockerfile2llb/convert.go): the instruction as written, the variables of the
/// moment expanded (`processCmdEnv`, which keeps the text as written when expansion fails) and its
/// keyword in capitals (`uppercaseCmd`). `StepCounter` puts the `[stage i/n]` in front.
enum StepName {
    /// A RUN's name (dispatchRun): flags and all, with quotes and unset variables left as written (its
    /// lexer has RawQuotes and SkipUnsetEnv); a RUN that is one heredoc shows the heredoc's first line.
    static func run(_ original: String, _ run: RunInstruction, environment: [String: String], escapeToken: Unicode.Scalar) -> String {
        var name = written(original)
        if run.isSingleHeredoc, let body = run.heredocs.first?.content {
            name += " (\(heredocSummary(body)))"
        }
        var lexer = ShellWordExpander(escapeToken: escapeToken)
        lexer.keepsQuotes = true
        lexer.leavesUnsetVariables = true
        return uppercasingKeyword((try? lexer.process(name, environment: environment).word) ?? name)
    }

    /// A COPY's, ADD's or WORKDIR's name (dispatchCopy, dispatchWorkdir): the Dockerfile's own lexer,
    /// so quotes go and an unset variable is empty.
    static func command(_ original: String, environment: [String: String], escapeToken: Unicode.Scalar) -> String {
        let name = written(original)
        let lexer = ShellWordExpander(escapeToken: escapeToken)
        return uppercasingKeyword((try? lexer.process(name, environment: environment).word) ?? name)
    }

    /// The instruction's line as BuildKit's parser keeps it (`Node.Original`, trimmed by the
    /// instruction's `String()`): continuation lines joined, heredoc bodies not part of it.
    static func written(_ original: String) -> String {
        let firstLine = original.utf8.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false).first
        return GoText.trimSpace(firstLine.map { String(decoding: $0, as: UTF8.self) } ?? "")
    }

    /// `summarizeHeredoc`: the body trimmed, its first line, `...` when more follow.
    static func heredocSummary(_ body: String) -> String {
        let lines = GoText.trimSpace(body).replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return String(lines.first ?? "") + (lines.count > 1 ? "..." : "")
    }

    /// `uppercaseCmd`: the text up to the first space in capitals.
    static func uppercasingKeyword(_ text: String) -> String {
        guard let space = text.firstIndex(of: " ") else { return text.uppercased() }
        return text[..<space].uppercased() + text[space...]
    }
}

/// BuildKit's numbering of a stage's steps (`prefixCommand` in buildkit v0.22.0 dockerfile2llb/convert.go):
/// `[name i/n] ` with the index padded to the width of the total, `ONBUILD ` after it for a base
/// image's trigger, and no prefix at all in a stage that counts no step.
struct StepCounter {
    /// The stage's name, when the Dockerfile has more than one dispatch state (`namesStages`).
    let stageName: String?
    let total: Int
    private(set) var index = 0

    init(stageName: String?, total: Int) {
        self.stageName = stageName
        self.total = total
    }

    /// The total toDispatchState counts for a stage: FROM when its base is an image, each RUN, COPY,
    /// ADD and WORKDIR, and every ONBUILD trigger of the base whatever it is (initOnBuildTriggers adds them
    /// all), so that a trigger such as `ENV` takes a number no vertex shows.
    static func total(of stage: DockerfileProgram.Stage, triggers: Int, fromImage: Bool) -> Int {
        let steps = stage.instructions.filter { ["RUN", "COPY", "ADD", "WORKDIR"].contains($0.instruction.keyword) }.count
        return steps + triggers + (fromImage ? 1 : 0)
    }

    /// Whether step names carry stage names: when the Dockerfile makes more than one dispatch state
    /// (toDispatchState clears the name of a lone one). Besides its stages, BuildKit makes one for each
    /// `COPY --from` naming an image and each `RUN --mount` not mounting from a stage (its `from` is
    /// looked up by stage name only, `scratch` when there is none) — in any stage, built or not.
    static func namesStages(in program: DockerfileProgram) -> Bool {
        if program.stages.count > 1 { return true }
        let stageNames = Set(program.stages.compactMap(\.from.stageName))
        return program.stages.flatMap(\.instructions).contains { located in
            switch located.instruction {
            case .copy(let copy): copy.from.map { program.stage(named: $0) == nil } ?? false
            case .run(let run): run.mounts.map(RunMount.init).contains { !stageNames.contains(($0.from ?? "scratch").lowercased()) }
            default: false
            }
        }
    }

    mutating func label(_ name: String, onBuild: Bool = false) -> String {
        guard total > 0 else { return name }
        index += 1
        let number = String(repeating: " ", count: max(0, String(total).count - String(index).count)) + String(index)
        return "[" + (stageName.map { $0 + " " } ?? "") + "\(number)/\(total)] " + (onBuild ? "ONBUILD " : "") + name
    }
}
