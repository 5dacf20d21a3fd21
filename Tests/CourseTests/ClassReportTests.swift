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

    /// One export with a count at Int.max used to stop the whole report with an overflow trap.
    @Test func countsThatCannotBeAddedSkipThatExportAndNameTheField() throws {
        let ada = Self.export("ada", done: ["a/one": true])
        var text = String(decoding: Self.export("eve", done: ["a/one": true, "a/two": true]), as: UTF8.self)
        let edited = text.replacingOccurrences(of: "\"attempts\": 0", with: "\"attempts\": 9223372036854775807")
        #expect(edited != text)
        text = edited
        let negative = String(decoding: Self.export("mal", done: ["a/one": true]), as: UTF8.self)
            .replacingOccurrences(of: "\"hints_used\": 0", with: "\"hints_used\": -4")
        let report = ClassReport(exports: [("ada.json", ada), ("eve.json", Data(text.utf8)), ("mal.json", Data(negative.utf8))])
        #expect(report.learners.map(\.name) == ["ada"])
        #expect(report.unreadable.map(\.file) == ["eve.json", "mal.json"])
        #expect(report.unreadable[0].reason == "exercise 2: 'attempts' is 9223372036854775807, too large to add up")
        #expect(report.unreadable[1].reason == "exercise 1: 'hints_used' is -4, not a count of zero or more")
    }

    @Test func anExportFarLargerThanAnyIsNotRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("class-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.export("ada", done: ["a/one": true]).write(to: folder.appendingPathComponent("ada.json"))
        let huge = folder.appendingPathComponent("huge.json")
        _ = FileManager.default.createFile(atPath: huge.path, contents: nil)
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: UInt64(ClassReport.exportSizeLimit + 1))
        try handle.close()
        let report = try ClassReport.read(paths: [folder.path])
        #expect(report.learners.map(\.name) == ["ada"])
        #expect(report.unreadable.map(\.file) == [huge.path])
        #expect(report.unreadable.first?.reason.contains("not read") == true)
    }

    /// Text after the checksum field (a second "exercises", which the JSON reader lets win) used to pass
    /// as unedited; a learner named like a formula was a formula in a spreadsheet.
    @Test func appendedFieldsAreEditsAndFormulasAreNotFormulas() throws {
        let text = String(decoding: Self.export("=HYPERLINK(\"http://x\")", done: ["a/one": false]), as: UTF8.self)
        let appended = String(text.dropLast(3)) + ",\n  \"exercises\": [{\"lesson\": \"a\", \"status\": \"completed\"}]\n}\n"
        let report = ClassReport(exports: [("ok.json", Data(text.utf8)), ("appended.json", Data(appended.utf8))])
        let byFile = Dictionary(uniqueKeysWithValues: report.learners.map { ($0.file, $0) })
        #expect(byFile["ok.json"]?.checksumMatches == true)
        #expect(byFile["appended.json"]?.checksumMatches == false)
        let row = try #require(report.csv.split(separator: "\n").dropFirst().first)
        #expect(row.hasPrefix("\"'=HYPERLINK(\"\"http://x\"\")\","))
        #expect(ProgressExport.csvField("-1+2") == "\"'-1+2\"" && ProgressExport.csvField("@x") == "\"'@x\"" && ProgressExport.csvField("ada") == "ada")
    }
}
