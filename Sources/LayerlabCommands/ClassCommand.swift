import ArgumentParser
import Course
import Foundation
import LayerlabBasics

/// `layerlab class report` and `class check`: a class's progress from the learners' exports, or from
/// the images they pushed to the class's registry.
public struct ClassCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "class",
        abstract: "Follow a class: from its learners' progress exports, or from the images they pushed to the class's registry.",
        subcommands: [ClassReportCommand.self, ClassCheckCommand.self]
    )

    public init() {}
}

public struct ClassReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Aggregate progress exports (JSON) of one pack: where the class is stuck, each learner's progress; a report here, and class-report.csv and class-report.html.",
        discussion: """
        Exports of another pack or version are left out and named (choose which with --pack); two exports
        with the same learner name are kept apart and flagged. The exit status is 2 when anything needs a
        second look: a file left out, an export changed since it was written, a name that appears twice.
        An export's checksum catches accidental edits only: anyone can recompute it. For results you must
        trust, use the class hub: layerlab class check --registry HOST:PORT judges the images learners pushed.
        """
    )

    @Argument(help: "Export files, or folders of them.") public var paths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write class-report.csv and class-report.html (default: the current folder).", valueName: "DIR"))
    public var output: String = "."

    @Option(help: ArgumentHelp("The pack to report on, as ID or ID@VERSION (default: the one most exports are of).", valueName: "PACK"))
    public var pack: String?

    public init() {}

    public func run() throws {
        let report: ClassReport
        do {
            report = try ClassReport.read(paths: paths, pack: pack)
        } catch {
            throw fail(error)
        }
        try publish(report, into: output)
    }
}

/// What `class report` and `class check` both do with their report: print it, write class-report.csv
/// and class-report.html into `output`, and exit with status 2 when anything needs a second look.
func publish(_ report: ClassReport, into output: String) throws {
    let style = TerminalStyle.detect(environment: ProcessInfo.processInfo.environment, outputIsTerminal: isatty(1) == 1, terminalWidth: nil)
    print(report.table(unicode: style.usesUnicode), terminator: "")
    let folder = URL(fileURLWithPath: output)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(report.csv.utf8).write(to: folder.appendingPathComponent("class-report.csv"))
    try Data(report.html.utf8).write(to: folder.appendingPathComponent("class-report.html"))
    print("Wrote \(folder.appendingPathComponent("class-report.csv").path) and class-report.html beside it.")
    if report.needsAttention { throw ExitCode(2) }
}
