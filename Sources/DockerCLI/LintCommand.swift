import Foundation
import Linter
import Shell

/// `lint [FILE]`: hadolint's DL rules over a Dockerfile in the workspace.
public struct LintCommand: ShellCommand {
    public init() {}

    public func mayChangeWorld(_ arguments: [String]) -> Bool { false }

    public let help = CommandHelp(
        name: "lint", group: .docker,
        abstract: "Check a Dockerfile against hadolint's best-practice rules",
        usage: ["lint", "lint FILE", "lint --format json FILE", "lint --list-rules"],
        discussion: """
        Checks the Dockerfile (default: ./Dockerfile) with hadolint's DL rules and prints each finding
        with its line, rule ID and level. Silence a rule on one instruction with a comment above it:
        `# hadolint ignore=DL3008`. A `.hadolint.yaml` beside the Dockerfile (or in a folder above it,
        up to the workspace) configures rules as hadolint's does: ignored rules, levels, trusted
        registries, a label schema. The exit status is 1 when a finding is an error (or at the
        configured failure-threshold). `lint --list-rules` prints the rules, each with its ID, level and
        message.
        """
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        var json = false
        var listRules = false
        var operands: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            switch argument {
            case "--format", "-f":
                guard index < arguments.count, ["tty", "json"].contains(arguments[index]) else {
                    throw CommandFailure.usage("lint", "--format takes tty or json")
                }
                json = arguments[index] == "json"
                index += 1
            case "--format=json": json = true
            case "--format=tty": json = false
            case "--list-rules": listRules = true
            case let option where option.hasPrefix("-"):
                throw CommandFailure.usage("lint", "unknown option '\(option)'")
            default:
                operands.append(argument)
            }
        }
        if listRules {
            io.write(LintReport.rules(LintRule.catalogue))
            return 0
        }
        guard operands.count <= 1 else { throw CommandFailure.usage("lint", "lint checks one file at a time") }
        let name = operands.first ?? "Dockerfile"
        let path = try context.workspace.resolve(name, for: "lint")
        guard let data = FileManager.default.contents(atPath: path.url.path) else {
            throw CommandFailure("lint: \(name): no such file; write a Dockerfile first (cat > Dockerfile <<'EOF')")
        }
        let configuration = try LintConfiguration.nearest(to: path.url, within: context.workspace.root)
        let findings = DockerfileLinter().lint(String(decoding: data, as: UTF8.self), file: name, configuration: configuration)
        if json {
            io.write(LintReport.json(findings))
        } else if findings.isEmpty {
            io.print("\(name): no findings")
        } else {
            io.write(LintReport.tty(findings, file: name))
        }
        return configuration.fails(findings) ? 1 : 0
    }
}
