import ArgumentParser
import Course
import Foundation
import LayerlabBasics
import Shell

/// `layerlab progress export`: a learner's record, for an instructor, without starting the REPL.
public struct ProgressCommandGroup: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Work with the progress kept in your layerlab home.",
        subcommands: [ProgressExportCommand.self]
    )

    public init() {}
}

public struct ProgressExportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write your progress in a lesson pack as JSON (with a checksum against accidental edits) or CSV."
    )

    public enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, csv
    }

    @OptionGroup public var homeOptions: HomeOptions

    @Option(help: "json or csv.")
    public var format: Format = .json

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
    public var output: String?

    @Option(help: "Whose progress (default: the name layerlab uses for you).")
    public var name: String?

    @Option(help: ArgumentHelp("The lesson pack (default: the built-in course).", valueName: "DIR"))
    public var pack: String?

    public init() {}

    public func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let home = LayerlabHome.locate(flag: homeOptions.home, environment: environment)
        guard let folder = pack.map({ URL(fileURLWithPath: $0) }) ?? CourseLocator.builtInPack(environment: environment) else {
            throw ValidationError("no lesson pack found; give one with --pack DIR")
        }
        let learner = name ?? home.savedLearnerName ?? SessionConfiguration.defaultLearnerName(environment: environment)
        do {
            let export = try ProgressExport.read(home: home.url, learnerName: learner, pack: CourseLocator.load(folder), at: Date())
            let text = format == .json ? export.json : export.csv
            if let output {
                let target = try export.write(text, to: URL(fileURLWithPath: output), format: format == .json ? "json" : "csv")
                if target.standardizedFileURL != URL(fileURLWithPath: output).standardizedFileURL {
                    FileHandle.standardError.write(Data("wrote \(target.path)\n".utf8))
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch let error as any UserFacingError {
            FileHandle.standardError.write(Data(("layerlab: " + (error.location.map { "\($0): " } ?? "") + error.message + "\n" + (error.hint.map { $0 + "\n" } ?? "")).utf8))
            throw ExitCode(1)
        }
    }
}
