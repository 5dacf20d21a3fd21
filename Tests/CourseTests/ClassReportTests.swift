import Course
import Foundation
import LayerlabBasics
import ProgressStore
import Testing

@Suite struct ClassReportTests {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)

    static func export(_ learner: String, done: [String: Bool], hints: Int = 0) -> Data {
        let rows = ["a/one", "a/two", "b/one"].map { key -> ProgressExport.Row in
            let parts = key.split(separator: "/").map(String.init)
            guard let completed = done[key] else { return .init(lessonID: parts[0], exerciseID: parts[1], progress: nil) }
            var progress = ExerciseProgress(learnerID: 1, packID: "p", lessonID: parts[0], exerciseID: parts[1], openedAt: start)
            progress.hintsUsed = hints
            progress.secondsSpent = 90
            if completed { progress.status = .completed }
            return .init(lessonID: parts[0], exerciseID: parts[1], progress: progress)
        }
        return Data(ProgressExport(learner: learner, packID: "p", packVersion: "1", rows: rows, exportedAt: start).json.utf8)
    }

    @Test func learnersAreAggregatedPerLessonAndEditedExportsAreFlagged() {
        let ada = Self.export("ada", done: ["a/one": true, "a/two": true, "b/one": false], hints: 1)
        var bob = String(decoding: Self.export("bob", done: ["a/one": true]), as: UTF8.self)
        bob = bob.replacingOccurrences(of: "\"status\": \"not-started\"", with: "\"status\": \"completed\"")
        let report = ClassReport(exports: [("bob.json", Data(bob.utf8)), ("ada.json", ada), ("notes.json", Data("{}".utf8))])
        #expect(report.lessons == ["a", "b"])
        #expect(report.learners.map(\.name) == ["ada", "bob"])
        #expect(report.learners[0].cells["a"] == ClassReport.Cell(done: 2, total: 2))
        #expect(report.learners[0].cells["b"] == ClassReport.Cell(done: 0, total: 1))
        #expect(report.learners[0].hints == 3 && report.learners[0].seconds == 270 && report.learners[0].checksumMatches)
        #expect(!report.learners[1].checksumMatches, "bob's export was edited after it was written")
        let table = report.table(unicode: false)
        #expect(table.contains("ada      done  -     2     0         3      0          4m"))
        #expect(table.contains("1 export does not match its checksum (edited after export?): bob.json"))
        #expect(table.contains("skipped notes.json: not a layerlab progress export (JSON)"))
        #expect(report.csv.split(separator: "\n")[1] == "ada,ada.json,2/2,0/1,2,0,3,0,270,ok")
        #expect(report.html.hasPrefix("<!DOCTYPE html>") && !report.html.contains("<script") && report.html.contains("<tr class=\"bad\"><td class=\"name\">bob</td>"))
    }
}
