import ArgumentParser
import Course
import Foundation
import LayerlabBasics

/// `layerlab class report`: a class's progress from the learners' exports.
public struct ClassCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "class",
        abstract: "Follow a class from its learners' progress exports.",
        subcommands: [ClassReportCommand.self]
    )

    public init() {}
}

public struct ClassReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Aggregate progress exports (JSON) into learners × lessons: a table here, and class-report.csv and class-report.html."
    )

    @Argument(help: "Export files, or folders of them.") public var paths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write class-report.csv and class-report.html (default: the current folder).", valueName: "DIR"))
    public var output: String = "."

    public init() {}

    public func run() throws {
        let report: ClassReport
        do {
            report = try ClassReport.read(paths: paths)
        } catch let error as PackError {
            throw fail(error)
        }
        let style = TerminalStyle.detect(environment: ProcessInfo.processInfo.environment, outputIsTerminal: isatty(1) == 1, terminalWidth: nil)
        print(report.table(unicode: style.usesUnicode), terminator: "")
        let folder = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(report.csv.utf8).write(to: folder.appendingPathComponent("class-report.csv"))
        try Data(report.html.utf8).write(to: folder.appendingPathComponent("class-report.html"))
        print("Wrote \(folder.appendingPathComponent("class-report.csv").path) and class-report.html beside it.")
        if report.learners.contains(where: { !$0.checksumMatches }) || !report.unreadable.isEmpty { throw ExitCode(2) }
    }
}
