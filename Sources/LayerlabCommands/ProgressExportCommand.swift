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

    @Option(help: "Whose progress (default: the learner the home belongs to).")
    public var name: String?

    @Option(help: ArgumentHelp("The lesson pack: an installed pack's ID or a folder (default: the built-in course).", valueName: "ID|DIR"))
    public var pack: String?

    public init() {}

    public func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let home = LayerlabHome.locate(flag: homeOptions.home, environment: environment)
        // A home keeps its learner's name from the first session on; one made before layerlab kept it
        // went by the login name.
        let learner = name ?? home.savedLearnerName ?? SessionConfiguration.defaultLearnerName(environment: environment)
        do {
            // Reading a home must not make one: a mistyped --home would be left behind, empty.
            guard FileManager.default.fileExists(atPath: home.databasePath) else {
                throw ProgressExportError(message: "no progress recorded in \(home.url.path): there is no layerlab home there",
                                          hint: "give the learner's home with --home DIR (the folder with layerlab.sqlite)")
            }
            let folder = try Repl.packFolder(pack, home: home) ?? CourseLocator.builtInPack(environment: environment, home: home)
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
