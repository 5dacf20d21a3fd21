import ArgumentParser
import Foundation
import Linter

/// `layerlab lint`: hadolint's DL rules over Dockerfiles.
public struct Lint: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Check Dockerfiles against hadolint's DL rules.",
        discussion: """
        Prints each finding as `FILE:LINE CODE LEVEL: MESSAGE` (--format tty) or as hadolint's JSON array
        (--format json). Exit status 1 when any finding is at or above the failure threshold (an error,
        unless configured). `# hadolint ignore=DL3008` on the line above an instruction silences a rule
        there; `# hadolint global ignore=…` everywhere. hadolint's configuration is read from --config,
        else `.hadolint.yaml` in the current folder, else `$XDG_CONFIG_HOME/hadolint.yaml`; the options
        below add to it, as hadolint's do. --list-rules prints the rules layerlab checks, each with its
        code, level and message; the rule codes a configuration file names must be among them (or be
        ShellCheck's SC codes, which layerlab accepts and does not check).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case tty, json
    }

    @Option(help: "tty or json.")
    var format: Format = .tty

    @Option(name: .shortAndLong, help: ArgumentHelp("A hadolint configuration file.", valueName: "FILE"))
    var config: String?

    @Option(help: ArgumentHelp("A rule to ignore.", valueName: "RULECODE")) var ignore: [String] = []
    @Option(help: ArgumentHelp("Report the rule as an error.", valueName: "RULECODE")) var error: [String] = []
    @Option(help: ArgumentHelp("Report the rule as a warning.", valueName: "RULECODE")) var warning: [String] = []
    @Option(help: ArgumentHelp("Report the rule as info.", valueName: "RULECODE")) var info: [String] = []
    @Option(help: ArgumentHelp("Report the rule as style.", valueName: "RULECODE")) var style: [String] = []
    @Option(help: ArgumentHelp("A registry FROM may use (turns on DL3026).", valueName: "REGISTRY")) var trustedRegistry: [String] = []
    @Option(help: ArgumentHelp("A label the image must set, with its format (turns on DL3049–DL3058).", valueName: "NAME:TYPE")) var requireLabel: [String] = []
    @Flag(help: "Allow no labels beyond the required ones (DL3050).") var strictLabels = false
    @Flag(help: "Do not honour `# hadolint ignore=` comments.") var disableIgnorePragma = false
    @Option(name: [.customShort("t"), .long], help: "Fail at or above: error, warning, info, style, ignore, none.") var failureThreshold: String?
    @Flag(help: "Exit 0 whatever is found.") var noFail = false
    @Flag(help: "Print the rules layerlab checks, with their levels and messages, and check no file.") var listRules = false

    @Argument(help: "The Dockerfiles to check.")
    var files: [String] = []

    public func validate() throws {
        guard listRules || !files.isEmpty else { throw ValidationError("give the Dockerfiles to check (or --list-rules to see the rules)") }
    }

    /// The configuration file (given or found), with the options added to it.
    func configuration() throws -> LintConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let found = config.map { URL(fileURLWithPath: $0) }
            ?? LintConfiguration.discover(in: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), environment: environment)
        var configuration = LintConfiguration()
        if let found {
            guard let data = FileManager.default.contents(atPath: found.path) else { throw ValidationError("cannot read \(found.path)") }
            configuration = try LintConfiguration.load(String(decoding: data, as: UTF8.self), file: found.path)
        }
        if !ignore.isEmpty { configuration.ignored = Set(ignore) }
        for (level, rules) in [(LintFinding.Level.error, error), (.warning, warning), (.info, info), (.style, style)] {
            for rule in rules { configuration.overrides[rule] = level }
        }
        configuration.trustedRegistries += trustedRegistry
        for label in requireLabel { try configuration.requireLabel(label) }
        if strictLabels { configuration.strictLabels = true }
        if disableIgnorePragma { configuration.disableIgnorePragma = true }
        if let failureThreshold {
            guard let level = LintConfiguration.parseLevel(failureThreshold) else {
                throw ValidationError("--failure-threshold takes error, warning, info, style, ignore or none")
            }
            configuration.failureThreshold = level
        }
        if noFail { configuration.failureThreshold = nil }
        return configuration
    }

    public init() {}

    public func run() throws {
        if listRules {
            FileHandle.standardOutput.write(Data(LintReport.rules(LintRule.catalogue).utf8))
            return
        }
        let configuration: LintConfiguration
        do {
            configuration = try self.configuration()
        } catch let error as LintConfigurationError {
            throw fail(error)
        }
        var failed = false
        var json: [LintFinding] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("layerlab: cannot read \(file)\n".utf8))
                throw ExitCode(2)
            }
            let findings = DockerfileLinter().lint(String(decoding: data, as: UTF8.self), file: file, configuration: configuration)
            failed = failed || configuration.fails(findings)
            switch format {
            case .tty: FileHandle.standardOutput.write(Data(LintReport.tty(findings, file: file).utf8))
            case .json: json += findings
            }
        }
        if format == .json { FileHandle.standardOutput.write(Data(LintReport.json(json).utf8)) }
        if failed { throw ExitCode(1) }
    }
}
