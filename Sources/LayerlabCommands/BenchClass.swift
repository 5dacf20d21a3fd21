import ArgumentParser
import Course
import Foundation
import ProgressStore

/// `layerlab bench class`: `class report` over generated exports (1,000 learners × 60 lessons by default).
public struct BenchClass: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "class",
        abstract: "Time 'class report' over generated learner exports."
    )

    @Option(help: "How many learners.") public var learners = 1000
    @Option(help: "How many lessons (one exercise each).") public var lessons = 60
    @Option(help: "How many times to run the report.") public var iterations = 5

    public init() {}

    public func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-bench-class-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        for learner in 0..<learners {
            let rows = (0..<lessons).map { lesson -> ProgressExport.Row in
                // A spread of progress: earlier lessons done more often.
                let opened = (learner * 7 + lesson * 3) % (lessons + 10) > lesson
                guard opened else { return .init(lessonID: "lesson-\(lesson + 1)", exerciseID: "exercise", progress: nil) }
                var progress = ExerciseProgress(learnerID: Int64(learner), packID: "bench", lessonID: "lesson-\(lesson + 1)", exerciseID: "exercise", openedAt: start)
                progress.attempts = (learner + lesson) % 4
                progress.hintsUsed = (learner * lesson) % 3
                progress.secondsSpent = Double((learner + lesson) % 600)
                if (learner + lesson) % 5 != 0 {
                    progress.status = .completed
                    progress.completedAt = start.addingTimeInterval(600)
                }
                return .init(lessonID: "lesson-\(lesson + 1)", exerciseID: "exercise", progress: progress)
            }
            let export = ProgressExport(learner: "learner-\(learner + 1)", packID: "bench", packVersion: "1.0.0", rows: rows, exportedAt: start)
            try Data(export.json.utf8).write(to: folder.appendingPathComponent("learner-\(learner + 1).json"))
        }
        var times: [Double] = []
        var report: ClassReport?
        for _ in 0..<iterations {
            let began = DispatchTime.now().uptimeNanoseconds
            let made = try ClassReport.read(paths: [folder.path])
            _ = made.table(unicode: false)
            _ = made.csv
            _ = made.html
            times.append(Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9)
            report = made
        }
        let median = times.sorted()[times.count / 2]
        print("class report: \(report?.learners.count ?? 0) learners × \(report?.lessons.count ?? 0) lessons (read, checksums, table, CSV, HTML): median \(String(format: "%.3f", median)) s over \(iterations) runs")
    }
}
