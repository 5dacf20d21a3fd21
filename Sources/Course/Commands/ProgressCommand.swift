import Foundation
import Shell

/// `progress`: the learner's record in this pack; `progress export` writes it as JSON or CSV.
public struct ProgressCommand: CourseCommand {
    let course: Course

    public let help = CommandHelp(
        name: "progress", group: .lessons,
        abstract: "Show your progress, or export it",
        usage: ["progress", "progress export [--format json|csv] [-o FILE]"],
        discussion: "Export writes your record (status, attempts, hints, solutions viewed, time) to standard output or to FILE in the workspace, for your instructor."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let export = try course.export(context)
        if arguments.first == "export" {
            var format = "json"
            var output: String?
            var index = 1
            while index < arguments.count {
                let option = arguments[index]
                // A `where` clause guards only the last pattern of a case, so the value check stands apart.
                if ["--format", "-f", "-o", "--output"].contains(option) && index + 1 >= arguments.count {
                    throw CommandFailure.usage("progress", "\(option) needs a value")
                }
                switch option {
                case "--format", "-f":
                    format = arguments[index + 1]
                    index += 2
                case "-o", "--output":
                    output = arguments[index + 1]
                    index += 2
                default:
                    if arguments[index].hasPrefix("--format=") {
                        format = String(arguments[index].dropFirst(9))
                        index += 1
                    } else {
                        throw CommandFailure.usage("progress", "unknown option '\(arguments[index])'")
                    }
                }
            }
            guard ["json", "csv"].contains(format) else { throw CommandFailure.usage("progress", "--format is json or csv") }
            let text = format == "json" ? export.json : export.csv
            if let output {
                let path = try context.workspace.resolve(output, for: "progress")
                let written = try export.write(text, to: path.url, format: format)
                io.print("Wrote \(path.display)" + (written == path.url ? "" : "/" + written.lastPathComponent))
            } else {
                io.write(text)
            }
            return 0
        }
        guard arguments.isEmpty else { throw CommandFailure.usage("progress", "expected 'progress' or 'progress export'") }
        var rows = [["EXERCISE", "STATUS", "ATTEMPTS", "HINTS", "SOLUTION", "TIME"]]
        var number = 0
        var lastLesson = ""
        var lessonNumber = 0
        for row in export.rows {
            if row.lessonID != lastLesson {
                lessonNumber += 1
                number = 0
                lastLesson = row.lessonID
            }
            number += 1
            let progress = row.progress
            rows.append(["\(lessonNumber).\(number) \(row.exerciseID)", ProgressExport.status(progress), String(progress?.attempts ?? 0),
                         String(progress?.hintsUsed ?? 0), progress?.solutionViewed == true ? "seen" : "-", "\(Int(progress?.secondsSpent ?? 0) / 60)m"])
        }
        for line in TextTable.lines(rows, gap: 3) { io.print(line) }
        let done = export.rows.filter { $0.progress?.status == .completed }.count
        io.print("\(done) of \(export.rows.count) exercises done.")
        return 0
    }
}
