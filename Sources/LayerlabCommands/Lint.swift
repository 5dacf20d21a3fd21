import ArgumentParser
import Foundation
import Linter

/// `layerlab lint`: hadolint's DL rules over Dockerfiles.
public struct Lint: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Check Dockerfiles against hadolint's DL rules.",
        discussion: """
        Prints each finding as `FILE:LINE CODE LEVEL: MESSAGE` (--format tty) or as hadolint's JSON array
        (--format json). Exit status 1 when any finding is an error. `# hadolint ignore=DL3008` on the
        line above an instruction silences a rule there; `# hadolint global ignore=…` everywhere.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case tty, json
    }

    @Option(help: "tty or json.")
    var format: Format = .tty

    @Argument(help: "The Dockerfiles to check.")
    var files: [String]

    public init() {}

    public func run() throws {
        var failed = false
        var json: [LintFinding] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("layerlab: cannot read \(file)\n".utf8))
                throw ExitCode(2)
            }
            let findings = DockerfileLinter().lint(String(decoding: data, as: UTF8.self), file: file)
            failed = failed || LintReport.hasErrors(findings)
            switch format {
            case .tty: FileHandle.standardOutput.write(Data(LintReport.tty(findings, file: file).utf8))
            case .json: json += findings
            }
        }
        if format == .json { FileHandle.standardOutput.write(Data(LintReport.json(json).utf8)) }
        if failed { throw ExitCode(1) }
    }
}
